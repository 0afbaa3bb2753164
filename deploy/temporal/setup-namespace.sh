#!/bin/sh
# One-shot job (temporalio/admin-tools): waits for the Temporal frontend at $TEMPORAL_ADDRESS (the PostgreSQL-backed
# server, or the single-container dev server of the `lite` profile: both answer as `temporal`), then makes sure
# watchsync's namespace exists with the configured retention and that watchsync's search attributes are registered.
# Safe to run again: it only creates what is missing and updates the retention.
set -eu
: "${TEMPORAL_ADDRESS:?}" "${TEMPORAL_NAMESPACE:?}" "${TEMPORAL_RETENTION:?}" "${WATCHSYNC_SEARCH_ATTRIBUTES:?}"
wait_seconds=${TEMPORAL_WAIT_SECONDS:-600}

deadline=$(($(date +%s) + wait_seconds))
until temporal operator cluster health >/dev/null 2>&1; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "Temporal at $TEMPORAL_ADDRESS did not answer within ${wait_seconds}s" >&2
    temporal operator cluster health >&2 || true
    exit 1
  fi
  sleep 2
done
echo "Temporal at $TEMPORAL_ADDRESS is serving"

ns=$TEMPORAL_NAMESPACE
if temporal operator namespace describe --namespace "$ns" >/dev/null 2>&1; then
  temporal operator namespace update --namespace "$ns" --retention "$TEMPORAL_RETENTION"
  echo "namespace $ns: retention $TEMPORAL_RETENTION"
else
  temporal operator namespace create --namespace "$ns" --retention "$TEMPORAL_RETENTION" \
    --description "watchsync: Plex/Trakt sync, scrobbling, imports"
  echo "namespace $ns created, retention $TEMPORAL_RETENTION"
fi

# A namespace created a moment ago can take a few seconds to reach every frontend cache.
existing=""
for _ in 1 2 3 4 5 6 7 8 9 10; do
  if existing=$(temporal operator search-attribute list --namespace "$ns" 2>/dev/null); then break; fi
  sleep 2
done

for attribute in $WATCHSYNC_SEARCH_ATTRIBUTES; do
  name=${attribute%%=*}
  type=${attribute#*=}
  if printf '%s\n' "$existing" | grep -qw "$name"; then
    echo "search attribute $name exists"
  else
    temporal operator search-attribute create --namespace "$ns" --name "$name" --type "$type"
    echo "search attribute $name ($type) registered"
  fi
done
