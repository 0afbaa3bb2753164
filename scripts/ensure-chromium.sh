#!/usr/bin/env bash
# Best effort, never fails the run: Debian's chromium for the dashboard's browser tests (test/dashboard), driven by
# playwright-core; no browser is downloaded. Without it those tests are skipped and say why.
set -uo pipefail
skip() { echo "the dashboard's browser tests will be skipped: $1" >&2; exit 0; }
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$browser" ] && exit 0
command -v apt-get >/dev/null 2>&1 || skip "no chromium at $browser and no apt-get to install Debian's"
if [ "$(id -u)" = 0 ]; then as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root=(sudo -n)
else skip "no chromium at $browser, and installing it needs root (or sudo without a password): apt-get install chromium"
fi
echo "Installing Debian's chromium for the dashboard's browser tests (once)..." >&2
if ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >&2; then
  "${as_root[@]}" apt-get update >&2 || skip "apt-get update failed"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >&2 || skip "apt-get install chromium failed"
fi
[ -x "$browser" ] || skip "chromium was installed but is not at $browser (set CHROMIUM_PATH)"
