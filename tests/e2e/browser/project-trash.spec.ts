// A whole project in the trash, in a Traditional Chinese UI. The project's ⋯ menu renames it and
// moves it to the trash after asking (naming it and how many maps go with it); it leaves the rail
// and its open map closes; the toast's undo brings both back; the trash lists it with its map
// count and the 30-day rule; restoring brings it back with a map that opens; deleting it for good
// (confirmed) removes it, also after a reload. Saves a screenshot of the trash at 1366×768 for a
// person to look at (test-results/shot-project-trash-zh-TW.png).
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, type TestInfo, test } from "@playwright/test";
import { createMap, createProject, openApp, openMap, setUiLanguage } from "../support/board";
import { type Host, repoRoot, startHost } from "../support/host";

let host: Host;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

const PROJECT = "門市取貨旅程專案";
const OTHER = "會員計畫";
const MAP = "顧客生命週期旅程";

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

/** Asks to move the project to the trash and checks the question names it and its one map. */
async function trashProject(page: Page, name: string): Promise<void> {
  await projectItem(page, name).getByTestId("project-menu").click();
  await projectItem(page, name).getByTestId("trash-project").click();
  const confirm = page.getByTestId("confirm-dialog");
  await expect(confirm).toContainText(`要將專案「${name}」及其中的 1 張旅程圖移到垃圾桶嗎？`);
  await expect(confirm).toContainText("30 天內可以從垃圾桶還原這個專案");
  await confirm.getByTestId("confirm-ok").click();
  await expect(confirm).toBeHidden();
}

test("a project with its open map goes to the trash, comes back, and is deleted for good", async ({ page }, testInfo) => {
  await openApp(page, host.url, "小林");
  await setUiLanguage(page, "zh-TW");
  await createProject(page, OTHER);
  await createMap(page, OTHER, "zh-TW");
  await createProject(page, "門市取貨");
  // The project's ⋯ menu renames it too.
  await projectItem(page, "門市取貨").getByTestId("project-menu").click();
  await page.getByTestId("rename-project").click();
  const rename = page.getByRole("textbox", { name: "專案名稱" });
  await expect(rename).toBeFocused();
  await rename.fill(PROJECT);
  await rename.press("Enter");
  await expect(projectItem(page, PROJECT)).toBeVisible();
  await createMap(page, PROJECT, "zh-TW");
  await expect(page.getByTestId("map-title-input")).toHaveValue(MAP);
  const board = page.getByTestId("board");
  const pickMap = page.getByText("在左側選擇一個旅程圖，或先建立專案和旅程圖");

  // Asking and cancelling changes nothing.
  await projectItem(page, PROJECT).getByTestId("project-menu").click();
  await projectItem(page, PROJECT).getByTestId("trash-project").click();
  await page.getByTestId("confirm-dialog").getByRole("button", { name: "取消" }).click();
  await expect(projectItem(page, PROJECT)).toBeVisible();
  await expect(board).toHaveAttribute("data-ready", "true");

  // Moved to the trash: it leaves the rail and its open map closes, without an error.
  await trashProject(page, PROJECT);
  await expect(projectItem(page, PROJECT)).toHaveCount(0);
  await expect(projectItem(page, OTHER)).toBeVisible();
  await expect(board).toBeHidden();
  await expect(pickMap).toBeVisible();
  await expect(page.locator(".error-banner")).toHaveCount(0);
  const toast = page.getByTestId("undo-toast");
  await expect(toast).toContainText(`專案「${PROJECT}」已移到垃圾桶`);

  // Undo brings it back and opens its map again.
  await toast.getByRole("button", { name: "復原" }).click();
  await expect(toast).toBeHidden();
  await expect(projectItem(page, PROJECT).getByTestId("map-item")).toHaveText(new RegExp(MAP));
  await expect(board).toHaveAttribute("data-ready", "true");
  await expect(page.getByTestId("map-title-input")).toHaveValue(MAP);

  // Again, for good this time; a map of the other project goes to the trash on its own too.
  await trashProject(page, PROJECT);
  await expect(projectItem(page, PROJECT)).toHaveCount(0);
  await expect(board).toBeHidden();
  await projectItem(page, OTHER).getByTestId("map-menu").click();
  await page.getByTestId("delete-map").click();
  await expect(projectItem(page, OTHER).getByTestId("map-item")).toHaveCount(0);

  // The trash lists the project with its map count and the 30-day rule; its map is not listed alone.
  await page.getByTestId("trash-open").click();
  const trash = page.getByTestId("trash-dialog");
  await expect(trash.getByTestId("trash-retention")).toHaveText("垃圾桶裡的內容會在 30 天後永久刪除。");
  await expect(trash.getByRole("heading", { name: "專案" })).toBeVisible();
  const trashed = trash.locator("[data-testid=trash-item][data-kind=project]");
  await expect(trashed).toHaveCount(1);
  await expect(trashed.locator(".project-name")).toHaveText(PROJECT);
  await expect(trashed).toContainText("1 張旅程圖");
  await expect(trashed).toContainText("刪除於");
  const trashedMaps = trash.locator("[data-testid=trash-item][data-kind=map]");
  await expect(trashedMaps).toHaveCount(1);
  await expect(trashedMaps).toContainText(`來自 ${OTHER}`);
  await shoot(page, testInfo, "project-trash-zh-TW");

  // Restore: the project is back with its map, which opens.
  await trashed.getByTestId("restore-project").click();
  await expect(trashed).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(trash).toBeHidden();
  await expect(projectItem(page, PROJECT).getByTestId("map-item")).toHaveCount(1);
  await openMap(page, MAP);
  await expect(page.getByTestId("map-title-input")).toHaveValue(MAP);

  // Trash it once more and delete it for good, after a confirmation that names it.
  await trashProject(page, PROJECT);
  await expect(board).toBeHidden();
  await page.getByTestId("trash-open").click();
  await trashed.getByTestId("purge-project").click();
  await expect(trashed).toContainText(`要永久刪除專案「${PROJECT}」及其中的 1 張旅程圖嗎？此動作無法復原。`);
  await trashed.getByTestId("confirm-purge").click();
  await expect(trashed).toHaveCount(0);
  await expect(trashedMaps).toHaveCount(1);
  await page.keyboard.press("Escape");

  // Gone for good, also after a reload: neither on the rail nor in the trash.
  await page.reload();
  await expect(projectItem(page, OTHER)).toBeVisible();
  await expect(projectItem(page, PROJECT)).toHaveCount(0);
  await page.getByTestId("trash-open").click();
  await expect(trash.locator("[data-testid=trash-item][data-kind=map]")).toHaveCount(1);
  await expect(trash.locator("[data-testid=trash-item][data-kind=project]")).toHaveCount(0);
  await expect(page.locator(".error-banner")).toHaveCount(0);
});
