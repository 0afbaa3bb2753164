#!/usr/bin/env bash
# `npm start`: installs what is missing, then brings up Temporal (unless TEMPORAL_ADDRESS points elsewhere),
# the worker and the bridge; with no accounts configured it runs the demo against the simulator.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
if [ -z "${TEMPORAL_ADDRESS:-}" ]; then TEMPORAL_CLI_PATH="$(bash scripts/ensure-temporal.sh)"; export TEMPORAL_CLI_PATH; fi
DATABASE_URL="$(bash scripts/ensure-postgres.sh)"
export DATABASE_URL
exec npx tsx src/client/cli.ts up "$@"
