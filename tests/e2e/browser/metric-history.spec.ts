// A metric keeps measuring after the workshop (zh-CN sample map): the NPS tile shows its trend
// and the change since the value before; a survey export with a bad line imports nothing and
// names the line and column; the corrected file imports, moves the current value and the
// change, and survives a reload; a value recorded on the tile joins the history; the values
// exported as CSV from the Export dialog are the file the import reads back.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { cell, expectSaved, openApp, reloadBoard, setUiLanguage } from "../support/board";
import { type Host, startHost } from "../support/host";

let host: Host;
test.beforeEach(async () => {
  host = await startHost([]);
});
test.afterEach(async () => {
  await host.stop();
});

async function importFile(page: Page, path: string): Promise<void> {
  await page.getByTestId("lane-title").filter({ hasText: "体验指标" }).getByTestId("lane-menu").click();
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByTestId("metric-import").click()]);
  await chooser.setFiles(path);
}

test("a survey export becomes the NPS history; a bad line imports nothing (zh-CN)", async ({ page }, info) => {
  await openApp(page, host.url);
  await setUiLanguage(page, "zh-CN");
  await page.getByTestId("map-item").first().click();
  await expect(page.getByTestId("board")).toHaveAttribute("data-ready", "true");
  const nps = (await cell(page, "忠诚", "体验指标")).getByTestId("metric-tile").filter({ hasText: "NPS" });
  await expect(nps.getByTestId("metric-trend")).toBeVisible();
  await expect(nps.getByTestId("metric-change")).toContainText("+3");
  await expect(nps.getByTestId("metric-current")).toHaveValue("34");

  mkdirSync(info.outputDir, { recursive: true });
  const bad = join(info.outputDir, "nps-bad.csv");
  const good = join(info.outputDir, "nps.csv");
  writeFileSync(bad, "阶段,指标,日期,数值\n忠诚,NPS,2027-03-31,38\n忠诚,NPS,2027-06-30,很多\n");
  writeFileSync(good, "\uFEFF阶段,指标,日期,数值\r\n忠诚,NPS 净推荐值,2027-03-31,36\r\n忠诚,nps,2027-06-30,３８\r\n");

  await importFile(page, bad);
  const problems = page.getByTestId("import-problems");
  await expect(problems).toBeVisible();
  await expect(problems.getByTestId("import-problem")).toHaveText(["第 3 行第 4 列： “很多”不是数字。"]);
  await problems.getByTestId("import-problems-close").click();
  await expect(problems).toBeHidden();
  await expect(nps.getByTestId("metric-current")).toHaveValue("34");

  await importFile(page, good);
  await expect(page.getByTestId("import-notice")).toContainText("已导入 2 个测量值");
  await expect(nps.getByTestId("metric-current")).toHaveValue("38");
  await expect(nps.getByTestId("metric-change")).toContainText("较 2027-03-31 +2");
  await expectSaved(page);
  await page.screenshot({ path: join(info.outputDir, "metric-history-zh-CN.png") });

  await reloadBoard(page);
  await expect(nps.getByTestId("metric-current")).toHaveValue("38");
  await expect(nps.getByTestId("metric-trend").locator("svg")).toHaveAttribute("aria-label", /2027-06-30: 38/);

  // A value recorded on the tile joins the history.
  await nps.getByTestId("metric-settings").click();
  await nps.getByTestId("metric-record-date").fill("2027-09-30");
  await nps.getByTestId("metric-record-value").fill("41");
  await nps.getByTestId("metric-record").click();
  await expect(nps.getByTestId("metric-current")).toHaveValue("41");
  await expect(nps.getByTestId("metric-change")).toContainText("较 2027-06-30 +3");
  await expectSaved(page);

  // Exported as the import reads it, and read back: every value, nothing changed.
  await page.getByTestId("export-open").click();
  const dialog = page.getByTestId("export-dialog");
  await dialog.getByTestId("export-format").selectOption("metrics-csv");
  const [download] = await Promise.all([page.waitForEvent("download"), dialog.getByTestId("export-go").click()]);
  expect(download.suggestedFilename()).toMatch(/-metrics\.csv$/);
  const exported = readFileSync(await download.path(), "utf8");
  const lines = exported.replace(/^\uFEFF/, "").trim().split(/\r?\n/);
  expect(lines[0]).toBe("阶段,指标,日期,数值");
  expect(lines).toContain("忠诚,NPS 净推荐值,2027-06-30,38");
  expect(lines).toContain("忠诚,NPS 净推荐值,2027-09-30,41");
  await page.keyboard.press("Escape");
  const again = join(info.outputDir, "exported.csv");
  writeFileSync(again, exported);
  await importFile(page, again);
  await expect(page.getByTestId("import-notice")).toContainText(`已导入 ${lines.length - 1} 个测量值`);
  await expect(nps.getByTestId("metric-current")).toHaveValue("41");
});
