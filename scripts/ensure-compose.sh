#!/usr/bin/env bash
# The Docker Compose plugin, so the tests can run `docker compose config` on docker-compose.yml (no engine is
# needed for that). Built once from the Go module proxy when the Docker CLI is there but the plugin is not.
# Best effort: without the Docker CLI there is nothing to plug into, and the compose test says so.
set -euo pipefail
version=v2.40.3
command -v docker >/dev/null 2>&1 || { echo "no Docker CLI: docker-compose.yml is checked without 'docker compose config'" >&2; exit 0; }
docker compose version >/dev/null 2>&1 && exit 0
command -v go >/dev/null 2>&1 || { echo "no Go to build the Docker Compose plugin" >&2; exit 0; }
plugins="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"
echo "Building the Docker Compose plugin $version with Go (once)..." >&2
tmp=$(mktemp -d)
GOBIN="$tmp" go install "github.com/docker/compose/v2/cmd@$version" >&2
mkdir -p "$plugins" && mv "$tmp/cmd" "$plugins/docker-compose" && rm -rf "$tmp"
docker compose version >&2
