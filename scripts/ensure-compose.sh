#!/usr/bin/env bash
# Best effort, never fails the run: the Docker Compose plugin, so the tests can also run `docker compose config`
# on docker-compose.yml (no engine is needed for that). test/deploy/compose.test.ts checks the file itself either way.
# Debian 12 packages only Compose v1, and `go install …/compose/v2/cmd@…` is refused (its go.mod has exclude
# directives), so the plugin is built from the module's own source, with its go.mod as the main module.
set -uo pipefail
version=v2.40.3
skip() { echo "docker compose config is skipped: $1 (the compose file's own checks still run)" >&2; exit 0; }
command -v docker >/dev/null 2>&1 || skip "no Docker CLI"
docker compose version >/dev/null 2>&1 && exit 0
plugins="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/watchsync/bin"
install_plugin() { mkdir -p "$plugins" && cp "$1" "$plugins/docker-compose.tmp" && mv "$plugins/docker-compose.tmp" "$plugins/docker-compose"; }
if [ -x "$cache/docker-compose" ]; then
  install_plugin "$cache/docker-compose" && docker compose version >/dev/null 2>&1 && exit 0
fi
command -v go >/dev/null 2>&1 || skip "no Compose plugin and no Go to build it"
echo "Building the Docker Compose plugin $version with Go (once; takes a few minutes)..." >&2
source_dir=$(go mod download -json "github.com/docker/compose/v2@$version" 2>/dev/null | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$source_dir" ] || skip "the Go module proxy did not serve github.com/docker/compose/v2@$version"
mkdir -p "$cache"
(cd "$source_dir" && timeout 1200 go build -trimpath -o "$cache/docker-compose.tmp" ./cmd) >&2
built=$?
if [ "$built" != 0 ]; then
  rm -f "$cache/docker-compose.tmp"
  [ "$built" = 124 ] && skip "building the Compose plugin took over 20 minutes"
  skip "building the Compose plugin failed (go build exit $built)"
fi
mv "$cache/docker-compose.tmp" "$cache/docker-compose"
install_plugin "$cache/docker-compose" || skip "could not install the plugin into $plugins"
docker compose version >&2 || skip "the built plugin does not run"
