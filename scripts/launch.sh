#!/usr/bin/env bash
# Opens the Wayline window, or — on a machine without a display — serves the same data to a
# browser and prints the address to open.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec target/release/wayline-desktop
fi
echo "No display found (neither DISPLAY nor WAYLAND_DISPLAY is set)."
echo "Starting 'wayline serve' on the same data instead."
exec target/release/wayline serve "$@"
