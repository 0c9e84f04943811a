#!/usr/bin/env bash
# What the tests need beyond Python packages:
#  - Debian's chromium, driven by Playwright for Python (never `playwright install`);
#  - node and npm, and ical.js (Thunderbird's iCalendar parser) from the npm registry;
#  - libical (Evolution's and Cyrus's iCalendar library), whose restriction check reads every feed;
#  - a CJK font, so screenshots of Chinese pages show characters.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
ldconfig -p 2>/dev/null | grep -q 'libical\.so\.3 ' || missing+=(libical3)
# Chinese glyphs for the browser tests' screenshots (Chromium draws boxes without a CJK font).
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then as_root=""; elif command -v sudo >/dev/null 2>&1; then as_root="sudo"; else as_root="-"; fi
  if [ "$as_root" = "-" ]; then
    echo "Missing ${missing[*]} and this user cannot install Debian packages: those tests will be skipped." >&2
  else
    echo "Installing Debian packages for the tests: ${missing[*]}"
    $as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

if command -v npm >/dev/null 2>&1; then
  lock=tests/js/package-lock.json stamp=tests/js/node_modules/.package-lock.json
  if [ ! -f "$stamp" ] || [ "$lock" -nt "$stamp" ]; then
    (cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
