// A teammate who scanned the invitation's QR code takes part from a phone, by touch only (390×844,
// zh-CN): a tapped card's panel is a sheet over the lower screen that leaves the board in view and
// closes with its button, a card moves to another stage and lane from that panel (nothing can be
// dragged by a finger), a swipe over the board scrolls it without selecting cards, and the page
// never grows wider than the screen, held upright or sideways; the top bar takes two rows; everything
// a finger taps is big enough for one, and a tap that puts a menu away does only that.
import { type CDPSession, expect, type Page, test } from "@playwright/test";
import { cell } from "../support/board";
import { facilitatorPage, joinByLink, participantBrowser, startWorkshopHost, type WorkshopHost } from "../support/workshop";

test.use(participantBrowser);

let host: WorkshopHost;
test.afterEach(async () => {
  await host?.stop();
});

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "zh-CN" };

/** A finger drawn across the screen from one point to another, as a phone's touch events. */
async function swipe(
  page: Page,
  cdp: CDPSession,
  from: { x: number; y: number },
  to: { x: number; y: number },
): Promise<void> {
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ ...from, id: 1 }] });
  for (let i = 1; i <= 12; i++) {
    const at = { x: from.x + ((to.x - from.x) * i) / 12, y: from.y + ((to.y - from.y) * i) / 12, id: 1 };
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [at] });
    await page.waitForTimeout(16);
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
}

/** The smallest a control may be on a touch screen, each way (small-screens.css). */
const FINGER = 32;

/**
 * The controls on screen that a finger would struggle to hit: buttons, fields, menu items and
 * anything focusable, measured by their label where a label wraps a box or a button.
 */
async function tooSmallForAFinger(page: Page): Promise<string[]> {
  return page.evaluate((finger) => {
    const controls = "button, select, input, textarea, a[href], [role=button], [role=menuitem], [role=option], [tabindex='0']";
    const small: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(controls))) {
      const label = el.closest("label");
      const wrapped = label !== null && !(el instanceof HTMLInputElement && el.type === "text");
      const box = (wrapped ? label : el).getBoundingClientRect();
      const drawn = box.width > 0 && box.height > 0;
      const onScreen = box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
      if (drawn && onScreen && (box.width < finger || box.height < finger)) {
        const name = el.dataset.testid ?? el.getAttribute("aria-label") ?? el.textContent?.trim().slice(0, 20);
        small.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return [...new Set(small)];
  }, FINGER);
}

async function pageFits(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

test("a participant on a phone reads, moves and lets go of a card by touch", async ({ browser }, testInfo) => {
  host = await startWorkshopHost();
  const fc = await browser.newContext();
  const pc = await browser.newContext(PHONE);
  try {
    const fac = await facilitatorPage(host, fc);
    const phone = await joinByLink(host, pc, "小王");
    await pageFits(phone);
    // The top bar is two rows: the map's title with its save state, language and theme; then
    // who is here, undo and oneself.
    const bar = await phone.locator(".participant-top-bar").boundingBox();
    expect(bar?.height ?? 0).toBeLessThan(2 * (FINGER + 12) + 12);
    const title = await phone.getByTestId("participant-map-title").boundingBox();
    const prefs = await phone.locator(".participant-prefs").boundingBox();
    expect(Math.abs((title?.y ?? 0) + (title?.height ?? 0) / 2 - ((prefs?.y ?? 0) + (prefs?.height ?? 0) / 2))).toBeLessThan(4);
    // and Tab goes through the bar in the order it is read: row by row, left to right
    const tabOrder = await phone.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>(".participant-top-bar :is(button, select, input, [tabindex])")]
        .filter((el) => el.tabIndex >= 0 && el.getClientRects().length > 0)
        .map((el) => {
          const box = el.getBoundingClientRect();
          return { name: el.dataset.testid ?? el.getAttribute("aria-label") ?? el.tagName, top: box.top, left: box.left };
        }),
    );
    expect(tabOrder.length).toBeGreaterThan(2);
    const read = [...tabOrder].sort((a, b) => (Math.abs(a.top - b.top) < 8 ? a.left - b.left : a.top - b.top));
    expect(tabOrder.map((c) => c.name)).toEqual(read.map((c) => c.name));
    // The board's toolbar is one row (it scrolls sideways), so the board keeps the screen's height.
    const toolbar = await phone.locator(".board-toolbar").boundingBox();
    expect(toolbar?.height ?? 0).toBeLessThan(2 * FINGER + 12);
    const card = phone.getByTestId("card").first();
    const text = (await card.locator(".card-body").innerText()).trim();

    await card.locator(".card-body").tap();
    const sheet = phone.getByTestId("inspector");
    await expect(sheet).toBeVisible();
    const box = await sheet.boundingBox();
    expect(box?.x).toBe(0);
    expect(box?.width).toBe(390);
    expect(box?.y ?? 0).toBeGreaterThan(844 * 0.5);
    // the card tapped is scrolled into the board left between the sticky stage headers and the
    // sheet: whole when it fits, its top (where its text begins) when it does not
    const header = await phone.getByTestId("stage-header").first().boundingBox();
    const headerBottom = (header?.y ?? 0) + (header?.height ?? 0);
    await expect
      .poll(async () => {
        const c = await card.boundingBox();
        const top = c?.y ?? 0;
        const bottom = top + (c?.height ?? 0);
        const fits = (c?.height ?? 0) <= (box?.y ?? 0) - headerBottom;
        return top >= headerBottom && (fits ? bottom <= (box?.y ?? 0) : top + 40 <= (box?.y ?? 0));
      })
      .toBe(true);
    await phone.screenshot({ path: testInfo.outputPath("phone-sheet.png") });

    // Moved by the panel's lists to the next stage's pain-point lane, on the facilitator's board too.
    const stages = phone.getByTestId("place-stage");
    const nextStage = await stages.locator("option").nth(1).getAttribute("value");
    await stages.selectOption(nextStage ?? "");
    await phone.getByTestId("place-lane").selectOption({ label: "痛点" });
    const stageTitle = (await stages.locator("option").nth(1).textContent()) ?? "";
    await expect((await cell(fac, stageTitle, "痛点")).getByTestId("card").filter({ hasText: text })).toHaveCount(1);
    // and the phone's board follows the card to its new cell, on the screen beside the lane titles
    const moved = phone.getByTestId("card").filter({ hasText: text });
    await expect
      .poll(async () => {
        const c = await moved.boundingBox();
        return (c?.x ?? -1) >= 0 && (c?.x ?? 0) + (c?.width ?? 0) <= 390;
      })
      .toBe(true);

    await phone.getByTestId("inspector-close").tap();
    await expect(sheet).toHaveCount(0);

    // One tap deletes; the notice that says so takes it back, on every board.
    await moved.locator(".card-body").tap();
    await phone.getByTestId("inspector-delete-card").tap();
    await expect(moved).toHaveCount(0);
    await expect(fac.getByTestId("card").filter({ hasText: text })).toHaveCount(0);
    await phone.getByTestId("deleted-notice-action").tap();
    await expect(moved).toHaveCount(1);
    await expect(fac.getByTestId("card").filter({ hasText: text })).toHaveCount(1);
    await expect(phone.getByTestId("deleted-notice")).toHaveCount(0);
    await expect(sheet).toHaveCount(0);

    // A swipe that starts on a cell's background scrolls the board and selects nothing.
    const scroller = phone.locator(".board-scroll");
    const before = await scroller.evaluate((el) => el.scrollTop + el.scrollLeft);
    const cdp = await pc.newCDPSession(phone);
    const view = await scroller.boundingBox();
    const at = { x: (view?.x ?? 0) + (view?.width ?? 390) * 0.75, y: (view?.y ?? 0) + (view?.height ?? 600) * 0.8 };
    await swipe(phone, cdp, at, { x: at.x - 120, y: at.y - 200 });
    await expect.poll(() => scroller.evaluate((el) => el.scrollTop + el.scrollLeft)).toBeGreaterThan(before);
    await expect(phone.locator(".rubber-band")).toHaveCount(0);
    await phone.getByTestId("open-search").tap();
    await expect(sheet).toHaveCount(0);

    // Sideways: the bar wraps instead of widening the page.
    await phone.setViewportSize({ width: 844, height: 390 });
    await pageFits(phone);
    await phone.screenshot({ path: testInfo.outputPath("phone-landscape.png") });
  } finally {
    await pc.close();
    await fc.close();
  }
});

test("everything a finger taps on a phone is big enough for one", async ({ browser }) => {
  host = await startWorkshopHost();
  const pc = await browser.newContext(PHONE);
  try {
    const phone = await joinByLink(host, pc, "小王");
    expect(await tooSmallForAFinger(phone), "the board").toEqual([]);
    // Clearing the template's examples is the facilitator's call.
    await expect(phone.getByTestId("clear-examples")).toHaveCount(0);

    await phone.getByTestId("card").first().locator(".card-body").tap();
    const sheet = phone.getByTestId("inspector");
    await expect(sheet).toBeVisible();
    for (const part of [0, 1, 2, 3, 4]) {
      await sheet.evaluate((el, part) => {
        el.scrollTop = (el.scrollHeight * part) / 4;
      }, part);
      expect(await tooSmallForAFinger(phone), `the card's panel, ${part}/4 down`).toEqual([]);
    }
    // The card's text, once tapped for editing, is written at 16 px too.
    await sheet.evaluate((el) => {
      el.scrollTop = 0;
    });
    await sheet.locator(".inspector-text").first().tap();
    await expect(sheet.locator(".cm-content")).toHaveCSS("font-size", "16px");
    await phone.getByTestId("inspector-close").tap();

    await phone.locator(".head-menu-button").first().tap();
    await expect(phone.getByTestId("delete-stage")).toBeVisible();
    expect(await tooSmallForAFinger(phone), "a stage's menu").toEqual([]);
    // A tap on the board puts the menu away, and only that: the card under the finger is not
    // selected, its sheet not opened.
    await phone.getByTestId("card").first().locator(".card-body").tap();
    await expect(phone.getByTestId("delete-stage")).toHaveCount(0);
    await phone.waitForTimeout(300);
    await expect(sheet).toHaveCount(0);

    await phone.getByTestId("open-search").tap();
    await expect(phone.getByTestId("search-input")).toBeVisible();
    expect(await tooSmallForAFinger(phone), "the search bar").toEqual([]);
    // a field's text is 16 px, or the phone's browser zooms the page in when it is tapped
    expect(await phone.getByTestId("search-input").evaluate((el) => getComputedStyle(el).fontSize)).toBe("16px");
  } finally {
    await pc.close();
  }
});
