// Metric numbers as people type them: thousands separators and full-width digits are understood,
// an impossible value (an NPS of 1000) and a non-number are refused with a message that stays
// until the value is corrected, and nothing refused is stored.
import { expect, type Page, test } from "@playwright/test";
import { cell, createMap, createProject, expectSaved, openApp, reloadBoard, setUiLanguage } from "../support/board";
import { type Host, startHost } from "../support/host";

let host: Host;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

async function newTile(page: Page, stage: string, lane: string, kind: string) {
  const metrics = await cell(page, stage, lane);
  const tiles = metrics.getByTestId("metric-tile");
  const ids = () => tiles.evaluateAll((all) => all.map((t) => t.getAttribute("data-metric-id")));
  const before = await ids();
  await metrics.getByTestId("add-metric-kind").selectOption(kind);
  await metrics.getByTestId("add-metric").click();
  await expect(tiles).toHaveCount(before.length + 1);
  const added = (await ids()).find((id) => !before.includes(id));
  return metrics.locator(`[data-metric-id="${added}"]`);
}

test("zh-CN: 1,200 seconds is 1200, an NPS of 1000 is refused, and both survive a reload as typed", async ({ page }) => {
  await openApp(page, host.url, "小王");
  await setUiLanguage(page, "zh-CN");
  await createProject(page, "指标");
  await createMap(page, "指标", "zh-CN");
  const hold = await newTile(page, "获客", "体验指标", "call_hold_time");
  const current = hold.getByTestId("metric-current");
  await current.fill("1,200");
  await current.press("Enter");
  await expect(hold.getByTestId("metric-error")).toHaveCount(0);
  await expect(current).toHaveValue("1200");

  const nps = await newTile(page, "获客", "体验指标", "nps");
  const npsCurrent = nps.getByTestId("metric-current");
  await npsCurrent.fill("1000");
  await npsCurrent.press("Enter");
  await expect(nps.getByTestId("metric-error")).toHaveText("此指标的取值应在 -100 到 100 之间；未保存");
  await expect(npsCurrent).toHaveAttribute("aria-invalid", "true");
  // Leaving the field keeps what was typed and the message, so it can be corrected.
  await page.locator(".board-grid > .corner").click();
  await expect(npsCurrent).toHaveValue("1000");
  await expect(nps.getByTestId("metric-error")).toBeVisible();
  await npsCurrent.fill("－１２");
  await npsCurrent.press("Enter");
  await expect(nps.getByTestId("metric-error")).toHaveCount(0);
  await expect(npsCurrent).toHaveValue("-12");

  await expectSaved(page);
  await reloadBoard(page);
  const after = await cell(page, "获客", "体验指标");
  await expect(after.locator(`[data-metric-id="${await hold.getAttribute("data-metric-id")}"]`).getByTestId("metric-current")).toHaveValue("1200");
  await expect(after.locator(`[data-metric-id="${await nps.getAttribute("data-metric-id")}"]`).getByTestId("metric-current")).toHaveValue("-12");
});

test("zh-TW: a word in a number field stays with its message after leaving the field; Esc restores", async ({
  page,
}) => {
  await openApp(page, host.url, "小陳");
  await setUiLanguage(page, "zh-TW");
  await createProject(page, "指標");
  await createMap(page, "指標", "zh-TW");
  const csat = await newTile(page, "轉換", "體驗指標", "csat");
  const expected = csat.getByTestId("metric-expected");
  await expected.fill("８５％");
  await expected.press("Enter");
  await expect(expected).toHaveValue("85");
  await expected.fill("abc");
  await page.locator(".board-grid > .corner").click();
  await expect(expected).toHaveValue("abc");
  await expect(csat.getByTestId("metric-error")).toHaveText("請輸入數字（例如 42、1,200 或 3.5）；未儲存");
  await expected.focus();
  await expected.press("Escape");
  await expect(expected).toHaveValue("85");
  await expect(csat.getByTestId("metric-error")).toHaveCount(0);
  await expected.fill("130");
  await expected.press("Enter");
  await expect(csat.getByTestId("metric-error")).toHaveText("此指標的數值應介於 0 到 100 之間；未儲存");
  await expectSaved(page);
  const id = await csat.getAttribute("data-metric-id");
  await reloadBoard(page);
  await expect((await cell(page, "轉換", "體驗指標")).locator(`[data-metric-id="${id}"]`).getByTestId("metric-expected")).toHaveValue("85");
});
