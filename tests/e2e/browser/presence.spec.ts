// Presence between browser contexts on one map of `wayline serve` (each context is a separate
// person: its own storage, so its own presence id): avatars with names and colours in everyone's
// top bar, the outline with the editor's name on a card someone else edits (and their caret in
// the card), follow mode, the facilitator's "Everyone follow me", and an avatar disappearing
// once its browser is closed. The last test saves screenshots for a person to look at
// (test-results/shot-presence-*.png), in the light and the dark theme.
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, expect, type Page, type TestInfo, test } from "@playwright/test";
import { cell, createMap, createProject, openApp } from "../support/board";
import { type Host, repoRoot, startHost } from "../support/host";

let host: Host;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

const MAP = "在场";

/** The first person creates the map; the others open it. */
async function people(browser: Browser, names: string[]): Promise<Page[]> {
  const pages: Page[] = [];
  for (const [i, name] of names.entries()) {
    const page = await (await browser.newContext()).newPage();
    await openApp(page, host.url, name);
    if (i === 0) {
      await createProject(page, MAP);
      await createMap(page, MAP, "zh-CN");
    } else {
      await page.getByTestId("map-item").first().click();
      await expect(page.getByTestId("board")).toHaveAttribute("data-ready", "true");
    }
    pages.push(page);
  }
  return pages;
}

function avatar(page: Page, name: string) {
  return page.getByTestId("presence-bar").locator(`[data-testid="presence-avatar"][data-name="${name}"]`);
}

async function scrollBoard(page: Page, left: number, top: number): Promise<void> {
  await page.getByTestId("board").evaluate(
    (el, to) => {
      el.scrollLeft = to.left;
      el.scrollTop = to.top;
    },
    { left, top },
  );
}

function scrollOf(page: Page): Promise<{ left: number; top: number }> {
  return page.getByTestId("board").evaluate((el) => ({ left: el.scrollLeft, top: el.scrollTop }));
}

/** Waits until the page's board is scrolled to `left`, `top` (give or take a pixel of rounding). */
async function expectScrolled(page: Page, left: number, top: number): Promise<void> {
  await expect
    .poll(async () => {
      const s = await scrollOf(page);
      return Math.abs(s.left - left) <= 1 && Math.abs(s.top - top) <= 1 ? "there" : `${s.left},${s.top}`;
    })
    .toBe("there");
}

test("avatars, the outline on a card someone edits, and leaving", async ({ browser }) => {
  const [alice, bob, carol] = await people(browser, ["Alice", "Bob", "小陈"]);
  if (!alice || !bob || !carol) throw new Error("three people");

  // Everyone sees everyone, each in their own colour, themselves first.
  for (const [page, self, others] of [
    [alice, "Alice", ["Bob", "小陈"]],
    [bob, "Bob", ["Alice", "小陈"]],
    [carol, "小陈", ["Alice", "Bob"]],
  ] as const) {
    await expect(page.getByTestId("presence-avatar").first()).toHaveAttribute("data-name", self);
    for (const name of others) await expect(avatar(page, name)).toBeVisible();
  }
  const bobColor = await avatar(bob, "Bob").getAttribute("data-color");
  expect(bobColor).toMatch(/^#[0-9a-f]{6}$/);
  await expect(avatar(alice, "Bob")).toHaveAttribute("data-color", bobColor ?? "");
  const rgb = (hex: string) =>
    `rgb(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;
  await expect(avatar(alice, "Bob")).toHaveCSS("background-color", rgb(bobColor ?? ""));
  await expect(avatar(alice, "小陈")).toHaveText(/小/);
  await avatar(alice, "Bob").hover();
  await expect(avatar(alice, "Bob").locator(".presence-tip")).toBeVisible();
  await expect(avatar(alice, "Bob").locator(".presence-tip")).toContainText("Bob");

  // Bob edits a card: Alice and Carol see it outlined with his name, and his caret inside.
  const bobCell = await cell(bob, "获客", "痛点");
  await bobCell.getByTestId("add-card").click();
  await bob.keyboard.type("Bob 在写");
  const card = bobCell.getByTestId("card").last();
  const cardId = await card.getAttribute("data-card-id");
  const onAlice = alice.locator(`[data-card-id="${cardId}"]`);
  await expect(onAlice.getByTestId("card-edited-by")).toHaveText("Bob");
  await expect(carol.locator(`[data-card-id="${cardId}"]`).getByTestId("card-edited-by")).toHaveText("Bob");
  await onAlice.dblclick();
  await expect(onAlice.getByTestId("card-editor")).toBeVisible();
  await expect(onAlice.locator(".cm-remote-caret-name")).toHaveText("Bob");
  await alice.keyboard.press("Escape");
  await bob.keyboard.press("Escape");
  await expect(onAlice.getByTestId("card-edited-by")).toHaveCount(0);

  // Closing a browser: gone from the others' top bars within 15 s.
  await carol.context().close();
  await expect(avatar(alice, "小陈")).toHaveCount(0, { timeout: 15_000 });
  await expect(avatar(bob, "小陈")).toHaveCount(0, { timeout: 15_000 });
  await expect(avatar(alice, "Bob")).toBeVisible();
});

test("a browser that stops answering (a laptop gone to sleep) disappears within ~15 s", async ({
  browser,
}) => {
  const [alice, bob] = await people(browser, ["Alice", "Bob"]);
  if (!alice || !bob) throw new Error("two people");
  await expect(avatar(alice, "Bob")).toBeVisible();
  // Bob's page stops (its script paused): no pings, no heartbeats, but the connection stays open
  // (no close frame), as when a laptop sleeps or leaves the Wi-Fi.
  const cdp = await bob.context().newCDPSession(bob);
  await cdp.send("Debugger.enable");
  await cdp.send("Debugger.pause");
  const frozenAt = Date.now();
  await expect(avatar(alice, "Bob")).toHaveCount(0, { timeout: 16_000 });
  expect(Date.now() - frozenAt).toBeGreaterThan(5_000); // not before it could be noticed
});

test("follow mode, and everyone following the facilitator", async ({ browser }) => {
  const [alice, bob, carol] = await people(browser, ["Alice", "Bob", "Carol"]);
  if (!alice || !bob || !carol) throw new Error("three people");
  for (const page of [alice, bob, carol]) {
    // Zoomed in, so the board scrolls both ways.
    await page.getByTestId("zoom-in").click();
    await page.getByTestId("zoom-in").click();
  }
  const room = await alice
    .getByTestId("board")
    .evaluate((el) => ({ w: el.scrollWidth - el.clientWidth, h: el.scrollHeight - el.clientHeight }));
  expect(room.w).toBeGreaterThan(300);
  expect(room.h).toBeGreaterThan(200);

  // Bob follows Alice by clicking her avatar.
  await avatar(bob, "Alice").click();
  await expect(bob.getByTestId("follow-chip")).toContainText("Alice");
  await scrollBoard(alice, 300, 200);
  await expectScrolled(bob, 300, 200);
  await scrollBoard(alice, 120, 60);
  await expectScrolled(bob, 120, 60);
  await expect(scrollOf(carol)).resolves.toEqual({ left: 0, top: 0 });

  // Following takes the zoom too.
  await alice.getByTestId("zoom-out").click();
  await expect(bob.getByTestId("zoom-reset")).toHaveText(await alice.getByTestId("zoom-reset").innerText());

  // A manual scroll stops following.
  await bob.getByTestId("board").hover();
  await bob.mouse.wheel(0, 150);
  await expect(bob.getByTestId("follow-chip")).toHaveCount(0);
  await scrollBoard(alice, 280, 180);
  await bob.waitForTimeout(500);
  expect((await scrollOf(bob)).left).not.toBe(280);

  // "Everyone follow me": Bob and Carol follow Alice until they stop.
  await expect(bob.getByTestId("presence-lead")).toBeVisible(); // every browser here is a facilitator
  await alice.getByTestId("presence-lead").click();
  await expect(alice.getByTestId("presence-lead")).toHaveAttribute("aria-pressed", "true");
  for (const page of [bob, carol]) {
    await expect(page.getByTestId("follow-chip")).toContainText("Alice");
    await expect(avatar(page, "Alice")).toHaveAttribute("data-leading", "true");
  }
  await expect(alice.getByTestId("follow-chip")).toHaveCount(0);
  await scrollBoard(alice, 200, 150);
  for (const page of [bob, carol]) await expectScrolled(page, 200, 150);

  await carol.keyboard.press("Escape");
  await expect(carol.getByTestId("follow-chip")).toHaveCount(0);
  await scrollBoard(alice, 40, 30);
  await expectScrolled(bob, 40, 30);
  await carol.waitForTimeout(500);
  const stayed = await scrollOf(carol);
  expect(Math.abs(stayed.left - 200) + Math.abs(stayed.top - 150)).toBeLessThanOrEqual(2);

  // The lead ends: Bob is free again.
  await alice.getByTestId("presence-lead").click();
  await expect(bob.getByTestId("follow-chip")).toHaveCount(0);
});

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(300);
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: "image/png" });
  const dir = join(repoRoot, "tests/e2e/test-results");
  mkdirSync(dir, { recursive: true });
  copyFileSync(path, join(dir, `shot-presence-${name}.png`));
}

test("screenshots: three people, a card edited by someone else, following", async ({ browser }, testInfo) => {
  const [li, bob, fang] = await people(browser, ["小李", "Bob", "王芳"]);
  if (!li || !bob || !fang) throw new Error("three people");
  const bobCell = await cell(bob, "获客", "痛点");
  await bobCell.getByTestId("card").first().dblclick();
  await bob.keyboard.type("，还要比价");
  const cardId = await bobCell.getByTestId("card").first().getAttribute("data-card-id");
  const edited = li.locator(`[data-card-id="${cardId}"]`);
  await expect(edited.getByTestId("card-edited-by")).toHaveText("Bob");
  await edited.scrollIntoViewIfNeeded();
  await avatar(li, "王芳").hover();
  await shoot(li, testInfo, "light-1366x768");

  await li.getByTestId("presence-lead").click();
  await expect(fang.getByTestId("follow-chip")).toBeVisible();
  await shoot(fang, testInfo, "following-light-1366x768");

  for (const page of [li, fang]) {
    // system → light → dark
    await page.getByTestId("theme-toggle").click();
    await page.getByTestId("theme-toggle").click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  }
  await avatar(li, "Bob").hover();
  await shoot(li, testInfo, "dark-1366x768");
  await shoot(fang, testInfo, "following-dark-1366x768");
  for (const page of [li, fang]) await page.getByTestId("theme-toggle").click();
});
