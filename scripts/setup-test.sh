#!/usr/bin/env bash
# Installs what `make test` needs beyond scripts/setup.sh: Debian's Chromium and
# ChromeDriver (never a tool's own browser download), CJK fonts for screenshots,
# poppler-utils (the printed plan report as PNGs) and python3 (its csv module reads our CSV),
# and the end-to-end test packages from tests/e2e/package-lock.json.
# Every step checks first, so a second run takes seconds.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'setup-test: %s\n' "$*"; }

# 1. Debian packages; `apt-get update` only when one is missing.
missing=()
for pkg in chromium chromium-driver fonts-noto-cjk poppler-utils python3; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]} == 0)); then
  say "chromium, chromium-driver, fonts-noto-cjk, poppler-utils, python3: present"
else
  say "installing ${missing[*]}"
  sudo=()
  if ((EUID != 0)); then sudo=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q "${missing[@]}"
fi

# 2. The end-to-end test packages (playwright-core drives /usr/bin/chromium; it
#    downloads no browser of its own).
stamp="tests/e2e/node_modules/.troika-lock"
if [[ -d tests/e2e/node_modules/playwright-core ]] && cmp -s tests/e2e/package-lock.json "$stamp"; then
  say "tests/e2e node packages: present"
else
  say "installing tests/e2e node packages (npm ci)"
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
  cp tests/e2e/package-lock.json "$stamp"
fi
