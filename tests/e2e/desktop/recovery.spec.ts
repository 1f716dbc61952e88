// The real desktop window on a data file that cannot be opened: the recovery screen explains it
// in the user's words and its choice runs in the desktop shell — here the newest good backup
// comes back, and the damaged file is kept beside it, byte for byte.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { cliBin, desktopBin } from "../support/desktop";
import { startDriver, WebDriver } from "../support/webdriver";

test("desktop window: a damaged data file is explained and the newest backup restored", async ({}, info) => {
  test.skip(!process.env.DISPLAY, "needs a display (make test runs this under Xvfb)");
  const dataDir = mkdtempSync(join(tmpdir(), "wayline-recovery-"));
  execFileSync(cliBin, ["demo", "--data", dataDir, "--lang", "zh-TW"]);
  execFileSync(cliBin, ["backup", "--data", dataDir]);
  const garbage = Buffer.alloc(64 * 1024, 0x5a);
  writeFileSync(join(dataDir, "wayline.sqlite3"), garbage);

  const { proc: driverProc, url: driverUrl } = await startDriver({ WAYLINE_DATA_DIR: dataDir });
  let wd: WebDriver | undefined;
  let restarted = 0;
  try {
    wd = await WebDriver.start(driverUrl, {
      "webkitgtk:browserOptions": { binary: desktopBin, args: [] },
    });
    await wd.waitFor("return document.querySelector('[data-testid=startup-error]')", "the recovery screen");
    await wd.waitFor(
      "const b = document.querySelector('[data-testid=startup-choice-restore_backup]'); return b && !b.disabled",
      "the restore choice with its backup",
    );
    // No host is running, yet the screen draws with the shipped fonts: the app itself serves them.
    await wd.waitFor(
      "return [...document.fonts].some(f => f.status === 'loaded' && f.family.replaceAll('\"', '') === 'Noto Sans SC')",
      "the shipped fonts without a host",
    );
    const screen = await wd.script<string>("return document.querySelector('[data-testid=startup-error]').innerText");
    expect(screen).toContain("wayline-"); // the log folder and the backup are named
    writeFileSync(info.outputPath("recovery-screen.png"), await wd.screenshot());

    await wd.click("[data-testid=startup-choice-restore_backup]");
    await wd.waitFor("return document.querySelector('[data-testid=confirm-ok]')", "the confirmation");
    await wd.click("[data-testid=confirm-ok]");
    await wd.waitFor("return document.querySelector('[data-testid=startup-result]')", "the result", 20_000);
    const kept = await wd.script<string>(
      "return document.querySelector('[data-testid=startup-kept-as]')?.textContent ?? ''",
    );
    expect(kept).toContain("wayline.sqlite3.damaged-");
    writeFileSync(info.outputPath("recovery-result.png"), await wd.screenshot());

    // "Open Wayline" starts the app anew: its host opens the restored file and says where it is.
    // The window goes away during the call: its answer may be an error.
    await wd.script("document.querySelector('[data-testid=startup-open]').click()").catch(() => undefined);
    const lock = join(dataDir, "host.lock");
    await expect
      .poll(() => {
        try {
          return (JSON.parse(readFileSync(lock, "utf8")) as { pid?: number }).pid ?? 0;
        } catch {
          return 0;
        }
      }, { timeout: 30_000 })
      .toBeGreaterThan(0);
    restarted = (JSON.parse(readFileSync(lock, "utf8")) as { pid: number }).pid;
  } finally {
    await wd?.quit().catch(() => undefined);
    if (restarted) process.kill(restarted, "SIGTERM");
    const exited = new Promise((r) => driverProc.once("exit", r));
    driverProc.kill("SIGTERM");
    await exited;
  }
  try {
    // The restored file is healthy; the damaged one is kept, unchanged.
    const check = execFileSync(cliBin, ["check", "--data", dataDir]).toString();
    expect(check).toContain("integrity ok");
    expect(check).toContain("1 projects, 1 maps");
    const aside = readdirSync(dataDir).filter((f) => f.startsWith("wayline.sqlite3.damaged-"));
    expect(aside.length).toBe(1);
    expect(readFileSync(join(dataDir, aside[0] as string)).equals(garbage)).toBe(true);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
