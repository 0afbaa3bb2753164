#!/bin/sh
# One-shot job (temporalio/admin-tools): creates Temporal's two PostgreSQL databases on first start and upgrades
# their schemas to what this admin-tools image ships on every start, so bumping the pinned Temporal version in
# docker-compose.yml upgrades the schema before the new server starts. Safe to run again.
# Password from SQL_PASSWORD (env, not argv).
set -eu
: "${SQL_HOST:?}" "${SQL_PORT:?}" "${SQL_USER:?}" "${SQL_PASSWORD:?}"
schema_root=/etc/temporal/schema/postgresql/v12

sql() {
  temporal-sql-tool --plugin postgres12 --ep "$SQL_HOST" -p "$SQL_PORT" -u "$SQL_USER" "$@"
}

for pair in "${TEMPORAL_DB:-temporal}:temporal" "${TEMPORAL_VISIBILITY_DB:-temporal_visibility}:visibility"; do
  db=${pair%%:*}
  dir=${pair#*:}
  if ! out=$(sql --db "$db" create-database 2>&1); then
    case "$out" in
      *"already exists"*) echo "database $db exists" ;;
      *) echo "$out" >&2; exit 1 ;;
    esac
  fi
  sql --db "$db" setup-schema -v 0.0
  sql --db "$db" update-schema -d "$schema_root/$dir/versioned"
  echo "database $db: schema up to date"
done
