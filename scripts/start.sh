#!/usr/bin/env bash
# `npm start`: installs what is missing, then brings up Temporal (unless TEMPORAL_ADDRESS points elsewhere),
# the worker and the bridge; with no accounts configured it runs the demo against the simulator.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
if [ -z "${TEMPORAL_ADDRESS:-}" ]; then TEMPORAL_CLI_PATH="$(bash scripts/ensure-temporal.sh)"; export TEMPORAL_CLI_PATH; fi
DATABASE_URL="$(bash scripts/ensure-postgres.sh)"
export DATABASE_URL
# exec, and node itself with tsx's loader (not npx or the tsx CLI, each a process and a shell more): npm forwards
# SIGINT/SIGTERM to its child, so the signal reaches `watchsync up`, which stops the worker, the bridge and Temporal.
exec node --import tsx src/client/cli.ts up "$@"
