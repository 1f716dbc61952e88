// Chinese text as people write it on a card: lines break between ideographs but never before
// closing punctuation and never inside a Latin word, in 繁體 and in 简体; 繁體 maps render in the
// Traditional font and 简体 (and English) maps in the Simplified one whatever the UI language; CJK
// Extension B characters (𠮷 𩸽) and emoji render with a real glyph from the bundled fonts (this
// machine has no system CJK or emoji fonts), and rarer ideographs (㐂 𠕇) with the report's fonts
// the host serves; the map search finds Traditional text from a
// Simplified query and Simplified text from a Traditional one; and a title's limit counts 𠮷 as
// one character, as the host does, not as two UTF-16 units. A teammate's first visit asks for
// every font slice its board draws before the board is first laid out.
// The last tests save screenshots for a person to look at (test-results/shot-cjk-*.png), not
// compared.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, expect, type Locator, type Page, type Route, test } from "@playwright/test";
import { cell, createMap, createProject, expectSaved, openApp, reloadBoard, stageTitles } from "../support/board";
import { type Host, repoRoot, startHost } from "../support/host";

let host: Host;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

const MIXED_TW =
  "顧客安裝 Chrome Extension v3.2 後無法登入。客服回覆：「請重新整理（F5）頁面」，但問題仍未解決！為什麼？付款、退款、查詢；全部失敗。";
const MIXED_CN =
  "客户安装 Chrome Extension v3.2 后无法登录。客服回复：「请刷新（F5）页面」，但问题仍未解决！为什么？付款、退款、查询；全部失败。";
const RARE = "𠮷野家 𩸽 👍😡🤔";
/** Characters that must never start a line. */
const CLOSING = "。，、：；）」』！？";
/** The fonts the app bundles; every glyph on a card must come from one of them. */
const BUNDLED = ["Noto Sans SC", "Noto Sans TC", "Noto Sans JP", "Noto Emoji"];

let projects = 0;
/** A new map in `mapLocale`, in a browser whose language (and so the UI's) is `uiLocale`. */
async function newMap(browser: Browser, uiLocale: string, mapLocale: string): Promise<Page> {
  const context = await browser.newContext({ locale: uiLocale, viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await openApp(page, host.url, "小林");
  const project = `文字 ${++projects}`;
  await createProject(page, project);
  await createMap(page, project, mapLocale);
  return page;
}

/** A teammate's first visit in `context`: named, then on the project's first map, drawn. */
async function firstVisit(context: BrowserContext): Promise<Page> {
  const visitor = await context.newPage();
  await visitor.goto(host.url);
  const prompt = visitor.getByTestId("name-prompt");
  await prompt.getByRole("textbox").fill("小王");
  await prompt.getByRole("button").click();
  await visitor.getByTestId("map-item").first().click();
  await expect(visitor.getByTestId("board")).toHaveAttribute("data-ready", "true");
  return visitor;
}

/** Adds a card with `text` to the cell and returns it once saved. */
async function addCard(page: Page, where: Locator, text: string): Promise<Locator> {
  await where.getByTestId("add-card").click();
  await page.keyboard.insertText(text);
  await page.keyboard.press("Escape");
  await expectSaved(page);
  const card = page.getByTestId("card").filter({ hasText: text });
  await expect(card).toHaveCount(1);
  return card;
}

/**
 * Which fonts Chromium drew the text of the card with, and how many glyphs from each. A bundled
 * font is named by its CSS family (its files name themselves "Noto Sans TC Thin" and the like).
 */
async function fontsUsed(page: Page, card: Locator): Promise<Record<string, number>> {
  const id = await card.getAttribute("data-card-id");
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const { root } = await cdp.send("DOM.getDocument", { depth: 0 });
  const { nodeId } = await cdp.send("DOM.querySelector", {
    nodeId: root.nodeId,
    selector: `[data-card-id="${id}"] [data-testid="card-text"]`,
  });
  const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
  await cdp.detach();
  const used: Record<string, number> = {};
  for (const f of fonts) {
    const name = BUNDLED.find((b) => f.familyName.startsWith(b)) ?? f.familyName;
    used[name] = (used[name] ?? 0) + f.glyphCount;
  }
  return used;
}

for (const [locale, stage, lane, mixed] of [
  ["zh-TW", "觸達", "痛點", MIXED_TW],
  ["zh-CN", "触达", "痛点", MIXED_CN],
] as const) {
  test(`card text breaks between ideographs, never before closing punctuation nor inside a Latin word (${locale})`, async ({
    browser,
  }) => {
    const page = await newMap(browser, locale, locale);
    const card = await addCard(page, await cell(page, stage, lane), mixed);
    await page.evaluate(() => document.fonts.ready);

    // Every width from 110 to 260 px: each lays the text out anew, so every kind of break is tried.
    const report = await card.evaluate(
      (el, { closing }) => {
        const body = el.querySelector<HTMLElement>('[data-testid="card-text"]');
        if (!body) throw new Error("no card text");
        const text = body.textContent ?? "";
        /** The characters that start a line, and the words (Latin runs) that span two lines. */
        const measure = () => {
          const range = document.createRange();
          const node = body.firstChild as Text;
          const tops: (number | null)[] = [];
          for (let i = 0; i < text.length; i++) {
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const r = range.getClientRects()[0];
            tops.push(/\s/.test(text[i] ?? "") || !r ? null : r.top);
          }
          const starts: string[] = [];
          let last: number | null = null;
          tops.forEach((top, i) => {
            if (top === null) return;
            if (last !== null && top > last + 4) starts.push(text[i] ?? "");
            last = top;
          });
          const split = [...text.matchAll(/[A-Za-z0-9.]+/g)]
            .filter((m) => {
              const own = tops.slice(m.index, m.index + m[0].length);
              return new Set(own).size > 1;
            })
            .map((m) => m[0]);
          return { starts, split, lines: starts.length + 1 };
        };
        const out = [];
        for (let w = 110; w <= 260; w += 3) {
          el.style.width = `${w}px`;
          const m = measure();
          out.push({ width: w, ...m, bad: m.starts.filter((c) => closing.includes(c)) });
        }
        el.style.width = "";
        return out;
      },
      { closing: CLOSING },
    );
    for (const r of report) {
      expect(r.lines, `lines at ${r.width}px`).toBeGreaterThan(2);
      expect(r.bad, `closing punctuation starting a line at ${r.width}px: ${r.starts.join(" ")}`).toEqual([]);
      expect(r.split, `Latin words split at ${r.width}px`).toEqual([]);
    }
    // Chinese still breaks between ideographs: most lines start with one.
    const all = report.flatMap((r) => r.starts);
    expect(all.filter((c) => /\p{Script=Han}/u.test(c)).length).toBeGreaterThan(all.length / 2);
    await page.context().close();
  });
}

const family = (l: Locator) => l.evaluate((el) => getComputedStyle(el).fontFamily);

for (const { ui, map, stage, lane, text, font, other, drawnBy } of [
  // Noto Sans TC ships only the characters whose glyph differs from Noto Sans SC's (the others are
  // drawn alike by SC, next in a Traditional stack: assets/fonts/README.md), so a Traditional
  // card draws from both, TC first; a Simplified one from SC alone.
  { ui: "zh-CN", map: "zh-TW", stage: "觸達", lane: "痛點", text: MIXED_TW, font: "Noto Sans TC", other: "Noto Sans SC", drawnBy: ["Noto Sans SC", "Noto Sans TC"] },
  { ui: "zh-TW", map: "zh-CN", stage: "触达", lane: "痛点", text: MIXED_CN, font: "Noto Sans SC", other: "Noto Sans TC", drawnBy: ["Noto Sans SC"] },
] as const) {
  test(`a ${map} map in a ${ui} UI draws its cards in ${font}`, async ({ browser }) => {
    const page = await newMap(browser, ui, map);
    await expect(page.locator("html")).toHaveAttribute("lang", ui);
    await expect(page.locator(".map-pane")).toHaveAttribute("lang", map);
    const card = await addCard(page, await cell(page, stage, lane), text);
    expect(await family(card.getByTestId("card-text"))).toMatch(new RegExp(`^"${font}", "${other}"`));
    expect(await family(page.locator("body"))).toMatch(new RegExp(`^"${other}"`));
    // Every glyph of the card, punctuation and Latin letters included, from the map's fonts: TC's
    // own shapes (centred punctuation, 觸 說 …) win over SC's only in a Traditional map.
    // (Until the map font's slices have arrived, the next font of the stack stands in.)
    await expect.poll(async () => Object.keys(await fontsUsed(page, card)).sort()).toEqual(drawnBy);
    const loaded = await page.evaluate(() =>
      [...document.fonts].filter((f) => f.status === "loaded").map((f) => f.family.replaceAll('"', "")),
    );
    expect(loaded).toContain(font);
    await page.context().close();
  });
}

test("an English map in a zh-TW UI uses the default stack, not the UI's Traditional one", async ({ browser }) => {
  const page = await newMap(browser, "zh-TW", "en");
  await expect(page.locator(".map-pane")).toHaveAttribute("lang", "en");
  expect(await family(page.getByTestId("card-text").first())).toMatch(/^"Noto Sans SC", "Noto Sans TC"/);
  expect(await family(page.locator("body"))).toMatch(/^"Noto Sans TC"/);
  await page.context().close();
});

for (const [locale, stage, lane] of [
  ["zh-TW", "觸達", "痛點"],
  ["zh-CN", "触达", "痛点"],
] as const) {
  test(`𠮷 𩸽 and emoji render with a real glyph from the bundled fonts on a ${locale} map`, async ({ browser }) => {
    const page = await newMap(browser, locale, locale);
    const card = await addCard(page, await cell(page, stage, lane), RARE);
    // 𠮷 𩸽 from the Extension B fallback, the three emoji from Noto Emoji, 野家 (and the spaces)
    // from Noto Sans SC (Noto Sans TC draws them alike, so does not ship them): nothing left to a
    // system font or a missing-glyph box.
    await expect
      .poll(() => fontsUsed(page, card))
      .toEqual({ "Noto Sans SC": expect.any(Number), "Noto Sans JP": 2, "Noto Emoji": 3 });
    const check = await page.evaluate(() => ({
      ext: document.fonts.check('16px "Noto Sans JP"', "𠮷𩸽"),
      emoji: document.fonts.check('16px "Noto Emoji"', "👍😡🤔"),
    }));
    expect(check).toEqual({ ext: true, emoji: true });
    // Each rare character is as wide as an ideograph (a missing glyph would be a narrow box).
    const widths = await card.getByTestId("card-text").evaluate((el) => {
      const node = el.firstChild as Text;
      const text = node.data;
      const range = document.createRange();
      const width = (ch: string) => {
        const i = text.indexOf(ch);
        range.setStart(node, i);
        range.setEnd(node, i + ch.length);
        return range.getBoundingClientRect().width;
      };
      return { ye: width("野"), ji: width("𠮷"), hokke: width("𩸽"), thumbs: width("👍") };
    });
    expect(widths.ji).toBeCloseTo(widths.ye, 0);
    expect(widths.hokke).toBeCloseTo(widths.ye, 0);
    expect(widths.thumbs).toBeGreaterThan(widths.ye * 0.8);
    await page.context().close();
  });
}

test("until its font slices arrive, a Chinese card is laid out at its final size in the placeholder font, not in a system font", async ({
  browser,
}) => {
  const page = await newMap(browser, "zh-CN", "zh-CN");
  // Ideographs and full-width punctuation only: the characters the placeholder stands in for.
  const text = "客户在后台查不到订单，请刷新页面。为什么退款还是失败？";
  await addCard(page, await cell(page, "触达", "痛点"), text);

  // A teammate's first visit, every font held back until the board is drawn.
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1366, height: 768 } });
  const held: Route[] = [];
  await context.route(/\/fonts\//, (route) => {
    held.push(route);
  });
  const visitor = await firstVisit(context);
  const card = visitor.getByTestId("card").filter({ hasText: text });
  const size = () => card.getByTestId("card-text").evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { width: r.width, height: r.height };
  });
  expect(held.length).toBeGreaterThan(0);
  expect(await fontsUsed(visitor, card)).toEqual({ "Wayline Placeholder": [...text].length });
  const whileLoading = await size();

  for (const route of held.splice(0)) await route.continue();
  await context.unroute(/\/fonts\//);
  await visitor.evaluate(() => document.fonts.ready);
  await expect.poll(() => fontsUsed(visitor, card)).toEqual({ "Noto Sans SC": [...text].length });
  expect(await size()).toEqual(whileLoading);
  await context.close();
  await page.context().close();
});

for (const [locale, stage, lane, file] of [
  ["zh-TW", "觸達", "痛點", "NotoSansTC-Regular.ttf"],
  ["zh-CN", "触达", "痛点", "NotoSansSC-Regular.ttf"],
] as const) {
  test(`ideographs beyond the bundled web fonts (㐂 𠕇) are drawn with the report's fonts from the host on a ${locale} map`, async ({
    browser,
  }) => {
    const page = await newMap(browser, locale, locale);
    // The host's full font is fetched once such a character is on screen, not before.
    const fetched: string[] = [];
    page.on("response", (r) => {
      if (r.url().includes("/fonts/")) fetched.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
    const card = await addCard(page, await cell(page, stage, lane), "台語：㐂 𠕇 真好");
    await expect.poll(() => fetched).toContain(`200 /fonts/${file}`);
    // Every glyph from a Noto font: nothing left to a system font or a missing-glyph box.
    await expect
      .poll(async () => Object.keys(await fontsUsed(page, card)).every((f) => f.startsWith("Noto Sans")))
      .toBe(true);
    const widths = await card.getByTestId("card-text").evaluate((el) => {
      const node = el.firstChild as Text;
      const range = document.createRange();
      const width = (ch: string) => {
        const i = node.data.indexOf(ch);
        range.setStart(node, i);
        range.setEnd(node, i + ch.length);
        return range.getBoundingClientRect().width;
      };
      return { zhen: width("真"), xi: width("㐂"), rare: width("𠕇") };
    });
    expect(widths.xi).toBeCloseTo(widths.zhen, 0);
    expect(widths.rare).toBeCloseTo(widths.zhen, 0);
    await page.context().close();
  });
}

for (const w of [
  {
    title: "on a 繁體 map, a search in 简体 finds the Traditional cards",
    map: "zh-TW",
    stages: ["觸達", "獲客"],
    lane: "痛點",
    cards: ["客戶在後台查不到訂單", "後台管理員審核退款"],
    query: "后台",
    templateQuery: "看不到价格",
    templateCard: "廣告裡看不到價格",
    word: "客户",
    one: "审",
  },
  {
    title: "on a 简体 map, a search in 繁體 finds the Simplified cards",
    map: "zh-CN",
    stages: ["触达", "获客"],
    lane: "痛点",
    cards: ["客户在后台查不到订单", "后台管理员审核退款"],
    query: "後台",
    templateQuery: "廣告裡看不到價格",
    templateCard: "广告里看不到价格",
    word: "客戶",
    one: "審",
  },
] as const) {
  test(w.title, async ({ browser }) => {
    const page = await newMap(browser, "en-US", w.map);
    await addCard(page, await cell(page, w.stages[0], w.lane), w.cards[0]);
    await addCard(page, await cell(page, w.stages[1], w.lane), w.cards[1]);
    await page.locator(".board-grid > .corner").click();
    await page.keyboard.press("Control+f");
    const input = page.getByTestId("search-input");
    await expect(input).toBeFocused();
    const count = page.getByTestId("search-count");
    const hits = page.locator(".card.search-hit, .card.search-current");
    await page.keyboard.type(w.query);
    await expect(count).toHaveText("1 of 2");
    await expect(hits).toHaveCount(2);
    await expect(page.locator(".card.search-current")).toContainText(w.cards[0]);
    // A template card, and a one-character query.
    await input.fill(w.templateQuery);
    await expect(count).toHaveText("1 of 1");
    await expect(page.locator(".card.search-current")).toContainText(w.templateCard);
    await input.fill(w.word);
    await expect(count).toHaveText("1 of 1");
    await expect(page.locator(".card.search-current")).toContainText(w.cards[0]);
    await input.fill(w.one);
    await expect(count).toHaveText("1 of 1");
    await expect(page.locator(".card.search-current")).toContainText(w.cards[1]);
    await page.context().close();
  });
}

for (const { ui, map, stage, lane, text } of [
  { ui: "en-US", map: "zh-TW", stage: "觸達", lane: "痛點", text: `${MIXED_TW} 👍` },
  { ui: "zh-CN", map: "zh-CN", stage: "触达", lane: "痛点", text: `${MIXED_CN} 👍` },
  { ui: "zh-TW", map: "zh-TW", stage: "觸達", lane: "痛點", text: `${MIXED_TW} 👍` },
] as const) {
  test(`a first visit to a ${map} map in a ${ui} UI asks for every font slice of its board before laying the board out`, async ({
    browser,
  }) => {
    // A slice asked for only once the board is laid out arrives after its first frame and lays
    // the whole board out again: the page asks for its text's, its emoji's and its own
    // controls' slices as soon as the map is read, in the family each character is drawn with.
    const page = await newMap(browser, ui, map);
    await addCard(page, await cell(page, stage, lane), text);

    const context = await browser.newContext({ locale: ui, viewport: { width: 1366, height: 768 } });
    await context.addInitScript(() => {
      const w = window as unknown as { __boardAt?: number };
      new MutationObserver((_, observer) => {
        if (!document.querySelector("[data-testid='card']")) return;
        w.__boardAt = performance.now();
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    const visitor = await firstVisit(context);
    await expect(visitor.getByTestId("card").filter({ hasText: "👍" })).toBeVisible();
    await visitor.evaluate(() => document.fonts.ready);
    const slices = await visitor.evaluate(() => {
      const at = (window as unknown as { __boardAt?: number }).__boardAt ?? Number.NaN;
      const fonts = performance
        .getEntriesByType("resource")
        .filter((e) => e.name.includes("/fonts/"))
        .map((e) => ({ name: e.name.split("/").pop() ?? "", early: e.startTime < at }));
      return { early: fonts.filter((f) => f.early).map((f) => f.name), late: fonts.filter((f) => !f.early).map((f) => f.name) };
    });
    expect(slices.late).toEqual([]);
    // The card's emoji, and in a Traditional map the TC slices of the characters TC draws.
    expect(slices.early.some((name) => name.startsWith("emoji-"))).toBe(true);
    expect(slices.early.some((name) => name.startsWith("tc-"))).toBe(map === "zh-TW");
    await context.close();
    await page.context().close();
  });
}

test("a stage title holds 200 × 𠮷 (400 UTF-16 units), typed or pasted, and not a 201st", async ({ browser }) => {
  const page = await newMap(browser, "zh-CN", "zh-CN");
  const longest = "𠮷".repeat(200);
  await page.getByTestId("add-stage").click();
  const input = page.getByTestId("stage-title-input");
  await expect(input).toBeFocused();
  // Pasted in one go over the suggested title (selected), then one more typed at the end.
  await page.keyboard.insertText(longest);
  await expect(input).toHaveValue(longest);
  expect(await input.evaluate((el: HTMLInputElement) => el.value.length)).toBe(400);
  await page.keyboard.type("𠮷");
  await expect(input).toHaveValue(longest);
  // A paste that goes over is cut to what fits, never half of a pair.
  await input.fill("");
  await page.keyboard.insertText(`${longest}𠮷`);
  await expect(input).toHaveValue(longest);
  // …and says so.
  await expect(page.getByTestId("text-cut")).toHaveText("文字已截断为 200 个字符");
  await page.keyboard.press("Enter");
  await expect(stageTitles(page).last()).toHaveText(longest);
  // The header shows three lines of it (the whole title on hover): the row of stage headers stays
  // short, and the first card lane's add button below it can still be clicked.
  await expect(stageTitles(page).last()).toHaveAttribute("title", longest);
  const header = page.getByTestId("stage-header").last();
  expect((await header.boundingBox())?.height ?? 0).toBeLessThan(140);
  const stageId = await header.getAttribute("data-stage-id");
  await page.locator(`[data-testid="cell"][data-stage-id="${stageId}"]`).getByTestId("add-card").first().click({ trial: true });
  await page.screenshot({ path: test.info().outputPath("long-stage-title.png") });
  // The host took it: it is still there after a reload.
  await expectSaved(page);
  await reloadBoard(page);
  await expect(stageTitles(page).last()).toHaveText(longest);
  await page.context().close();
});

for (const [locale, stages, lanes, mixed, latin] of [
  ["zh-TW", ["觸達", "獲客"], ["顧客行為", "接觸點"], MIXED_TW, "結帳頁（Checkout v3.2）重試 3 次仍顯示「付款失敗」；客服說：請清除 cache。"],
  ["zh-CN", ["触达", "获客"], ["客户行为", "触点"], MIXED_CN, "结账页（Checkout v3.2）重试 3 次仍显示「付款失败」；客服说：请清除 cache。"],
] as const) {
  test(`a ${locale} map with long mixed cards and rare characters, for a person to look at`, async ({
    browser,
  }, testInfo) => {
    const shotDir = join(repoRoot, "tests/e2e/test-results");
    mkdirSync(shotDir, { recursive: true });
    const page = await newMap(browser, locale, locale);
    await addCard(page, await cell(page, stages[0], lanes[0]), RARE);
    await addCard(page, await cell(page, stages[0], lanes[1]), mixed);
    await addCard(page, await cell(page, stages[1], lanes[0]), `${RARE}：${mixed.slice(0, 30)}`);
    await addCard(page, await cell(page, stages[1], lanes[1]), latin);
    // Nothing selected, the board at its top.
    await page.locator(".board-grid > .corner").click();
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("inspector")).toBeHidden();
    await page.getByTestId("board").evaluate((el) => el.scrollTo(0, 0));
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(300);
    const full = testInfo.outputPath(`cjk-${locale}-1366x768.png`);
    await page.screenshot({ path: full });
    copyFileSync(full, join(shotDir, `shot-cjk-${locale}-1366x768.png`));
    // The new cards up close, drawn at twice the pixel density.
    const first = await (await cell(page, stages[0], lanes[0])).boundingBox();
    const last = await (await cell(page, stages[1], lanes[1])).boundingBox();
    if (first && last) {
      const cdp = await page.context().newCDPSession(page);
      const clip = { x: first.x, y: first.y, width: last.x + last.width - first.x, height: 768 - first.y, scale: 2 };
      const { data } = await cdp.send("Page.captureScreenshot", { format: "png", clip });
      await cdp.detach();
      const name = `cjk-${locale}-cards-2x`;
      const path = testInfo.outputPath(`${name}.png`);
      writeFileSync(path, Buffer.from(data, "base64"));
      copyFileSync(path, join(shotDir, `shot-${name}.png`));
    }
    await page.context().close();
  });
}
