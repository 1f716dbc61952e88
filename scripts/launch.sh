#!/usr/bin/env bash
# Opens the Wayline window, or — on a machine without a display — serves the same data to a
# browser and prints the address to open.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  missing=$(ldd target/release/wayline-desktop 2>/dev/null | awk '/not found/ {print $1}')
  if [ -n "$missing" ]; then
    echo "error: libraries the Wayline window needs are missing: $missing" >&2
    echo "Install them with: sudo apt-get install libwebkit2gtk-4.1-0   (or run 'make run' again)" >&2
    exit 1
  fi
  # 2: the display is named but cannot be opened (src-tauri/src/display.rs says why).
  status=0
  target/release/wayline-desktop || status=$?
  [ "$status" -eq 2 ] || exit "$status"
  echo "Starting 'wayline serve' on the same data instead."
else
  echo "No display found (neither DISPLAY nor WAYLAND_DISPLAY is set)."
  echo "Starting 'wayline serve' on the same data instead."
fi
exec target/release/wayline serve "$@"
