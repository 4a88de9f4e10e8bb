# Troika: `make serve` to use the page, `make test` to check everything.
# The scripts in scripts/ install what each target needs, checking first.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := serve

# wasm-opt from npm binaryen (.tools/) must come before any other on PATH for Trunk.
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# In-browser Rust tests: wasm-bindgen-test-runner drives Debian's Chromium through
# ChromeDriver with the flags in webdriver.json.
export CHROMEDRIVER := /usr/bin/chromedriver
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER := wasm-bindgen-test-runner

ADDRESS := 127.0.0.1
PORT := 8080

.PHONY: serve build release test setup setup-test lint test-native test-web test-e2e bench clean

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup-test.sh

# Serves exactly what `make build` wrote into dist/ (gzip, as a static host would).
serve: build
	node tests/e2e/static-server.mjs dist $(PORT) $(ADDRESS)

build: setup
	@$(MAKE) --no-print-directory release

# The release page into dist/ (wasm-opt -Oz); assumes `make setup` has run.
release:
	trunk build --release

test: setup setup-test
	@$(MAKE) --no-print-directory lint test-native test-web release test-e2e

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --bins -- -D warnings

test-native:
	cargo test

# Only tests/web.rs runs in the browser: unit tests and other integration tests
# may use native-only dev-dependencies (proptest, criterion).
test-web:
	cargo test --target wasm32-unknown-unknown --test web

test-e2e:
	cd tests/e2e && node --test --test-concurrency=1

bench: setup setup-test build
	cargo bench -q --bench engine
	cd tests/e2e && node bench.mjs
	@echo "The engine's scaling in months and channels (criterion): cargo bench --bench simulate"

clean:
	cargo clean
	rm -rf dist tests/e2e/artifacts
