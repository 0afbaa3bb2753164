#!/usr/bin/env bash
# `npm test`: everything the tests need (npm packages, the Temporal CLI, PostgreSQL), then the suite.
# vitest's global setup (test/setup/global.ts) starts one Temporal dev server for the whole run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
TEMPORAL_CLI_PATH="$(bash scripts/ensure-temporal.sh)"
DATABASE_URL="$(bash scripts/ensure-postgres.sh)"
export TEMPORAL_CLI_PATH DATABASE_URL
bash scripts/ensure-compose.sh || true  # best effort: it says why it skipped
bash scripts/ensure-chromium.sh || true  # best effort: without it the dashboard's browser tests say why they skip
npx tsc --noEmit
npx biome check src test bench scripts bin
exec npx vitest run "$@"
