#!/usr/bin/env bash
# Prints a DATABASE_URL that answers. Uses $DATABASE_URL when it does; otherwise starts the local Debian
# cluster and creates the watchsync role and database (a development default, loopback only).
set -euo pipefail
default_url="postgres://watchsync:watchsync@127.0.0.1:5432/watchsync"
url="${DATABASE_URL:-$default_url}"

answers() { PGCONNECT_TIMEOUT=3 psql "$1" -Atqc 'select 1' >/dev/null 2>&1; }
answers "$url" && { echo "$url"; exit 0; }
if [ -n "${DATABASE_URL:-}" ] && [ "$DATABASE_URL" != "$default_url" ]; then
  echo "DATABASE_URL is set but PostgreSQL does not answer there; fix it or unset it to use a local cluster." >&2
  exit 1
fi
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "PostgreSQL is not reachable at $url and no local Debian cluster is installed." >&2
  echo "Install it (apt-get install postgresql) or set DATABASE_URL to a server you run." >&2
  exit 1
fi
cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
[ -n "$cluster" ] || { echo "No PostgreSQL cluster exists (pg_createcluster 15 main)." >&2; exit 1; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
# shellcheck disable=SC2086
pg_lsclusters -h | awk '{print $4}' | grep -q online || { echo "Starting PostgreSQL cluster $cluster..." >&2; pg_ctlcluster $cluster start >&2; }
for _ in $(seq 1 30); do as_postgres psql -Atqc 'select 1' >/dev/null 2>&1 && break; sleep 0.5; done
as_postgres psql -v ON_ERROR_STOP=1 -Atq >&2 <<'SQL'
do $$ begin
  if not exists (select from pg_roles where rolname = 'watchsync') then
    create role watchsync login createdb password 'watchsync';
  end if;
end $$;
select 'create database watchsync owner watchsync' where not exists (select from pg_database where datname = 'watchsync')\gexec
SQL
answers "$url" || { echo "PostgreSQL started but $url does not answer." >&2; exit 1; }
echo "$url"
