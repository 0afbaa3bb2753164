#!/bin/sh
# The watchsync image's entrypoint: `worker` (default), `bridge`, `watchsync <args>` (the CLI), or any command.
set -e
case "${1:-worker}" in
  worker) if [ $# -gt 0 ]; then shift; fi; exec node /app/dist/worker.js "$@" ;;
  bridge) shift; exec node /app/dist/bridge/main.js "$@" ;;
  watchsync) shift; exec node /app/dist/client/cli.js "$@" ;;
  *) exec "$@" ;;
esac
