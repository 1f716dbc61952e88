// A board of 2,000 cards (12 stages, 5 % linked; crates/model/src/large_map.rs) draws only the cells
// near the view (and a long cell a screenful at a time), and everything a facilitator does still reaches every card: the stage headers stay
// on screen, link arrows to cards not drawn end at their cells, search reveals a card far off,
// the keyboard walks to the last lane and adds a card there, and another participant's edit to a
// cell out of their view is there when they scroll to it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { type Host, repoRoot, startHost } from "../support/host";

const CARDS = 2000;
const benchMaps = process.env.BENCH_MAPS_BIN ?? join(repoRoot, "target/debug/examples/bench_maps");

let host: Host;
let dataDir: string;
let openMap = "";

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "wayline-large-"));
  const out = execFileSync(benchMaps, [dataDir, String(CARDS)], { encoding: "utf8" });
  const mapId = out.trim().split(" ")[1] ?? "";
  host = await startHost(["--no-sample"], dataDir);
  const api = new URL(host.url);
  const token = api.searchParams.get("token") ?? "";
  const res = await fetch(`${api.origin}/api/projects`, { headers: { authorization: `Bearer ${token}` } });
  const projects = (await res.json()) as { id: string }[];
  openMap = JSON.stringify({ projectId: projects[0]?.id ?? "", mapId });
});

test.afterAll(async () => {
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function boardPage(browser: Browser, name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await context.addInitScript(
    ([who, map]) => {
      localStorage.setItem("wayline.displayName", who);
      sessionStorage.setItem("wayline.openMap", map);
    },
    [name, openMap],
  );
  const page = await context.newPage();
  await page.goto(host.url);
  await expect(page.getByTestId("board")).toHaveAttribute("data-ready", "true", { timeout: 60_000 });
  await expect(page.getByTestId("card").first()).toBeVisible({ timeout: 60_000 });
  return page;
}

const board = (page: Page) => page.getByTestId("board");
const drawnCards = (page: Page) => page.getByTestId("card").count();
/** The cells of card and team lanes (not channels, metrics or emotion), row by row. */
const cardCells = (page: Page) =>
  page.locator(".board-grid [data-testid='cell']:not(.metric-cell):not(.channel-cell)");

async function scrollBoard(page: Page, top: number, left: number): Promise<void> {
  await board(page).evaluate((el, [t, l]) => el.scrollTo({ top: t, left: l }), [top, left]);
}

test.describe.configure({ mode: "serial" });

test("draws the cells near the view and keeps every card reachable", async ({ browser }) => {
  test.setTimeout(180_000);
  const page = await boardPage(browser, "Ana");
  expect((await cardCells(page).count()) % 12).toBe(0);
  // Far fewer cards in the page than in the map, and cells standing in for the rest.
  const drawn = await drawnCards(page);
  expect(drawn).toBeGreaterThan(0);
  expect(drawn).toBeLessThan(CARDS / 2);
  expect(await page.locator(".cell.pending").count()).toBeGreaterThan(0);
  // In a browser each cell is a compositor layer of its own (moved without being painted again).
  expect(await cardCells(page).first().evaluate((el) => getComputedStyle(el).willChange)).toBe("transform");

  // A cell of many cards draws them a screenful at a time, the rest as it is scrolled to.
  const first = cardCells(page).first();
  await expect(first.getByTestId("card")).toHaveCount(16);
  await expect(first.locator(".cell-pending")).toHaveCount(1);
  for (let top = 400; top <= 2400; top += 400) await scrollBoard(page, top, 0);
  await expect(first.locator(".cell-pending")).toHaveCount(0);
  expect(await first.getByTestId("card").count()).toBeGreaterThan(16);
  await scrollBoard(page, 0, 0);

  // Link arrows are drawn for links whose cards are not in the page (they end at the cells).
  const arrows = page.getByTestId("link-arrow");
  await expect.poll(() => arrows.count()).toBeGreaterThan(80);
  const arrowsBefore = await arrows.count();

  // Scrolled to the end: the last row's cards are drawn, the stage headers stay on screen.
  await scrollBoard(page, 1e7, 1e7);
  const lastCell = cardCells(page).last();
  await expect(lastCell.getByTestId("card").first()).toBeVisible();
  const header = page.getByTestId("stage-header").last();
  await expect(header).toBeInViewport();
  const boardBox = await board(page).boundingBox();
  const headerBox = await header.boundingBox();
  expect(headerBox && boardBox && headerBox.y - boardBox.y).toBeLessThan(5);
  expect(await arrows.count()).toBe(arrowsBefore);

  // Search reveals a card in a cell far from the view.
  await scrollBoard(page, 0, 0);
  await page.locator(".board-grid > .corner").click();
  await page.keyboard.press("Control+f");
  // (card #1900 is in stage 8, out of view and not drawn until found)
  await expect(page.getByText(/#1900$/)).toHaveCount(0);
  await page.getByTestId("search-input").fill("#1900");
  await expect(page.getByTestId("search-count")).toHaveText("1 of 1");
  const hit = page.locator(".card.search-current");
  await expect(hit).toContainText("#1900");
  await expect(hit).toBeInViewport();
  await page.keyboard.press("Escape");
  await page.context().close();
});

test("the keyboard reaches the last lane, and a far edit is there on scrolling", async ({ browser }) => {
  test.setTimeout(180_000);
  const ana = await boardPage(browser, "Ana");
  const ben = await boardPage(browser, "Ben");
  const cells = cardCells(ana);
  const lastLane = await cells.last().getAttribute("data-lane-id");
  const lastStage = await cells.last().getAttribute("data-stage-id");
  const at = (page: Page) =>
    page.locator(`[data-testid='cell'][data-stage-id='${lastStage}'][data-lane-id='${lastLane}']`);

  // Arrow keys from the first cell to the last card lane's last stage, then Enter adds a card there.
  await cells.first().focus();
  const focusedLane = () => ana.evaluate(() => document.activeElement?.getAttribute("data-lane-id"));
  for (let i = 0; i < 20 && (await focusedLane()) !== lastLane; i++) await ana.keyboard.press("ArrowDown");
  for (let i = 0; i < 11; i++) await ana.keyboard.press("ArrowRight");
  const target = at(ana);
  await expect(target).toBeFocused();
  await expect(target).toBeInViewport();
  await ana.keyboard.press("Enter");
  await expect(ana.getByTestId("card-editor")).toBeVisible();
  await ana.keyboard.type("远处的新卡片 far away");
  await ana.keyboard.press("Escape");
  await expect(target.getByTestId("card").last()).toContainText("远处的新卡片 far away");

  // Ben looks at the top-left corner: that cell is not drawn for him, the card is not in his page.
  await expect(at(ben)).toHaveClass(/pending/);
  await expect(ben.getByText("远处的新卡片 far away")).toHaveCount(0);
  await scrollBoard(ben, 1e7, 1e7);
  await expect(at(ben).getByTestId("card").last()).toContainText("远处的新卡片 far away");
  await ana.context().close();
  await ben.context().close();
});
