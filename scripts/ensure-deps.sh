#!/usr/bin/env bash
# Installs npm dependencies when they are missing or older than package-lock.json, exactly as locked:
# `npm ci` never rewrites package-lock.json, so a `git pull` never conflicts with a lock the scripts changed.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm dependencies (npm ci)..." >&2
  npm ci --no-audit --no-fund >&2
fi
