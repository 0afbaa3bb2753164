#!/bin/sh
# The watchsync image's entrypoint: `worker` (default), `bridge`, `watchsync <args>` (the CLI), or any command.
set -e
case "${1:-worker}" in
  # The worker's V8 heap: worker.heap_mb (src/config/schema.ts), 192 MB unless WATCHSYNC_WORKER_HEAP_MB says otherwise.
  worker) if [ $# -gt 0 ]; then shift; fi; exec node --max-old-space-size="${WATCHSYNC_WORKER_HEAP_MB:-192}" /app/dist/worker.js "$@" ;;
  bridge) shift; exec node /app/dist/bridge/main.js "$@" ;;
  watchsync) shift; exec node /app/dist/client/cli.js "$@" ;;
  *) exec "$@" ;;
esac
