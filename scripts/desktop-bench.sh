#!/usr/bin/env bash
# Start-up time and memory of the desktop app (release build) under Xvfb — `make bench-desktop`.
# Each run starts wayline-desktop and waits for the page to report its project list painted
# (src-tauri/src/commands/startup.rs, with WAYLINE_STARTUP_TRACE=1); the first run is a first
# launch on an empty data folder (the sample project is made), the others a returning user's.
# Three seconds later it sums the PSS of the whole process tree (the app and WebKit's web and
# network processes), then closes the app. Prints one line per run.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${WAYLINE_DESKTOP_BIN:-target/release/wayline-desktop}
runs=${RUNS:-5}
[ -x "$bin" ] || { echo "build it first: cargo build --release -p wayline-desktop" >&2; exit 2; }

display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
work=$(mktemp -d)
trap 'kill "$xvfb" 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 1

descendants() {
  local p
  for p in $(pgrep -P "$1" || true); do
    echo "$p"
    descendants "$p"
  done
}

pss_kib() {
  local total=0 p v
  for p in "$1" $(descendants "$1"); do
    v=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

for run in $(seq 1 "$runs"); do
  log="$work/run-$run.log"
  started=$(date +%s%3N)
  DISPLAY=$display XDG_DATA_HOME="$work/data" WAYLINE_STARTUP_TRACE=1 "$bin" 2>"$log" >/dev/null &
  app=$!
  for _ in $(seq 1 600); do
    grep -q "project list painted" "$log" && break
    sleep 0.1
  done
  line=$(grep "project list painted" "$log" || true)
  if [ -z "$line" ]; then
    echo "run $run: the project list was not reported painted within 60 s" >&2
    kill "$app" 2>/dev/null || true
    wait "$app" 2>/dev/null || true
    continue
  fi
  main_epoch=$(sed -E 's/.*main at epoch ([0-9]+).*/\1/' <<<"$line")
  painted=$(sed -E 's/.*project list painted ([0-9]+).*/\1/' <<<"$line")
  sleep 3
  pss=$(pss_kib "$app")
  kind=$([ "$run" = 1 ] && echo "first launch" || echo "returning")
  echo "run $run ($kind): process start → main $((main_epoch - started)) ms; ${line#*main): }"
  echo "  process start → project list painted $((main_epoch - started + painted)) ms; PSS of the process tree $((pss / 1024)) MiB"
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
done
