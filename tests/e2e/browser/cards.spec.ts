// Working with cards on a map: drag a card to another cell, select several and recolour them, tag,
// assign, rate the evidence and link cards in the inspector, toggle channels, search in Chinese, and
// clear a map's example cards in one go (and undo it): the first-launch sample with the UI in
// English, and a map from the template in Simplified and in Traditional Chinese with the UI in its
// language.
import { expect, test } from "@playwright/test";
import { cell, createMap, createProject, expectSaved, openApp, reloadBoard, setUiLanguage } from "../support/board";
import { type Host, startHost } from "../support/host";

test.describe("on a new map", () => {
  let host: Host;
  test.beforeEach(async () => {
    host = await startHost();
  });
  test.afterEach(async () => {
    await host.stop();
  });

  test("a card dragged to another cell is still there after a reload", async ({ page }) => {
    await openApp(page, host.url);
    await createProject(page, "Drag");
    await createMap(page, "Drag", "en");
    const text = "Sees a social media ad for running shoes";
    const from = await cell(page, "Reach", "Customer actions");
    // An empty cell that is on screen (Playwright cannot scroll the board in the middle of a drag).
    const to = await cell(page, "Conversion", "Touchpoints");
    await from.getByTestId("card").filter({ hasText: text }).dragTo(to);
    await expect(to.getByTestId("card").filter({ hasText: text })).toHaveCount(1);
    await expect(from.getByTestId("card")).toHaveCount(0);
    await expect(to.getByTestId("card")).toHaveCount(1);
    await expectSaved(page);

    await reloadBoard(page);
    await expect((await cell(page, "Conversion", "Touchpoints")).getByTestId("card").filter({ hasText: text })).toHaveCount(1);
    await expect((await cell(page, "Reach", "Customer actions")).getByTestId("card")).toHaveCount(0);
  });

  test("select two cards to recolour them together; tag, team, confidence and a link in the inspector", async ({
    page,
  }) => {
    await openApp(page, host.url);
    await createProject(page, "Inspect");
    await createMap(page, "Inspect", "en");
    const card = (text: string) => page.getByTestId("card").filter({ hasText: text });
    const adPrice = card("The ad does not show the price");
    const sizeGuide = card("The size guide is hard to find");
    const onHold = card("Waits 12 minutes on hold");

    // Click one, Ctrl-click another, Shift-click a third and Shift-click it again to drop it.
    await adPrice.locator(".card-body").click();
    await sizeGuide.locator(".card-body").click({ modifiers: ["Control"] });
    await onHold.locator(".card-body").click({ modifiers: ["Shift"] });
    const inspector = page.getByTestId("inspector");
    await expect(inspector.getByRole("heading")).toHaveText("3 cards selected");
    await onHold.locator(".card-body").click({ modifiers: ["Shift"] });
    await expect(inspector.getByRole("heading")).toHaveText("2 cards selected");
    await inspector.getByTestId("inspector-color-swatch-teal").click();
    await expect(adPrice).toHaveClass(/card-color-teal/);
    await expect(sizeGuide).toHaveClass(/card-color-teal/);
    await expect(onHold).toHaveClass(/card-color-pink/);
    // One undo step for the whole recolour.
    await page.keyboard.press("Control+z");
    await expect(adPrice).toHaveClass(/card-color-pink/);
    await expect(sizeGuide).toHaveClass(/card-color-pink/);
    await page.keyboard.press("Control+Shift+z");
    await expect(sizeGuide).toHaveClass(/card-color-teal/);

    // One card in the inspector.
    const checkout = card("Checkout asks for an account first");
    await checkout.locator(".card-body").click();
    await expect(inspector.getByRole("heading")).toHaveText("Card");
    await inspector.getByTestId("tag-input").fill("checkout");
    await inspector.getByTestId("tag-input").press("Enter");
    await expect(inspector.getByTestId("tag")).toHaveText(["#checkout×"]);
    await expect(checkout).toContainText("#checkout");
    await inspector.getByTestId("department-select").selectOption("sales");
    await expect(inspector.getByTestId("department-select")).toHaveValue("sales");
    await expect(checkout.getByTestId("confidence-badge")).toHaveAttribute("data-confidence", "backed");
    await inspector.getByTestId("confidence-select").selectOption("partial");
    await expect(checkout.getByTestId("confidence-badge")).toHaveAttribute("data-confidence", "partial");
    await expect(checkout.getByTestId("confidence-badge")).toHaveText("½");
    await expect(checkout.getByTestId("confidence-badge")).toBeVisible();

    // Link it to the opportunity that answers it: an arrow appears between the two cards.
    await expect(page.getByTestId("link-arrow")).toHaveCount(0);
    await inspector.getByTestId("link-picker").fill("guest");
    await expect(inspector.getByTestId("link-result")).toHaveText(["Offer guest checkout"]);
    await inspector.getByTestId("link-result").click();
    await expect(inspector.getByTestId("card-link")).toContainText("Offer guest checkout");
    await expect(page.getByTestId("link-arrow")).toHaveCount(1);
    await expect(page.getByTestId("link-arrow")).toBeVisible();
    await expectSaved(page);

    await reloadBoard(page);
    await expect(checkout).toContainText("#checkout");
    await expect(checkout.getByTestId("confidence-badge")).toHaveAttribute("data-confidence", "partial");
    await expect(adPrice).toHaveClass(/card-color-teal/);
    await checkout.locator(".card-body").click();
    await expect(inspector.getByTestId("department-select")).toHaveValue("sales");
    await expect(inspector.getByTestId("card-link")).toContainText("Offer guest checkout");
    // (The arrow is drawn again after a reload: see the next test.)
  });

  // Links saved in a map are drawn when the map is opened (after a reload, or switching to it from
  // another map): the link layer measures once the board grid is attached, and again whenever the
  // grid or a linked card changes size.
  test("a saved link is drawn as an arrow when the map is opened again", async ({ page }) => {
    await openApp(page, host.url);
    await createProject(page, "Links");
    await createMap(page, "Links", "en");
    await page.getByTestId("card").filter({ hasText: "Checkout asks for an account first" }).locator(".card-body").click();
    await page.getByTestId("link-picker").fill("guest");
    await page.getByTestId("link-result").click();
    await expect(page.getByTestId("link-arrow")).toHaveCount(1);
    await expectSaved(page);
    await reloadBoard(page);
    await expect(page.getByTestId("link-arrow")).toHaveCount(1);
  });

  // The link picker on a laptop screen: its results are scrolled into sight in the inspector, the
  // arrow keys choose among them, Enter takes the chosen one (the first by default), Escape clears.
  test("the link picker is worked from the keyboard and shows every result on a 1366×768 screen", async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await openApp(page, host.url);
    await createProject(page, "Picker");
    await createMap(page, "Picker", "en");
    await page.getByTestId("card").filter({ hasText: "Checkout asks for an account first" }).locator(".card-body").click();
    const picker = page.getByTestId("link-picker");
    await picker.fill("e");
    const results = page.getByTestId("link-result");
    await expect(results).toHaveCount(8);
    await expect(results.last()).toBeInViewport({ ratio: 1 });
    await expect(results.first()).toHaveAttribute("aria-selected", "true");
    await picker.press("Escape");
    await expect(picker).toHaveValue("");
    await expect(results).toHaveCount(0);
    // Enter takes the first result…
    await picker.fill("guest");
    await expect(results).toHaveText(["Offer guest checkout"]);
    await picker.press("Enter");
    await expect(page.getByTestId("card-link")).toHaveText(["→ Offer guest checkout×"]);
    await expect(picker).toHaveValue("");
    // …and the arrow keys choose another one.
    await picker.fill("e");
    await expect(results).toHaveCount(8);
    const second = (await results.nth(1).textContent()) ?? "";
    await picker.press("ArrowDown");
    await expect(results.nth(1)).toHaveAttribute("aria-selected", "true");
    await expect(picker).toHaveAttribute("aria-activedescendant", (await results.nth(1).getAttribute("id")) ?? "");
    await picker.press("Enter");
    await expect(page.getByTestId("card-link")).toHaveCount(2);
    await expect(page.getByTestId("card-link").nth(1)).toContainText(second);
    await expect(page.getByTestId("link-arrow")).toHaveCount(2);
    await expectSaved(page);
  });

  test("self-service channels toggled in a stage are there after a reload", async ({ page }) => {
    await openApp(page, host.url);
    await createProject(page, "Channels");
    await createMap(page, "Channels", "en");
    const channels = await cell(page, "Acquisition", "Channels");
    await expect(channels.locator('[data-testid^="channel-active-"]')).toHaveText(["wwwWebsite", "?FAQ"]);

    await channels.getByTestId("channel-picker").click();
    const popover = page.getByTestId("channel-popover");
    await popover.getByTestId("channel-chip-knowledge_base").click();
    await popover.getByTestId("channel-chip-chatbot_ivr").click();
    await popover.getByTestId("channel-chip-faq").click();
    await expect(popover.getByTestId("channel-chip-knowledge_base")).toHaveAttribute("aria-pressed", "true");
    await expect(popover.getByTestId("channel-chip-chatbot_ivr")).toHaveAttribute("aria-pressed", "true");
    await expect(popover.getByTestId("channel-chip-faq")).toHaveAttribute("aria-pressed", "false");
    await popover.getByTestId("channel-custom-input").fill("WeChat mini program");
    await popover.getByTestId("channel-custom-input").press("Enter");
    await page.locator(".board-grid > .corner").click();
    await expect(popover).toBeHidden();

    const expected = ["wwwWebsite", "KBKnowledge base", "IVRChatbot / IVR", "+WeChat mini program"];
    await expect(channels.locator('[data-testid^="channel-active-"]')).toHaveText(expected);
    // Other stages are untouched.
    await expect((await cell(page, "Retention", "Channels")).locator('[data-testid^="channel-active-"]')).toHaveText([
      "☎Phone",
      "KBKnowledge base",
    ]);
    await expectSaved(page);
    await reloadBoard(page);
    await expect((await cell(page, "Acquisition", "Channels")).locator('[data-testid^="channel-active-"]')).toHaveText(
      expected,
    );
  });

  test("Ctrl+F finds a Chinese word in several cards and Enter steps to the next one", async ({ page }) => {
    await openApp(page, host.url, "小王");
    await createProject(page, "搜索");
    await createMap(page, "搜索", "zh-CN");
    // A card of our own with the word, in a stage that has none.
    await (await cell(page, "转化", "痛点")).getByTestId("add-card").click();
    await page.keyboard.type("看不到别人的评价");
    await page.keyboard.press("Escape");
    await expectSaved(page);

    await page.locator(".board-grid > .corner").click();
    await page.keyboard.press("Control+f");
    const input = page.getByTestId("search-input");
    await expect(input).toBeFocused();
    await page.keyboard.type("评价");
    const count = page.getByTestId("search-count");
    // Board order: by stage, then lane, then position.
    const inOrder = ["在官网比较尺码和评价", "看不到别人的评价", "写评价并推荐给朋友", "评价送积分"];
    await expect(count).toHaveText("1 of 4");
    await expect(page.locator(".card.search-hit, .card.search-current")).toHaveCount(4);
    const current = page.locator(".card.search-current");
    await expect(current).toContainText(inOrder[0]);
    await page.keyboard.press("Enter");
    await expect(count).toHaveText("2 of 4");
    await expect(current).toContainText(inOrder[1]);
    await page.keyboard.press("Enter");
    await expect(count).toHaveText("3 of 4");
    await expect(current).toContainText(inOrder[2]);
    await expect(current).toBeInViewport();
    await page.keyboard.press("Shift+Enter");
    await expect(count).toHaveText("2 of 4");
    await input.fill("评价送积分");
    await expect(count).toHaveText("1 of 1");
    await input.fill("没有这个词");
    await expect(count).toHaveText("No matches");
    await page.keyboard.press("Escape");
    await expect(input).toBeHidden();
    await expect(page.locator(".card.search-hit, .card.search-current")).toHaveCount(0);
  });
});

test.describe("on a map with examples", () => {
  let host: Host;
  test.beforeEach(async () => {
    host = await startHost([]);
  });
  test.afterEach(async () => {
    await host.stop();
  });

  for (const w of [
    // The first-launch sample (a 简体 map) with the UI in English.
    { ui: "en", map: null, note: "Our own note", oneCard: /(^|\D)1 card(?!s)/, tab: (n: number) => `(${n})` },
    // A map from the template in the UI's language.
    {
      ui: "zh-CN",
      map: { project: "清除示例", locale: "zh-CN" },
      note: "我们自己的便签",
      oneCard: /(^|\D)1 张卡片/,
      tab: (n: number) => `（${n}）`,
    },
    {
      ui: "zh-TW",
      map: { project: "清除範例", locale: "zh-TW" },
      note: "我們自己的便利貼",
      oneCard: /(^|\D)1 張卡片/,
      tab: (n: number) => `（${n}）`,
    },
  ] as const) {
    test(`clear examples removes every example card in one action and one undo brings them back (${w.ui} UI)`, async ({
      page,
    }) => {
      await openApp(page, host.url);
      if (w.map) {
        await setUiLanguage(page, w.ui);
        await createProject(page, w.map.project);
        await createMap(page, w.map.project, w.map.locale);
      } else {
        await page.getByTestId("map-item").first().click();
        await expect(page.getByTestId("board")).toHaveAttribute("data-ready", "true");
      }
      const openMapItem = page.locator('[data-testid="map-item"][aria-current="page"]');
      await expect(openMapItem).toHaveCount(1);
      const cards = page.getByTestId("card");
      const metrics = page.getByTestId("metric-tile");
      await expect(cards.first()).toBeVisible();
      const exampleCards = await cards.count();
      const exampleMetrics = await metrics.count();
      const actionsTab = page.getByTestId("pane-actions");
      const exampleActions = Number((await actionsTab.textContent())?.match(/\d+/)?.[0]);
      expect(exampleCards).toBeGreaterThan(5);
      expect(exampleActions).toBeGreaterThan(1);

      // A card of our own, which must survive.
      await page.getByTestId("add-card").first().click();
      await page.keyboard.type(w.note);
      await page.keyboard.press("Escape");
      await expect(cards).toHaveCount(exampleCards + 1);

      await page.getByTestId("clear-examples").click();
      const confirm = page.getByTestId("confirm-dialog");
      await expect(confirm).toContainText(String(exampleCards + exampleMetrics + exampleActions));
      await confirm.getByTestId("confirm-ok").click();
      await expect(cards).toHaveCount(1);
      await expect(cards).toContainText(w.note);
      // The map list follows at once (the catalog alone would lag by seconds).
      const counts = openMapItem.locator(".map-counts");
      await expect(counts).toContainText(w.oneCard, { timeout: 1_000 });
      await expect(metrics).toHaveCount(0);
      await expect(actionsTab).toContainText(w.tab(0));
      await expect(page.getByTestId("clear-examples")).toBeHidden();
      await expectSaved(page);

      await page.keyboard.press("Control+z");
      await expect(cards).toHaveCount(exampleCards + 1);
      await expect(metrics).toHaveCount(exampleMetrics);
      await expect(actionsTab).toContainText(w.tab(exampleActions));
      await expect(page.getByTestId("clear-examples")).toBeVisible();
      await expectSaved(page);
      await reloadBoard(page);
      await expect(cards).toHaveCount(exampleCards + 1);
    });
  }
});
