// A second channels, emotion or metrics lane holds its own entries: a chip, a rating or a metric
// added to it never shows in the first lane of its kind, and the first lane's entries never show
// in it, after a reload too; on a Traditional and on a Simplified Chinese map, each with the UI in
// its language. On a 1366×768 laptop no English template's lane title breaks inside a word.
import { expect, type Page, test } from "@playwright/test";
import {
  cell,
  createMap,
  createProject,
  expectSaved,
  laneTitle,
  openApp,
  reloadBoard,
  setUiLanguage,
  type TemplateId,
} from "../support/board";
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

/** The lifecycle template's titles and the words typed, in each Chinese. */
const LANGS = [
  {
    lang: "zh-TW",
    host: "主持人",
    project: "自助服務",
    acquisition: "獲客",
    conversion: "轉換",
    retention: "留存",
    channels: "通路",
    emotion: "情緒曲線",
    metrics: "體驗指標",
    newChannels: "自助通路",
    customChannel: "LINE 官方帳號",
    newEmotion: "情緒（新客）",
    newMetrics: "自助指標",
  },
  {
    lang: "zh-CN",
    host: "主持人",
    project: "自助服务",
    acquisition: "获客",
    conversion: "转化",
    retention: "留存",
    channels: "渠道",
    emotion: "情绪曲线",
    metrics: "体验指标",
    newChannels: "自助渠道",
    customChannel: "微信小程序",
    newEmotion: "情绪（新客）",
    newMetrics: "自助指标",
  },
] as const;

for (const w of LANGS) {
  test(`${w.lang}: a second channels, emotion and metrics lane is independent of the first`, async ({ page }) => {
    await openApp(page, host.url, w.host);
    await setUiLanguage(page, w.lang);
    await createProject(page, w.project);
    await createMap(page, w.project, w.lang);
    const firstChannels = await cell(page, w.acquisition, w.channels);
    const firstChips = await firstChannels.locator(chips).allTextContents();
    expect(firstChips.length).toBeGreaterThan(0);

    await addLane(page, "channels", w.newChannels);
    const selfService = await cell(page, w.acquisition, w.newChannels);
    await expect(selfService.locator(chips)).toHaveCount(0);
    await selfService.getByTestId("channel-picker").click();
    const popover = page.getByTestId("channel-popover");
    await popover.getByTestId("channel-chip-knowledge_base").click();
    await popover.getByTestId("channel-custom-input").fill(w.customChannel);
    await popover.getByTestId("channel-custom-input").press("Enter");
    await page.locator(".board-grid > .corner").click();
    await expect(popover).toBeHidden();
    await expect(selfService.locator(chips)).toHaveCount(2);
    await expect(selfService.locator(chips).last()).toContainText(w.customChannel);
    await expect(firstChannels.locator(chips)).toHaveText(firstChips);

    await addLane(page, "emotion", w.newEmotion);
    const newcomers = await cell(page, w.conversion, w.newEmotion);
    await expect(newcomers.locator('[aria-pressed="true"]')).toHaveCount(0);
    await newcomers.getByTestId("emotion--2").click();
    await expect(newcomers.getByTestId("emotion--2")).toHaveAttribute("aria-pressed", "true");
    const firstEmotion = await cell(page, w.conversion, w.emotion);
    await expect(firstEmotion.getByTestId("emotion--2")).toHaveAttribute("aria-pressed", "false");

    await addLane(page, "metrics", w.newMetrics);
    const selfMetrics = await cell(page, w.retention, w.newMetrics);
    await expect(selfMetrics.getByTestId("metric-tile")).toHaveCount(0);
    const firstMetrics = await cell(page, w.retention, w.metrics);
    const firstTiles = await firstMetrics.getByTestId("metric-tile").count();
    await selfMetrics.getByTestId("add-metric-kind").selectOption("self_service_deflection");
    await selfMetrics.getByTestId("add-metric").click();
    await expect(selfMetrics.getByTestId("metric-tile")).toHaveCount(1);
    await expect(firstMetrics.getByTestId("metric-tile")).toHaveCount(firstTiles);

    await expectSaved(page);
    await reloadBoard(page);
    await expect((await cell(page, w.acquisition, w.newChannels)).locator(chips)).toHaveCount(2);
    await expect((await cell(page, w.acquisition, w.channels)).locator(chips)).toHaveText(firstChips);
    await expect((await cell(page, w.conversion, w.newEmotion)).getByTestId("emotion--2")).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    await expect((await cell(page, w.conversion, w.emotion)).getByTestId("emotion--2")).toHaveAttribute(
      "aria-pressed",
      "false",
    );
    await expect((await cell(page, w.retention, w.newMetrics)).getByTestId("metric-tile")).toHaveCount(1);
    await expect((await cell(page, w.retention, w.metrics)).getByTestId("metric-tile")).toHaveCount(firstTiles);
  });
}

test("no lane title of an English template breaks inside a word at 1366×768", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page, host.url, "Ann");
  await createProject(page, "Lane titles");
  const templates: TemplateId[] = ["lifecycle", "pre_post_sale", "service_blueprint", "self_service", "saas_onboarding"];
  for (const template of templates) {
    await createMap(page, "Lane titles", "en", template);
    await page.evaluate(() => document.fonts.ready);
    // Each word of each title, laid out on one line, against the width the title has.
    const tooWide = await page.locator(".lane-name").evaluateAll((names) =>
      names.flatMap((name) => {
        const room = name.getBoundingClientRect().width;
        return (name.textContent ?? "").split(/\s+/).flatMap((word) => {
          const probe = document.createElement("span");
          probe.style.cssText = "position:absolute;white-space:nowrap";
          probe.textContent = word;
          name.appendChild(probe);
          const width = probe.getBoundingClientRect().width;
          probe.remove();
          return width > room ? [`${word}: ${width.toFixed(1)} > ${room.toFixed(1)} px`] : [];
        });
      }),
    );
    expect(tooWide, template).toEqual([]);
    expect(await page.locator(".lane-name").count(), template).toBeGreaterThan(3);
  }
});
