#!/usr/bin/env bash
# Installs what `make serve` and `make build` need: the wasm32 target, Trunk, the
# wasm-bindgen CLI matching Cargo.lock, and wasm-opt (npm binaryen) and terser in .tools/.
# Every step checks first, so a second run takes seconds.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"
export PATH="$root/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

trunk_version=0.21.14

say() { printf 'setup: %s\n' "$*"; }

# 1. The wasm32 target for the page.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown target: present"
else
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. Trunk, exactly this version (0.22 needs a newer rustc). A cold install takes ~15 min.
if [[ "$(trunk --version 2>/dev/null || true)" == "trunk $trunk_version" ]]; then
  say "trunk $trunk_version: present"
else
  say "installing trunk $trunk_version (about 15 minutes on 2 cores)"
  cargo install trunk --version "$trunk_version" --locked --force
fi

# 3. wasm-bindgen CLI (also provides wasm-bindgen-test-runner): must equal the
#    wasm-bindgen version in Cargo.lock. Installed without --locked: a locked
#    dependency of the CLI is missing from the registry.
wb_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [[ -z "$wb_version" ]]; then
  echo "setup: cannot read the wasm-bindgen version from Cargo.lock" >&2
  exit 1
fi
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" == "wasm-bindgen $wb_version" ]] &&
  [[ "$(wasm-bindgen-test-runner --version 2>/dev/null || true)" == *" $wb_version"* ]]; then
  say "wasm-bindgen-cli $wb_version: present"
else
  say "installing wasm-bindgen-cli $wb_version (about 5 minutes)"
  cargo install wasm-bindgen-cli --version "$wb_version" --force
fi

# 4. wasm-opt from npm binaryen, and terser (scripts/post-build.mjs minifies the pages' JS with
#    it), into the git-ignored .tools/ from the committed lock file.
#    Debian's binaryen (108) produces a wasm that dies in the browser.
stamp=".tools/node_modules/.troika-lock"
if [[ -x .tools/node_modules/.bin/wasm-opt ]] && [[ -f .tools/node_modules/terser/package.json ]] && cmp -s scripts/tools/package-lock.json "$stamp" &&
  cmp -s scripts/tools/package.json .tools/package.json; then
  say "wasm-opt: $(wasm-opt --version)"
else
  say "installing wasm-opt (npm binaryen) and terser into .tools/"
  mkdir -p .tools
  cp scripts/tools/package.json scripts/tools/package-lock.json .tools/
  (cd .tools && npm ci --no-audit --no-fund --loglevel=error)
  cp scripts/tools/package-lock.json "$stamp"
  say "wasm-opt: $(wasm-opt --version)"
fi
