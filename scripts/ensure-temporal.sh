#!/usr/bin/env bash
# Prints the path of a Temporal CLI, building it once with Go when none is found.
# Search order: $TEMPORAL_CLI_PATH, PATH, ./.tools/bin, the per-user cache (~/.cache/watchsync/bin).
set -euo pipefail
cd "$(dirname "$0")/.."
version=v1.5.1
cache="${XDG_CACHE_HOME:-$HOME/.cache}/watchsync/bin"

found() { echo "$1"; exit 0; }
[ -n "${TEMPORAL_CLI_PATH:-}" ] && [ -x "$TEMPORAL_CLI_PATH" ] && found "$TEMPORAL_CLI_PATH"
command -v temporal >/dev/null 2>&1 && found "$(command -v temporal)"
cache_it() { mkdir -p "$cache" && cp .tools/bin/temporal "$cache/temporal.tmp" && mv "$cache/temporal.tmp" "$cache/temporal"; }
if [ -x .tools/bin/temporal ]; then [ -x "$cache/temporal" ] || cache_it; found "$PWD/.tools/bin/temporal"; fi
[ -x "$cache/temporal" ] && found "$cache/temporal"

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
watchsync needs the Temporal CLI ($version or newer) to run a local Temporal server, and none was found.
Install it one of these ways, then run the command again:
  - Homebrew:  brew install temporal
  - Release:   download from https://github.com/temporalio/cli/releases and put 'temporal' on your PATH
               (or set TEMPORAL_CLI_PATH=/path/to/temporal)
  - Docker:    docker run --rm -p 7233:7233 -p 8233:8233 temporalio/temporal:1.5.1 server start-dev --ip 0.0.0.0
               and set TEMPORAL_ADDRESS=localhost:7233
  - Go:        install Go, and this script builds it for you.
MSG
  exit 1
fi

echo "Building the Temporal CLI $version with Go (once; takes a few minutes)..." >&2
mkdir -p .tools/bin
if ! GOBIN="$PWD/.tools/bin" go install "github.com/temporalio/cli/cmd/temporal@$version" >&2; then
  echo "The Temporal CLI build failed. Go reaches modules through this environment:" >&2
  go env GOPROXY GOSUMDB GOTOOLCHAIN >&2
  exit 1
fi
cache_it
found "$PWD/.tools/bin/temporal"
