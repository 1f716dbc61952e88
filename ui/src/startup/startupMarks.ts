// Tells the desktop shell when the project list is first painted (src-tauri commands/startup.rs),
// with this page's own marks, for the start-up benchmark (scripts/desktop-bench.sh). Imported
// first by main.tsx, so `scriptStart` is when the app's script began to run. Nothing is sent in a
// plain browser.
import { desktopShell, type TauriInternals } from "../api/export";
import { afterNextFrame } from "../components/shared/afterNextFrame";

const scriptStart = performance.now();
let reported = false;

/** Reports, once, after the frame that paints what was just rendered. */
export function reportProjectListPainted(shell: TauriInternals | null = desktopShell()): void {
  if (reported || !shell) return;
  reported = true;
  afterNextFrame(() => {
    const marks = { timeOrigin: performance.timeOrigin, scriptStart, painted: performance.now() };
    shell.invoke("startup_painted", { marks }).catch(() => {
      // an older shell without the command: nothing to measure
    });
  });
}
