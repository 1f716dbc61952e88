// More board on a facilitator's laptop (1366×768, the project's default viewport), with maps in
// Traditional and Simplified Chinese: the left rail and the map header fold away and stay folded
// after a reload, Fit shows the whole board, a tall lane keeps its title in view, a lane titled
// after its kind does not repeat it, empty cells keep "+ Add card" out of sight until pointed at or
// reached by Tab, a blueprint line leaves its label readable, and a very long card stays short on
// the board while the inspector shows all of it (those two in zh-TW and zh-CN). The last test
// saves screenshots for a person to look at (test-results/shot-laptop-*.png).
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { expect, type Locator, type Page, type TestInfo, test } from "@playwright/test";
import {
  cell,
  createMap,
  createProject,
  expectSaved,
  laneTitle,
  openApp,
  reloadBoard,
  setUiLanguage,
  stageHeader,
} from "../support/board";
import { type Host, repoRoot, startHost } from "../support/host";

let host: Host;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

/** A fresh project with one map from `template` in `locale`, opened. */
async function openNewMap(
  page: Page,
  locale: "zh-TW" | "zh-CN",
  template: Parameters<typeof createMap>[3] = "lifecycle",
): Promise<void> {
  await openApp(page, host.url, locale === "zh-TW" ? "小林" : "小李");
  const project = locale === "zh-TW" ? "網店顧客旅程" : "网店客户旅程";
  await createProject(page, project);
  await createMap(page, project, locale, template);
}

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error("not on screen");
  return b;
}

/** Folds the left rail and the map header with their buttons (by keyboard for the header). */
async function collapseRailAndHeader(page: Page): Promise<void> {
  await page.getByRole("button", { name: "收合專案欄" }).click();
  const headerToggle = page.getByRole("button", { name: "收合旅程圖資訊" });
  await headerToggle.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("map-header-toggle")).toHaveAttribute("aria-expanded", "false");
}

test.describe("Traditional Chinese", () => {
  test.use({ locale: "zh-TW" });

  test("the rail and the map header fold away, stay folded after a reload, and give the board their room", async ({
    page,
  }) => {
    await openNewMap(page, "zh-TW");
    const board = page.getByTestId("board");
    const rail = page.getByTestId("left-rail");
    const header = page.getByTestId("map-header");
    const before = { board: await box(board), rail: await box(rail), header: await box(header) };

    // The rail's button has a name and is reached and pressed by keyboard; the focus stays on it.
    const railToggle = page.getByRole("button", { name: "收合專案欄" });
    await expect(railToggle).toHaveAttribute("aria-expanded", "true");
    await railToggle.focus();
    await page.keyboard.press("Enter");
    const railExpand = page.getByRole("button", { name: "展開專案欄" });
    await expect(railExpand).toBeFocused();
    await expect(railExpand).toHaveAttribute("aria-expanded", "false");
    await expect(page.getByTestId("project-item")).toBeHidden();

    const headerToggle = page.getByRole("button", { name: "收合旅程圖資訊" });
    await headerToggle.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("button", { name: "展開旅程圖資訊" })).toBeFocused();
    // One line with the map's title; the scenario and expectations are out of the way.
    await expect(page.getByTestId("map-header-title")).toHaveText("顧客生命週期旅程");
    await expect(page.getByTestId("scenario-input")).toBeHidden();
    await expectSaved(page);

    await reloadBoard(page);
    await expect(page.getByRole("button", { name: "展開專案欄" })).toHaveAttribute("aria-expanded", "false");
    await expect(page.getByRole("button", { name: "展開旅程圖資訊" })).toHaveAttribute("aria-expanded", "false");
    await expect(page.getByTestId("map-header-title")).toHaveText("顧客生命週期旅程");
    await expect(page.getByTestId("project-item")).toBeHidden();

    // A narrow strip and a single line; the board gains exactly what they gave up.
    const after = { board: await box(board), rail: await box(rail), header: await box(header) };
    expect(after.rail.width).toBeLessThanOrEqual(48);
    expect(after.header.height).toBeLessThanOrEqual(40);
    const gainedWidth = after.board.width - before.board.width;
    const gainedHeight = after.board.height - before.board.height;
    expect(gainedWidth).toBeGreaterThanOrEqual(200);
    expect(gainedHeight).toBeGreaterThanOrEqual(80);
    expect(Math.abs(gainedWidth - (before.rail.width - after.rail.width))).toBeLessThanOrEqual(1);
    expect(Math.abs(gainedHeight - (before.header.height - after.header.height))).toBeLessThanOrEqual(1);

    // And both come back.
    await page.getByRole("button", { name: "展開專案欄" }).click();
    await page.getByRole("button", { name: "展開旅程圖資訊" }).click();
    await expect(page.getByTestId("project-item")).toBeVisible();
    await expect(page.getByTestId("scenario-input")).toBeVisible();
    const again = await box(board);
    expect(Math.abs(again.width - before.board.width)).toBeLessThanOrEqual(1);
    expect(Math.abs(again.height - before.board.height)).toBeLessThanOrEqual(1);
  });

  test("Fit shows every stage and every lane of a service blueprint that fits readably, else stops at 75%", async ({
    page,
  }) => {
    await openNewMap(page, "zh-TW", "service_blueprint");
    await collapseRailAndHeader(page);
    const board = page.getByTestId("board");
    // At 100% the lanes run far below the screen.
    expect(await board.evaluate((el) => el.scrollHeight > el.clientHeight + 100)).toBe(true);

    // On a 1366×768 laptop its seven lanes do not fit at a readable size: Fit stops at 75%
    // (12 px card text drawn at 9 px), with every stage across.
    await page.getByTestId("zoom-fit").click();
    await expect(page.getByTestId("zoom-reset")).toHaveText("75%");
    expect(await board.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
    await expect(stageHeader(page, "首次使用")).toBeInViewport({ ratio: 1 });

    // On a larger screen the whole blueprint fits, both ways, above that minimum.
    await page.setViewportSize({ width: 1920, height: 1200 });
    await page.getByTestId("zoom-fit").click();
    await expect(page.getByTestId("zoom-reset")).not.toHaveText("75%");
    const percent = Number((await page.getByTestId("zoom-reset").innerText()).replace("%", ""));
    expect(percent).toBeGreaterThan(75);

    // Nothing left to scroll to, and every header and lane title wholly inside the view.
    const view = await board.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return {
        left: r.left + el.clientLeft,
        top: r.top + el.clientTop,
        right: r.left + el.clientLeft + el.clientWidth,
        bottom: r.top + el.clientTop + el.clientHeight,
        overflowX: el.scrollWidth - el.clientWidth,
        overflowY: el.scrollHeight - el.clientHeight,
      };
    });
    expect(view.overflowX).toBeLessThanOrEqual(1);
    expect(view.overflowY).toBeLessThanOrEqual(1);
    const parts = [page.getByTestId("stage-header"), page.getByTestId("lane-title")];
    for (const part of parts) {
      const all = await part.all();
      expect(all.length).toBeGreaterThanOrEqual(5);
      for (const el of all) {
        const b = await box(el);
        expect(b.x).toBeGreaterThanOrEqual(view.left - 1);
        expect(b.y).toBeGreaterThanOrEqual(view.top - 1);
        expect(b.x + b.width).toBeLessThanOrEqual(view.right + 1);
        expect(b.y + b.height).toBeLessThanOrEqual(view.bottom + 1);
      }
    }
    await expect(stageHeader(page, "首次使用")).toBeInViewport({ ratio: 1 });
  });

  test("a lane titled after its kind does not say it twice, in the map's language", async ({ page }) => {
    await openNewMap(page, "zh-TW");
    // Titled like their kind, or holding its word (行銷部 over 行銷): no subtitle.
    for (const title of ["顧客行為", "接觸點", "通路", "情緒曲線", "痛點", "行銷部"]) {
      await expect(laneTitle(page, title)).toBeVisible();
      await expect(laneTitle(page, title).locator(".lane-kind")).toHaveCount(0);
    }
    // Titled otherwise: the kind still shows.
    await expect(laneTitle(page, "業務部").locator(".lane-kind")).toHaveText("銷售");
    await expect(laneTitle(page, "客服部").locator(".lane-kind")).toHaveText("服務");

    // With the interface in English the map's own words stay in its language, as its exports
    // print them: lane kinds, channel names, the phase; the interface's words are English.
    await setUiLanguage(page, "en");
    await expect(page.getByTestId("export-open")).toHaveText("Export");
    await expect(laneTitle(page, "接觸點").locator(".lane-kind")).toHaveCount(0);
    await expect(laneTitle(page, "顧客行為").locator(".lane-kind")).toHaveCount(0);
    await expect(laneTitle(page, "業務部").locator(".lane-kind")).toHaveText("銷售");
    const chips = page.locator('[data-testid^="channel-active-"]');
    await expect(chips.first()).toBeVisible();
    for (const chip of await chips.allTextContents()) expect(chip).toMatch(/[\u4e00-\u9fff]/);
    await expect(page.locator(".phase-label")).toHaveText(["售後"]);
  });

  test("stage titles line up whether their descriptions take one line or two", async ({ page }) => {
    await openNewMap(page, "zh-TW");
    const lines = await page.getByTestId("stage-header").evaluateAll((headers) =>
      headers.map((h) => {
        const d = h.querySelector(".stage-description");
        return {
          title: Math.round(h.querySelector(".stage-title")?.getBoundingClientRect().top ?? -1),
          descriptionHeight: Math.round(d?.getBoundingClientRect().height ?? 0),
        };
      }),
    );
    // The template's descriptions wrap to different heights at this width; the titles do not move.
    expect(new Set(lines.map((l) => l.descriptionHeight)).size).toBeGreaterThan(1);
    expect(new Set(lines.map((l) => l.title)).size).toBe(1);
  });

  test("“+ Add card” of an empty cell shows on hover or keyboard focus only, and Tab reaches it", async ({
    page,
  }) => {
    await openNewMap(page, "zh-TW");
    const empty = await cell(page, "轉換", "接觸點");
    await expect(empty.getByTestId("card")).toHaveCount(0);
    const add = empty.getByTestId("add-card");
    await expect(add).toHaveCSS("opacity", "0");

    await empty.hover();
    await expect(add).toHaveCSS("opacity", "1");
    await page.mouse.move(5, 5);
    await expect(add).toHaveCSS("opacity", "0");

    // From the card in the cell to its left, Tab walks on into this cell's button.
    const left = await cell(page, "獲客", "接觸點");
    await left.getByTestId("card").first().locator(".card-body").focus();
    for (let i = 0; i < 6; i++) {
      if (await add.evaluate((el) => el === document.activeElement)) break;
      await page.keyboard.press("Tab");
    }
    await expect(add).toBeFocused();
    await expect(add).toHaveCSS("opacity", "1");
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("card-editor")).toBeFocused();
    await page.keyboard.type("客服專線");
    await page.keyboard.press("Escape");
    await expect(empty.getByTestId("card")).toHaveText([/客服專線/]);
  });

  test("a card at the board's right edge opened by a double click is whole in view beside the inspector", async ({
    page,
  }) => {
    await openNewMap(page, "zh-TW");
    const board = page.getByTestId("board");
    const view = await box(board);
    // The rightmost card wholly on screen: the inspector its first click opens narrows the board.
    const edge = await page.getByTestId("card").evaluateAll(
      (cards, right) =>
        cards
          .map((c) => ({ id: c.getAttribute("data-card-id"), box: c.getBoundingClientRect() }))
          .filter((c) => c.box.right <= right && c.box.top > 250 && c.box.bottom < 700)
          .sort((a, b) => b.box.right - a.box.right)[0]?.id ?? null,
      view.x + view.width,
    );
    if (!edge) throw new Error("no card at the right edge");
    const card = page.locator(`[data-card-id='${edge}']`);
    const at = await box(card);
    await page.mouse.dblclick(at.x + at.width / 2, at.y + 12);
    await expect(page.getByTestId("inspector")).toBeVisible();
    const editor = page.getByTestId("card-editor");
    await expect(editor).toBeFocused();
    const narrowed = await box(board);
    const lanes = await box(page.locator(".lane-title").first());
    await expect
      .poll(async () => {
        const e = await box(card);
        return e.x >= lanes.x + lanes.width && e.x + e.width <= narrowed.x + narrowed.width + 0.5;
      })
      .toBe(true);
    await page.keyboard.type("，已讀");
    await page.keyboard.press("Escape");
    await expect(card).toContainText("，已讀");
  });

  test("a blueprint line keeps its label clear of the line and of the lane above", async ({ page }) => {
    await openNewMap(page, "zh-TW", "service_blueprint");
    const lines = page.getByTestId("blueprint-line");
    await expect(lines).toHaveCount(3);
    for (const line of await lines.all()) {
      await line.scrollIntoViewIfNeeded();
      const label = line.locator("span");
      const l = await box(line);
      const s = await box(label);
      // inside the line's own row (nothing of the lane above covers it) …
      expect(s.y).toBeGreaterThanOrEqual(l.y - 0.5);
      expect(s.y + s.height).toBeLessThanOrEqual(l.y + l.height + 0.5);
      // … on an opaque break in the line
      const bg = await label.evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(bg).not.toBe("rgba(0, 0, 0, 0)");
    }
  });

  test("screenshots at 1366×768 of a Traditional Chinese map, expanded and collapsed, after Fit", async ({
    page,
  }, testInfo) => {
    await openNewMap(page, "zh-TW");
    await page.getByTestId("zoom-fit").click();
    await shoot(page, testInfo, "laptop-zh-TW-expanded-fit");
    await collapseRailAndHeader(page);
    await page.getByTestId("zoom-fit").click();
    await shoot(page, testInfo, "laptop-zh-TW-collapsed-fit");
    await page.getByTestId("zoom-reset").click();
    await shoot(page, testInfo, "laptop-zh-TW-collapsed-100");
  });
});

/** The lifecycle template's titles, the UI's words and the cards typed, in each Chinese. */
for (const w of [
  {
    lang: "zh-CN",
    acquisition: "获客",
    conversion: "转化",
    painPoints: "痛点",
    opportunities: "机会点",
    painCard: (i: number) => `第 ${i} 个痛点：尺码指南很难找到`,
    longSentence: "顾客在结账页面反复比较运费和退货政策，",
    longStart: "顾客在结账页面",
    longEnd: "全文的结尾",
    moreLabel: "在检查器中阅读整张卡片",
  },
  {
    lang: "zh-TW",
    acquisition: "獲客",
    conversion: "轉換",
    painPoints: "痛點",
    opportunities: "機會點",
    painCard: (i: number) => `第 ${i} 個痛點：尺碼指南很難找到`,
    longSentence: "顧客在結帳頁面反覆比較運費和退貨政策，",
    longStart: "顧客在結帳頁面",
    longEnd: "全文的結尾",
    moreLabel: "在檢查器中閱讀整張卡片",
  },
] as const) {
  test.describe(`tall lanes and long cards, ${w.lang} map and UI`, () => {
    test.use({ locale: w.lang });

    test("a tall lane keeps its title in view while it scrolls past", async ({ page }) => {
      await openNewMap(page, w.lang);
      const target = await cell(page, w.acquisition, w.painPoints);
      for (let i = 1; i <= 8; i++) {
        await target.hover();
        await target.getByTestId("add-card").click();
        await page.keyboard.type(w.painCard(i));
        await page.keyboard.press("Escape");
      }
      await expect(target.getByTestId("card")).toHaveCount(9);
      await page.keyboard.press("Escape");
      const title = laneTitle(page, w.painPoints);
      expect((await box(title)).height).toBeGreaterThan(500);

      // Scroll the lane's top 200 px under the stage headers.
      const board = page.getByTestId("board");
      const headBottom = async () => {
        const b = await box(page.locator(".corner"));
        return b.y + b.height;
      };
      await board.evaluate((el, dy) => el.scrollBy({ top: dy, behavior: "instant" }), (await box(title)).y - (await headBottom()) + 200);
      await expect.poll(async () => (await box(title)).y).toBeLessThan((await headBottom()) - 150);

      // The title's name is still below the headers, inside its lane, on screen.
      const name = title.locator(".lane-name");
      await expect(name).toBeInViewport({ ratio: 1 });
      const n = await box(name);
      expect(n.y).toBeGreaterThanOrEqual((await headBottom()) - 1);
      const t = await box(title);
      expect(n.y + n.height).toBeLessThanOrEqual(t.y + t.height);

      // Sideways too, as before: the lane titles stay at the left edge.
      await board.evaluate((el) => el.scrollBy({ left: 400, behavior: "instant" }));
      await expect.poll(async () => board.evaluate((el) => el.scrollLeft)).toBeGreaterThan(50);
      const b = await box(board);
      expect((await box(name)).x).toBeGreaterThanOrEqual(b.x);
      await expect(name).toBeInViewport({ ratio: 1 });
    });

    test("a 10,000-character card shows a few lines on the board and all of it in the inspector", async ({
      page,
    }) => {
      await openNewMap(page, w.lang);
      const text = `${w.longSentence.repeat(600)}`.slice(0, 9_995) + w.longEnd;
      expect(text.length).toBe(10_000);
      const target = await cell(page, w.conversion, w.opportunities);
      await target.hover();
      await target.getByTestId("add-card").click();
      const editor = page.getByTestId("card-editor");
      await expect(editor).toBeFocused();
      await page.keyboard.insertText(text);
      // While editing, the box scrolls instead of growing with the text.
      const card = page.getByTestId("card").filter({ has: page.getByTestId("card-editor") });
      expect((await box(card)).height).toBeLessThan(420);
      await page.keyboard.press("Escape");
      await page.keyboard.press("Escape"); // clear the selection: the card alone, without its toolbar
      await expect(page.getByTestId("inspector")).toBeHidden();
      await expectSaved(page);

      const long = target.getByTestId("card").filter({ hasText: w.longStart });
      await expect(long).toHaveCount(1);
      expect((await box(long)).height).toBeLessThan(300);
      const more = long.getByTestId("card-more");
      await expect(more).toBeVisible();
      await expect(more).toHaveAccessibleName(w.moreLabel);
      await more.click();
      await expect(page.getByTestId("inspector")).toBeVisible();
      await expect(page.getByTestId("inspector-text")).toHaveValue(text);

      // Short cards keep their text whole, with no "more".
      await expect(page.getByTestId("card-more")).toHaveCount(1);
      await reloadBoard(page);
      expect((await box(target.getByTestId("card").filter({ hasText: w.longStart }))).height).toBeLessThan(300);
    });
  });
}

const shotDir = join(repoRoot, "tests/e2e/test-results");

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.mouse.move(5, 5);
  await page.waitForTimeout(300);
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: "image/png" });
  mkdirSync(shotDir, { recursive: true });
  copyFileSync(path, join(shotDir, `shot-${name}.png`));
}
