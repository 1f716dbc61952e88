#!/usr/bin/env bash
# Every check and test of the project, in the order that lets later steps reuse earlier builds.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Rust formatting"
cargo fmt --all --check

step "UI: type-check, lint, unit tests, build"
(cd ui && npm run typecheck && npm run lint && npm test && npm run build)
(cd tests/e2e && npx tsc -p .)

step "Clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests: model, store, host (real SQLite files and WebSocket clients)"
cargo test --workspace --locked

step "Workshop discovery (mDNS) inside a network namespace of the test's own"
# Multicast needs a network; a fresh namespace's loopback gives one that reaches nothing else.
if [ "$(id -u)" -eq 0 ] && command -v ip >/dev/null 2>&1; then
  ns="wayline-mdns-$$"
  ip netns add "$ns"
  trap 'ip netns del "$ns" 2>/dev/null || true' EXIT
  ip netns exec "$ns" sh -c 'ip link set lo up && ip link set lo multicast on &&
    ip route add 224.0.0.0/4 dev lo &&
    cargo test --locked -p wayline-host --test mdns -- --ignored'
  ip netns del "$ns"
  trap - EXIT
else
  echo "skipped: a network namespace needs root (sudo make test runs it)"
fi

step "Build the command line and the desktop app"
cargo build --locked -p wayline-cli -p wayline-desktop

step "End-to-end tests in Chromium against wayline serve"
(cd tests/e2e && npx playwright test --project=browser)

step "Desktop smoke test: the real window under Xvfb through WebKitWebDriver"
(cd tests/e2e && xvfb-run -a -s "-screen 0 1440x900x24" npx playwright test --project=desktop)
