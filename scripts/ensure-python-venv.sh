#!/usr/bin/env bash
# Prints the python of a virtualenv holding the given PyPI requirements, creating it once and reusing it after.
#   scripts/ensure-python-venv.sh NAME REQUIREMENT...      e.g.  ensure-python-venv.sh plexapi 'plexapi==4.18.3'
# The venv lives outside the repo: ${XDG_CACHE_HOME:-$HOME/.cache}/watchsync/venv-NAME. It is rebuilt when the
# requirements change. Concurrent callers wait for each other (flock). On failure it exits non-zero with one line
# on stderr saying why (no Python 3, no venv module, PyPI unreachable or the install failed), for callers to report.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 NAME REQUIREMENT..." >&2
  exit 2
fi
name=$1
shift
case "$name" in *[!A-Za-z0-9._-]*) echo "venv name '$name' may hold only letters, digits, '.', '_' and '-'" >&2; exit 2 ;; esac

python=${PYTHON:-$(command -v python3 || true)}
if [ -z "$python" ] || ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
  echo "no Python 3.9 or newer found (set PYTHON=/path/to/python3)" >&2
  exit 3
fi

cache="${XDG_CACHE_HOME:-$HOME/.cache}/watchsync"
venv="$cache/venv-$name"
wanted="$("$python" -c 'import sys; print(sys.version.split()[0])') $*"
mkdir -p "$cache"
exec 9>"$cache/venv-$name.lock"
command -v flock >/dev/null 2>&1 && flock 9

# The stamp is written last, so a venv whose install was interrupted is rebuilt.
if [ -f "$venv/.watchsync-requirements" ] && [ "$(cat "$venv/.watchsync-requirements")" = "$wanted" ]; then
  echo "$venv/bin/python"
  exit 0
fi

rm -rf "$venv"
if ! "$python" -m venv "$venv" >&2; then
  echo "could not create a venv with $python (on Debian/Ubuntu: apt-get install python3-venv)" >&2
  exit 3
fi
if ! "$venv/bin/python" -m pip install --disable-pip-version-check --quiet "$@" >&2; then
  rm -rf "$venv"
  echo "pip could not install $* (pip says why above: offline, PyPI unreachable, or no such release)" >&2
  exit 4
fi
echo "$wanted" >"$venv/.watchsync-requirements"
echo "$venv/bin/python"
