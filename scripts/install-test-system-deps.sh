#!/usr/bin/env bash
# What the browser tests need from Debian: chromium (driven by Playwright for Python).
# Never `playwright install`: the tests launch /usr/bin/chromium itself.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "chromium is missing and this user cannot install it: the browser tests will be skipped." >&2
  exit 0
fi
echo "Installing Debian's chromium for the browser tests..."
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq chromium >/dev/null
