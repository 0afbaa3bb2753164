#!/usr/bin/env bash
# Installs npm dependencies when they are missing or older than package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm dependencies..." >&2
  # `npm install`, not `npm ci`: the lock file as npm 11 writes it here leaves out other platforms' optional
  # binaries (biome, swc, esbuild), which `npm ci` refuses; `install` keeps every locked version all the same.
  npm install --no-audit --no-fund >&2
fi
