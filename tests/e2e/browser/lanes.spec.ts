// A second channels, emotion or metrics lane holds its own entries: a chip, a rating or a metric
// added to it never shows in the first lane of its kind, and the first lane's entries never show
// in it, after a reload too.
import { expect, type Page, test } from "@playwright/test";
import { cell, createMap, createProject, expectSaved, laneTitle, openApp, reloadBoard } from "../support/board";
import { type Host, startHost } from "../support/host";

let host: Host;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

async function addLane(page: Page, kind: "channels" | "emotion" | "metrics", title: string): Promise<void> {
  await page.getByTestId("add-lane").click();
  const dialog = page.getByTestId("add-lane-dialog");
  await dialog.getByTestId("lane-kind-select").selectOption(kind);
  await dialog.getByTestId("lane-title-new").fill(title);
  await dialog.getByTestId("add-lane-ok").click();
  await expect(laneTitle(page, title)).toHaveCount(1);
}

const chips = '[data-testid^="channel-active-"]';

test("zh-TW: a second channels, emotion and metrics lane is independent of the first", async ({ page }) => {
  await openApp(page, host.url, "主持人");
  await createProject(page, "自助服務");
  await createMap(page, "自助服務", "zh-TW");
  const firstChannels = await cell(page, "獲客", "通路");
  const firstChips = await firstChannels.locator(chips).allTextContents();
  expect(firstChips.length).toBeGreaterThan(0);

  await addLane(page, "channels", "自助通路");
  const selfService = await cell(page, "獲客", "自助通路");
  await expect(selfService.locator(chips)).toHaveCount(0);
  await selfService.getByTestId("channel-picker").click();
  const popover = page.getByTestId("channel-popover");
  await popover.getByTestId("channel-chip-knowledge_base").click();
  await popover.getByTestId("channel-custom-input").fill("LINE 官方帳號");
  await popover.getByTestId("channel-custom-input").press("Enter");
  await page.locator(".board-grid > .corner").click();
  await expect(popover).toBeHidden();
  await expect(selfService.locator(chips)).toHaveCount(2);
  await expect(firstChannels.locator(chips)).toHaveText(firstChips);

  await addLane(page, "emotion", "情緒（新客）");
  const newcomers = await cell(page, "轉換", "情緒（新客）");
  await expect(newcomers.locator('[aria-pressed="true"]')).toHaveCount(0);
  await newcomers.getByTestId("emotion--2").click();
  await expect(newcomers.getByTestId("emotion--2")).toHaveAttribute("aria-pressed", "true");
  const firstEmotion = await cell(page, "轉換", "情緒曲線");
  await expect(firstEmotion.getByTestId("emotion--2")).toHaveAttribute("aria-pressed", "false");

  await addLane(page, "metrics", "自助指標");
  const selfMetrics = await cell(page, "留存", "自助指標");
  await expect(selfMetrics.getByTestId("metric-tile")).toHaveCount(0);
  const firstMetrics = await cell(page, "留存", "體驗指標");
  const firstTiles = await firstMetrics.getByTestId("metric-tile").count();
  await selfMetrics.getByTestId("add-metric-kind").selectOption("self_service_deflection");
  await selfMetrics.getByTestId("add-metric").click();
  await expect(selfMetrics.getByTestId("metric-tile")).toHaveCount(1);
  await expect(firstMetrics.getByTestId("metric-tile")).toHaveCount(firstTiles);

  await expectSaved(page);
  await reloadBoard(page);
  await expect((await cell(page, "獲客", "自助通路")).locator(chips)).toHaveCount(2);
  await expect((await cell(page, "獲客", "通路")).locator(chips)).toHaveText(firstChips);
  await expect((await cell(page, "轉換", "情緒（新客）")).getByTestId("emotion--2")).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect((await cell(page, "轉換", "情緒曲線")).getByTestId("emotion--2")).toHaveAttribute(
    "aria-pressed",
    "false",
  );
  await expect((await cell(page, "留存", "自助指標")).getByTestId("metric-tile")).toHaveCount(1);
  await expect((await cell(page, "留存", "體驗指標")).getByTestId("metric-tile")).toHaveCount(firstTiles);
});
