// Restoring one map from a backup, in a Traditional Chinese UI. "立即備份" makes a backup that holds
// the project and its map; the map is then deleted for good (trash, then purge). The Restore screen
// lists the backup in the UI's locale, shows what it holds before anything is restored, asks before
// restoring (a new map, nothing overwritten), and the map comes back as "…（已還原）" next to the
// current ones, listed in the rail and opening with its cards. Saves screenshots of the dialog at
// 1366×768 for a person to look at (test-results/shot-restore-{contents,confirm,done}-zh-TW.png).
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, type TestInfo, test } from "@playwright/test";
import { cell, createMap, createProject, expectSaved, openApp, setUiLanguage } from "../support/board";
import { type Host, repoRoot, startHost } from "../support/host";

let host: Host;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

const PROJECT = "門市取貨專案";
const MAP = "顧客生命週期旅程";
const RESTORED = "顧客生命週期旅程（已還原）";
const CARD = "門市取貨排隊太久，顧客改到網路下單";

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.mouse.move(5, 5);
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: "image/png" });
  const dir = join(repoRoot, "tests/e2e/test-results");
  mkdirSync(dir, { recursive: true });
  copyFileSync(path, join(dir, `shot-${name}.png`));
}

function projectItem(page: Page, name: string) {
  return page.getByTestId("project-item").filter({ has: page.locator(".project-name", { hasText: new RegExp(`^${name}$`) }) });
}

test("a map deleted for good comes back from a backup as a new map that opens with its cards", async ({ page }, testInfo) => {
  await openApp(page, host.url, "小林");
  await setUiLanguage(page, "zh-TW");
  await createProject(page, PROJECT);
  await createMap(page, PROJECT, "zh-TW");
  await expect(page.getByTestId("map-title-input")).toHaveValue(MAP);
  const where = await cell(page, "觸達", "痛點");
  await where.getByTestId("add-card").click();
  await page.keyboard.insertText(CARD);
  await page.keyboard.press("Escape");
  await expectSaved(page);
  await expect(page.getByTestId("card").filter({ hasText: CARD })).toHaveCount(1);
  const cards = await page.getByTestId("card").count();
  const mapItems = projectItem(page, PROJECT).getByTestId("map-item");
  await expect(mapItems).toHaveCount(1);
  await expect(mapItems).toContainText(`${cards} 張卡片`);

  // No backup yet: the screen says when they are made. Back up now.
  const openRestore = page.getByTestId("restore-open");
  await expect(openRestore).toHaveText("從備份還原…");
  await openRestore.click();
  const dialog = page.getByRole("dialog", { name: "從備份還原" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("restore-empty")).toContainText("每 30 分鐘備份一次，每次結束時也會備份");
  await dialog.getByRole("button", { name: "立即備份" }).click();
  await expect(dialog.getByTestId("backup-made")).toContainText("已建立備份");
  const items = dialog.getByTestId("backup-item");
  await expect(items).toHaveCount(1);
  await expect(items.first()).toHaveAttribute("aria-current", "true");
  await expect(items.first()).toContainText("1 個專案 · 1 張旅程圖");
  // Escape closes it and the focus is back on the rail's button.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(openRestore).toBeFocused();

  // Delete the map for good: to the trash, then purged.
  await mapItems.locator("xpath=..").getByTestId("map-menu").click();
  await page.getByTestId("delete-map").click();
  await expect(mapItems).toHaveCount(0);
  await page.getByTestId("trash-open").click();
  const trash = page.getByTestId("trash-dialog");
  await trash.getByTestId("purge-map").click();
  await trash.getByTestId("confirm-purge").click();
  await expect(trash.getByTestId("trash-empty")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(trash).toBeHidden();

  // The backup is listed with its date in the UI's locale; selecting it shows what it holds.
  await openRestore.click();
  await expect(dialog).toBeVisible();
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText(/\d{4}年\d{1,2}月\d{1,2}日/);
  await expect(items.first()).toContainText("最新");
  await expect(dialog.getByTestId("restore-pick")).toBeVisible();
  await items.first().click();
  const contents = dialog.getByTestId("backup-contents");
  await expect(contents.getByRole("heading", { name: PROJECT })).toBeVisible();
  const backupMap = contents.getByTestId("backup-map");
  await expect(backupMap).toHaveCount(1);
  await expect(backupMap.locator(".map-title")).toHaveText(MAP);
  await expect(backupMap).toContainText(`${cards} 張卡片`);
  const name = await items.first().getAttribute("data-backup-name");
  await expect(contents.getByTestId("restore-command")).toHaveValue(`wayline restore --from ${name}`);
  await shoot(page, testInfo, "restore-contents-zh-TW");

  // Restoring asks first, and says nothing is overwritten.
  await backupMap.getByRole("button", { name: "還原這張旅程圖" }).click();
  const confirm = backupMap.getByTestId("restore-confirm");
  await expect(confirm).toContainText(`要將「${MAP}」還原成`);
  await expect(confirm).toContainText("它會以一張新的旅程圖出現在目前的旅程圖旁邊，不會覆寫或刪除任何內容。");
  await expect(confirm.getByTestId("restore-map-confirm")).toBeFocused();
  await shoot(page, testInfo, "restore-confirm-zh-TW");
  await confirm.getByTestId("restore-map-confirm").click();
  const done = backupMap.getByTestId("restore-done");
  await expect(done).toContainText(`已還原為「${RESTORED}」，位於專案「${PROJECT}」中。`);
  await expect(done.getByRole("button", { name: "開啟旅程圖" })).toBeFocused();
  // The rail has refreshed behind the dialog.
  await expect(mapItems).toHaveCount(1);
  await expect(mapItems.locator(".map-title")).toHaveText(RESTORED);
  await shoot(page, testInfo, "restore-done-zh-TW");

  // Opened from the dialog: the restored map with its cards.
  await done.getByRole("button", { name: "開啟旅程圖" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("board")).toHaveAttribute("data-ready", "true");
  await expect(page.getByTestId("map-title-input")).toHaveValue(RESTORED);
  await expect(mapItems).toHaveAttribute("aria-current", "page");
  await expect((await cell(page, "觸達", "痛點")).getByTestId("card").filter({ hasText: CARD })).toHaveCount(1);
  await expect(page.getByTestId("card")).toHaveCount(cards);
  await expect(page.locator(".error-banner")).toHaveCount(0);
});
