// Editing cards as in sticky-note tools, from the keyboard, in Chinese: a card added and left empty
// (or only spaces) goes away — also when its tab is reloaded or closed mid-edit — and undo does
// not bring it back; Enter finishes and Shift+Enter breaks
// the line, while Enter during an input method's composition only confirms the composed text;
// Alt+arrows move a card (kept after a reload), F6 jumps to the inspector and back, "?" lists the
// shortcuts, and Escape in the channel picker's "other channel" field closes the picker. The
// abandoned-card and keyboard tests run on a 繁體 map with a zh-TW UI and on a 简体 map with a
// zh-CN UI. Screenshots for a person to look at: the editing hint and the shortcuts list, in zh-TW
// and zh-CN at 1366×768 (test-results/shot-editing-*.png).
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { expect, type Locator, type Page, type TestInfo, test } from "@playwright/test";
import { cell, createMap, createProject, expectSaved, openApp, reloadBoard, setUiLanguage } from "../support/board";
import { type Host, repoRoot, startHost } from "../support/host";

let host: Host;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: "image/png" });
  const dir = join(repoRoot, "tests/e2e/test-results");
  mkdirSync(dir, { recursive: true });
  copyFileSync(path, join(dir, `shot-${name}.png`));
}

/** Cards shown as empty anywhere on the board (an empty card shows a placeholder). */
function emptyCards(page: Page): Locator {
  return page.getByTestId("card").filter({ has: page.locator(".card-placeholder") });
}

/** The lifecycle template's titles and cards, the UI's words and the words typed, in each Chinese. */
const LANGS = [
  {
    lang: "zh-TW",
    person: "小林",
    emptyProject: "空白卡片",
    keysProject: "鍵盤操作",
    conversion: "轉換",
    retention: "留存",
    touchpoints: "接觸點",
    actions: "顧客行為",
    channels: "通路",
    hint: "Enter 完成 · Shift+Enter 換行",
    realCard: "顧客比較運費",
    movedCard: "移動的卡片",
    retentionTouchpoint: "訂單郵件、客服專線、知識庫",
    retentionAction: "查詢物流，詢問退換貨",
    shortcuts: "鍵盤快速鍵",
    moveStage: "把卡片移到上一個或下一個階段",
    otherChannel: "小程式",
  },
  {
    lang: "zh-CN",
    person: "小王",
    emptyProject: "空白卡片",
    keysProject: "键盘操作",
    conversion: "转化",
    retention: "留存",
    touchpoints: "触点",
    actions: "客户行为",
    channels: "渠道",
    hint: "Enter 完成 · Shift+Enter 换行",
    realCard: "客户比较运费",
    movedCard: "移动的卡片",
    retentionTouchpoint: "订单邮件、客服热线、知识库",
    retentionAction: "查询物流，咨询退换货",
    shortcuts: "键盘快捷键",
    moveStage: "把卡片移到上一个或下一个阶段",
    otherChannel: "小程序",
  },
] as const;

for (const w of LANGS) {
  test(`a card added and left empty or blank goes away, for good (${w.lang})`, async ({ page }, testInfo) => {
    await openApp(page, host.url, w.person);
    await setUiLanguage(page, w.lang);
    await createProject(page, w.emptyProject);
    await createMap(page, w.emptyProject, w.lang);
    const target = await cell(page, w.conversion, w.touchpoints);
    const cards = target.getByTestId("card");
    const texts = cards.locator(".card-body");
    await expect(cards).toHaveCount(0);

    // One real card first, so that undo has something before the abandoned ones.
    await target.getByTestId("add-card").click();
    const editor = page.getByTestId("card-editor");
    await expect(editor).toBeFocused();
    await expect(page.getByTestId("card-editor-hint")).toHaveText(w.hint);
    await expect(editor).toHaveAttribute("aria-describedby", /.+/);
    await page.keyboard.type(w.realCard);
    await shoot(page, testInfo, `editing-hint-${w.lang}`);
    await page.keyboard.press("Enter");
    // The keyboard focus is back on the card, and its ring goes round the whole card.
    await expect(texts.first()).toBeFocused();
    const ring = await cards.first().evaluate((card) => {
      const body = card.querySelector(".card-body") as Element;
      const after = getComputedStyle(body, "::after");
      const c = card.getBoundingClientRect();
      return {
        text: getComputedStyle(body).outlineStyle,
        ring: after.borderTopStyle,
        // the ring (round the card, 4 px out) is as tall as the whole card, not only its text
        covers: Number.parseFloat(getComputedStyle(body, "::after").height) >= c.height,
      };
    });
    expect(ring).toEqual({ text: "none", ring: "solid", covers: true });
    await expect(cards).toHaveCount(1);

    // "+ 新增卡片" then Escape: no card.
    await target.getByTestId("add-card").click();
    await expect(editor).toBeFocused();
    await expect(cards).toHaveCount(2);
    await page.keyboard.press("Escape");
    await expect(cards).toHaveCount(1);
    // The keyboard stays where the card was: on its cell.
    await expect(target).toBeFocused();

    // Only spaces and line breaks, finished with Enter: no card.
    await target.getByTestId("add-card").click();
    await page.keyboard.type("   ");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type(" ");
    await page.keyboard.press("Enter");
    await expect(cards).toHaveCount(1);

    // Left by clicking elsewhere: no card either.
    await target.getByTestId("add-card").click();
    await expect(editor).toBeFocused();
    await page.locator(".board-grid > .corner").click();
    await expect(editor).toBeHidden();
    await expect(cards).toHaveCount(1);
    await expect(emptyCards(page)).toHaveCount(0);

    // Undo never brings an empty card back, nor spends a Ctrl+Z on one: the first takes back the
    // real card, and one redo restores it.
    await page.keyboard.press("Control+z");
    await expect(cards).toHaveCount(0);
    await expect(emptyCards(page)).toHaveCount(0);
    await page.keyboard.press("Control+Shift+z");
    await expect(texts).toHaveText([w.realCard]);
    await expect(emptyCards(page)).toHaveCount(0);

    await expectSaved(page);
    await reloadBoard(page);
    await expect((await cell(page, w.conversion, w.touchpoints)).locator(".card-body")).toHaveText([w.realCard]);
    await expect(emptyCards(page)).toHaveCount(0);
  });
}

test("a card added and left blank goes away when its tab is reloaded or closed mid-edit (zh-CN)", async ({
  browser,
}) => {
  const ana = await (await browser.newContext()).newPage();
  const ben = await (await browser.newContext()).newPage();
  await openApp(ana, host.url, "林");
  await setUiLanguage(ana, "zh-CN");
  await createProject(ana, "关掉的标签页");
  await createMap(ana, "关掉的标签页", "zh-CN");
  await openApp(ben, host.url, "陈");
  await ben.getByTestId("map-item").first().click();
  await expect(ben.getByTestId("board")).toHaveAttribute("data-ready", "true");

  // "+ Add card", and the page is reloaded while the new card is still empty.
  await (await cell(ana, "转化", "触点")).getByTestId("add-card").click();
  await expect(ana.getByTestId("card-editor")).toBeFocused();
  await expect(emptyCards(ben)).toHaveCount(1);
  await reloadBoard(ana);
  await expect(emptyCards(ana)).toHaveCount(0);
  await expect(emptyCards(ben)).toHaveCount(0);

  // Only spaces (a full-width one too), and the tab is closed.
  await (await cell(ana, "转化", "触点")).getByTestId("add-card").click();
  await ana.keyboard.type("  　");
  await expect((await cell(ben, "转化", "触点")).getByTestId("card")).toHaveCount(1);
  await ana.close({ runBeforeUnload: true });
  await expect(emptyCards(ben)).toHaveCount(0);
  await expect((await cell(ben, "转化", "触点")).getByTestId("card")).toHaveCount(0);

  // A card with text is never removed that way.
  await (await cell(ben, "转化", "触点")).getByTestId("add-card").click();
  await ben.keyboard.type("比较运费");
  await reloadBoard(ben);
  await expect((await cell(ben, "转化", "触点")).locator(".card-body")).toHaveText(["比较运费"]);
});

test("Enter finishes, Shift+Enter breaks the line, Enter in a composition keeps editing (zh-CN)", async ({
  page,
}) => {
  await openApp(page, host.url, "小王");
  await setUiLanguage(page, "zh-CN");
  await createProject(page, "回车完成");
  await createMap(page, "回车完成", "zh-CN");
  const target = await cell(page, "转化", "触点");
  const editor = page.getByTestId("card-editor");

  await target.getByTestId("add-card").click();
  await expect(page.getByTestId("card-editor-hint")).toHaveText("Enter 完成 · Shift+Enter 换行");
  await page.keyboard.type("第一行");
  await page.keyboard.press("Shift+Enter");
  await page.keyboard.type("第二行");
  await expect(editor).toHaveText("第一行\n第二行", { useInnerText: true });
  await page.keyboard.press("Enter");
  await expect(editor).toBeHidden();
  const twoLines = target.getByTestId("card").filter({ hasText: "第一行" });
  await expect(twoLines.locator(".card-body")).toHaveText("第一行\n第二行", { useInnerText: true });
  // Back on the card it finished.
  await expect(twoLines.locator(".card-body")).toBeFocused();

  // Through an input method: the Enter that confirms 客户 belongs to the composition.
  await target.getByTestId("add-card").click();
  await expect(editor).toBeFocused();
  const keys: { isComposing: boolean; keyCode: number }[] = await page.evaluate(() => {
    const seen: { isComposing: boolean; keyCode: number }[] = [];
    document.addEventListener(
      "keydown",
      (e) => {
        if (e.key === "Enter") seen.push({ isComposing: e.isComposing, keyCode: e.keyCode });
      },
      true,
    );
    (window as unknown as { enterKeys: typeof seen }).enterKeys = seen;
    return seen;
  });
  expect(keys).toEqual([]);
  const cdp = await page.context().newCDPSession(page);
  for (const step of ["k", "ke", "kehu"]) {
    await cdp.send("Input.imeSetComposition", { text: step, selectionStart: step.length, selectionEnd: step.length });
  }
  await page.keyboard.press("Enter");
  await cdp.send("Input.insertText", { text: "客户" });
  const pressed = await page.evaluate(
    () => (window as unknown as { enterKeys: { isComposing: boolean; keyCode: number }[] }).enterKeys,
  );
  expect(pressed.length).toBeGreaterThan(0);
  expect(pressed.every((k) => k.isComposing || k.keyCode === 229)).toBe(true);
  await expect(editor).toBeFocused();
  await expect(editor).toHaveText("客户", { useInnerText: true });
  await page.keyboard.type("嫌运费太贵");
  await page.keyboard.press("Enter");
  await expect(editor).toBeHidden();
  await expect(target.getByTestId("card").filter({ hasText: "客户嫌运费太贵" })).toHaveCount(1);
  await expect(target.getByTestId("card")).toHaveCount(2);

  await expectSaved(page);
  await reloadBoard(page);
  const again = await cell(page, "转化", "触点");
  await expect(again.locator(".card-body")).toHaveText(["第一行\n第二行", "客户嫌运费太贵"], { useInnerText: true });
});

for (const w of LANGS) {
  test(`Alt+arrows move a card, F6 jumps to the inspector and back, ? lists the keys (${w.lang})`, async ({
    page,
  }, testInfo) => {
    await openApp(page, host.url, w.person);
    await setUiLanguage(page, w.lang);
    await createProject(page, w.keysProject);
    await createMap(page, w.keysProject, w.lang);
    const from = await cell(page, w.conversion, w.touchpoints);
    await from.getByTestId("add-card").click();
    await page.keyboard.type(w.movedCard);
    await page.keyboard.press("Enter");
    const moved = page.getByTestId("card").filter({ hasText: w.movedCard });
    const body = moved.locator(".card-body");
    await expect(body).toBeFocused();
    await expect(body).toHaveAttribute("aria-pressed", "true");

    const touchpoints = await cell(page, w.retention, w.touchpoints);
    const actions = await cell(page, w.retention, w.actions);
    const texts = (l: Locator) => l.getByTestId("card").locator(".card-body");

    // Next stage, same lane, same place in the column (the top).
    await page.keyboard.press("Alt+ArrowRight");
    await expect(texts(touchpoints)).toHaveText([w.movedCard, w.retentionTouchpoint]);
    await expect(from.getByTestId("card")).toHaveCount(0);
    await expect(body).toBeFocused();
    // Down within the cell, then up twice: past the top into the card lane above, at its end.
    await page.keyboard.press("Alt+ArrowDown");
    await expect(texts(touchpoints)).toHaveText([w.retentionTouchpoint, w.movedCard]);
    await expect(body).toBeFocused();
    await page.keyboard.press("Alt+ArrowUp");
    await expect(texts(touchpoints)).toHaveText([w.movedCard, w.retentionTouchpoint]);
    await page.keyboard.press("Alt+ArrowUp");
    await expect(texts(actions)).toHaveText([w.retentionAction, w.movedCard]);
    await expect(body).toBeFocused();
    await expect(body).toHaveAttribute("aria-pressed", "true");

    // Each move is one undo step.
    await page.keyboard.press("Control+z");
    await expect(texts(touchpoints)).toHaveText([w.movedCard, w.retentionTouchpoint]);
    await page.keyboard.press("Control+Shift+z");
    await expect(texts(actions)).toHaveText([w.retentionAction, w.movedCard]);

    // F6: to the inspector, and back to the card.
    await body.focus();
    await page.keyboard.press("F6");
    const inspector = page.getByTestId("inspector");
    await expect(inspector).toBeFocused();
    await expect(inspector.getByTestId("inspector-text")).toHaveValue(w.movedCard);
    await page.keyboard.press("Tab");
    await expect(page.getByTestId("card-editor")).toBeFocused();
    await page.keyboard.press("F6");
    await expect(body).toBeFocused();

    // ?: every shortcut, in a dialog that Escape closes.
    await page.keyboard.press("?");
    const help = page.getByRole("dialog", { name: w.shortcuts });
    await expect(help).toBeVisible();
    await expect(help).toContainText(w.moveStage);
    await expect(help).toContainText("F6");
    await expect(page.getByTestId("shortcuts-close")).toBeFocused();
    await shoot(page, testInfo, `editing-shortcuts-${w.lang}`);
    await page.keyboard.press("Escape");
    await expect(help).toBeHidden();
    await expect(body).toBeFocused();

    // Escape in the "other channel" field closes the picker and adds nothing.
    const channels = await cell(page, w.conversion, w.channels);
    const chips = channels.locator('[data-testid^="channel-active-"]');
    const before = await chips.allTextContents();
    await channels.getByTestId("channel-picker").click();
    const popover = page.getByTestId("channel-popover");
    await popover.getByTestId("channel-custom-input").fill(w.otherChannel);
    await page.keyboard.press("Escape");
    await expect(popover).toBeHidden();
    await expect(channels.getByTestId("channel-picker")).toBeFocused();
    await expect(chips).toHaveText(before);
    await expect(moved).toHaveCount(1);

    await expectSaved(page);
    await reloadBoard(page);
    await expect(texts(await cell(page, w.retention, w.actions))).toHaveText([w.retentionAction, w.movedCard]);
    await expect(texts(await cell(page, w.retention, w.touchpoints))).toHaveText([w.retentionTouchpoint]);
  });
}

test("a double click opens the card it began on, though the inspector's opening moves the columns (zh-CN, 1920×1080)", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page, host.url, "小王");
  await setUiLanguage(page, "zh-CN");
  await createProject(page, "双击");
  await createMap(page, "双击", "zh-CN");
  for (const text of ["查询物流，咨询退换货", "写评价并推荐给朋友", "在官网比较尺码和评价"]) {
    // Nothing selected: the inspector shows no card and the columns are at their widest.
    await page.locator(".board-grid > .corner").click();
    await page.keyboard.press("Escape");
    await expect(page.locator("[data-testid=card].selected")).toHaveCount(0);
    const card = page.getByTestId("card").filter({ hasText: text });
    const before = await card.boundingBox();
    await card.dblclick();
    // That card is open for editing (on the board, or in the inspector when the second click
    // landed there), and no other.
    const editing = page.locator("[data-testid=card-editor]:focus");
    await expect(editing).toHaveText(text);
    await expect(page.getByTestId("card-editor")).toHaveCount(1);
    // The first click really moved the columns (otherwise this test shows nothing).
    expect(Math.abs(((await card.boundingBox())?.x ?? 0) - (before?.x ?? 0))).toBeGreaterThan(20);
    await page.keyboard.press("Escape");
  }
});
