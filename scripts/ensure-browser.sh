#!/usr/bin/env bash
# Makes sure the Chromium that the console's browser tests drive (playwright-core with executablePath) is installed.
# Debian's package only: Playwright's own browser download cannot work here, and a missing browser must stop the run
# with one clear message, never turn into skipped tests.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$EUID" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests"
  if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null && [ -x "$CHROMIUM" ]; then
    exit 0
  fi
fi
echo "the browser tests need Chromium at $CHROMIUM and it could not be installed: as root run" \
  "'apt-get update && apt-get install -y chromium'" >&2
exit 1
