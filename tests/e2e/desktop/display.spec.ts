// A display that is named but cannot be opened (an SSH session's forwarding closed, a virtual
// display stopped): the desktop app says so and exits with the status `scripts/launch.sh` falls
// back on (serving the data to a browser), before its host takes the data folder, instead of
// panicking inside the windowing library.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { desktopBin } from "../support/desktop";

test("desktop app: a display that cannot be opened gets a clear message and exit status 2", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "wayline-nodisplay-"));
  try {
    // X11 only: GTK would otherwise reach a Wayland session through its default socket.
    const env: NodeJS.ProcessEnv = { ...process.env, DISPLAY: ":4242", GDK_BACKEND: "x11", WAYLINE_DATA_DIR: dataDir };
    delete env.WAYLAND_DISPLAY;
    const run = spawnSync(desktopBin, [], { env, encoding: "utf8", timeout: 60_000 });
    expect(run.error).toBeUndefined();
    expect(run.signal).toBeNull();
    expect(run.stderr).toContain("cannot open the display :4242");
    expect(run.stderr).toContain("wayline serve --data");
    expect(run.stderr).not.toContain("panicked");
    expect(run.status).toBe(2);
    // The host never started: the folder is free for `wayline serve`.
    expect(existsSync(join(dataDir, "host.lock"))).toBe(false);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
