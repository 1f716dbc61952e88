// "Export everything…" on the Restore screen in a browser, in a Traditional Chinese UI: every
// project comes down as a `.wayline` bundle download, one after another; each file is a bundle of
// its project (format "wayline-bundle", its maps inside), and the Chinese project's file keeps its
// Chinese name. With no project at all, the screen says there is nothing to export yet.
import { readFileSync } from "node:fs";
import { type Download, expect, test } from "@playwright/test";
import { createMap, createProject, openApp, setUiLanguage } from "../support/board";
import { type Host, startHost } from "../support/host";

let host: Host;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

const CHINESE = "門市取貨專案";
const LATIN = "Workshop Results";

interface Bundle {
  format: string;
  version: number;
  content: { project: string; maps: { title: string }[] };
}

test("Export everything downloads every project as a bundle, the Chinese name kept", async ({ page }) => {
  await openApp(page, host.url, "小林");
  await setUiLanguage(page, "zh-TW");
  await expect(page.getByTestId("project-item")).toHaveCount(0);

  // With no project yet there is nothing to export.
  await page.getByTestId("restore-open").click();
  const dialog = page.getByRole("dialog", { name: "從備份還原" });
  await expect(dialog).toBeVisible();
  const button = dialog.getByTestId("export-everything");
  await expect(button).toHaveText("全部匯出…");
  await expect(dialog.getByTestId("export-everything-hint")).toContainText("瀏覽器可能會詢問一次是否允許此網頁下載多個檔案");
  await button.click();
  await expect(dialog.getByTestId("export-everything-empty")).toHaveText("目前還沒有可匯出的內容：沒有任何專案。");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  await createProject(page, CHINESE);
  await createMap(page, CHINESE, "zh-TW");
  await createProject(page, LATIN);

  await page.getByTestId("restore-open").click();
  await expect(dialog).toBeVisible();
  const downloads: Download[] = [];
  page.on("download", (d) => downloads.push(d));
  const first = page.waitForEvent("download");
  await button.click();
  await first;
  await expect(dialog.getByTestId("export-everything-done")).toHaveText("✓ 已下載 2 個專案");
  await expect(button).toBeEnabled();
  await expect(dialog.getByRole("alert")).toHaveCount(0);
  expect(downloads).toHaveLength(2);

  const files = new Map<string, Bundle>();
  for (const d of downloads) {
    files.set(d.suggestedFilename(), JSON.parse(readFileSync(await d.path(), "utf8")) as Bundle);
  }
  expect([...files.keys()].sort()).toEqual([`${CHINESE}.wayline`, "Workshop-Results.wayline"].sort());
  for (const bundle of files.values()) {
    expect(bundle.format).toBe("wayline-bundle");
    expect(bundle.version).toBeGreaterThan(0);
  }
  const chinese = files.get(`${CHINESE}.wayline`);
  expect(chinese?.content.project).toBe(CHINESE);
  expect(chinese?.content.maps).toHaveLength(1);
  expect(files.get("Workshop-Results.wayline")?.content).toMatchObject({ project: LATIN, maps: [] });
});
