// Marks the page's root element with the shell it runs in (`data-shell="desktop"` in the desktop
// window), for the few style rules that differ by engine: the board's per-cell compositor layers
// help Chromium repaint less but cost the desktop window's WebKit ~50 MiB under software
// compositing (lanes.css, docs/benchmarks.md "2 Dec, night").
import { desktopShell } from "../api/export";

export function markShell(
  root: HTMLElement = document.documentElement,
  win: Window = window,
): void {
  if (desktopShell(win)) root.dataset.shell = "desktop";
  else delete root.dataset.shell;
}
