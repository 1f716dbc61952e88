// The real desktop window puts a whole backup back from the Restore screen: the request is
// recorded, the app restarts, the current data is backed up first, and the backup is in place
// before the host opens the file.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { cliBin, desktopBin } from "../support/desktop";
import { startDriver, WebDriver } from "../support/webdriver";

test("desktop window: a whole backup is put back from the Restore screen, the current data backed up first", async ({}, info) => {
  test.skip(!process.env.DISPLAY, "needs a display (make test runs this under Xvfb)");
  const dataDir = mkdtempSync(join(tmpdir(), "wayline-restore-whole-"));
  // One project in the backup; a second one made after it.
  execFileSync(cliBin, ["demo", "--data", dataDir, "--lang", "zh-TW"]);
  execFileSync(cliBin, ["backup", "--data", dataDir]);
  execFileSync(cliBin, ["demo", "--data", dataDir, "--lang", "en"]);
  const backupsBefore = readdirSync(join(dataDir, "backups")).length;

  const { proc: driverProc, url: driverUrl } = await startDriver({ WAYLINE_DATA_DIR: dataDir });
  let wd: WebDriver | undefined;
  let restarted = 0;
  try {
    wd = await WebDriver.start(driverUrl, {
      "webkitgtk:browserOptions": { binary: desktopBin, args: [] },
    });
    await wd.waitFor(
      "return document.querySelectorAll('[data-testid=project-item]').length === 2",
      "both projects",
    );
    await wd.click("[data-testid=restore-open]");
    await wd.waitFor("return document.querySelector('[data-testid=backup-item]')", "the backup list");
    await wd.click("[data-testid=backup-item]");
    // The backup's contents load above the whole-file box and push it down: a click aimed before
    // they are in lands where the button was.
    await wd.waitFor(
      "return document.querySelector('[data-testid=backup-contents]')?.getAttribute('aria-busy') === 'false' && document.querySelector('[data-testid=backup-map]')",
      "the backup's contents",
    );
    await wd.waitFor("return document.querySelector('[data-testid=restore-whole-file]')", "the whole-file restore");
    await wd.click("[data-testid=restore-whole-file]");
    await wd.waitFor("return document.querySelector('[data-testid=confirm-ok]')", "the confirmation");
    writeFileSync(info.outputPath("restore-whole-confirm.png"), await wd.screenshot());
    const before = readFileSync(join(dataDir, "host.lock"), "utf8");
    await wd.script("document.querySelector('[data-testid=confirm-ok]').click()").catch(() => undefined);
    // The app starts anew and its host, on the restored file, publishes itself.
    await expect
      .poll(() => {
        try {
          const now = readFileSync(join(dataDir, "host.lock"), "utf8");
          return now !== before ? ((JSON.parse(now) as { pid?: number }).pid ?? 0) : 0;
        } catch {
          return 0;
        }
      }, { timeout: 30_000 })
      .toBeGreaterThan(0);
    restarted = (JSON.parse(readFileSync(join(dataDir, "host.lock"), "utf8")) as { pid: number }).pid;
  } finally {
    await wd?.quit().catch(() => undefined);
    if (restarted) process.kill(restarted, "SIGTERM");
    const exited = new Promise((r) => driverProc.once("exit", r));
    driverProc.kill("SIGTERM");
    await exited;
  }
  try {
    // Let the restarted app finish stopping before the folder is read.
    await new Promise((r) => setTimeout(r, 1500));
    const list = execFileSync(cliBin, ["list", "--data", dataDir]).toString();
    expect(list).toContain("範例：網店顧客旅程");
    expect(list).not.toContain("Sample: online shop");
    // What was there before the restore is a backup of its own.
    expect(readdirSync(join(dataDir, "backups")).length).toBeGreaterThan(backupsBefore);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
