// Wall mode: a teammate's browser on the room's projector shows the board without its editing
// chrome, larger, with the workshop's timer; the facilitator's edits and timer appear on it, and
// a stray click edits nothing; Escape brings everything back as it was.
import { expect, type Page, test } from "@playwright/test";
import { setUiLanguage } from "../support/board";
import { facilitatorPage, joinByLink, participantBrowser, startWorkshopHost, type WorkshopHost } from "../support/workshop";

test.use(participantBrowser);

let host: WorkshopHost;
test.afterEach(async () => {
  await host?.stop();
});

/** The board's zoom as its toolbar says it ("100%" → 1). */
async function zoomOf(page: Page): Promise<number> {
  return Number(((await page.getByTestId("zoom-reset").textContent()) ?? "").replace("%", "")) / 100;
}

test("a projector's browser shows the board in wall mode: no chrome, larger, live, nothing to edit", async ({ browser }) => {
  host = await startWorkshopHost();
  const facilitator = await facilitatorPage(host, await browser.newContext());
  const wall = await joinByLink(host, await browser.newContext({ viewport: { width: 1920, height: 1080 } }), "投影");
  await setUiLanguage(wall, "zh-TW");
  const zoomBefore = await zoomOf(wall);

  await wall.getByTestId("wall-enter").click();
  await expect(wall.locator("html")).toHaveAttribute("data-wall", "on");
  for (const chrome of [".board-toolbar", ".left-rail", ".map-header"]) {
    await expect(wall.locator(chrome)).toBeHidden();
  }
  await expect(wall.getByTestId("participant-map-title")).toBeVisible();
  await expect(wall.getByTestId("wall-exit")).toHaveText("離開投影模式（Esc）");

  // The facilitator's timer and a new card's text reach the wall.
  await facilitator.getByTestId("timer").click();
  await facilitator.getByTestId("timer-label-input").fill("Map the pain points");
  await facilitator.getByTestId("timer-preset-3").click();
  await expect(wall.getByTestId("timer")).toContainText("Map the pain points");
  await expect(wall.getByTestId("timer")).toBeVisible();
  const card = facilitator.getByTestId("card").first();
  await card.dblclick();
  await facilitator.keyboard.press("End");
  await facilitator.keyboard.type(" 投影上看得到");
  await facilitator.keyboard.press("Escape");
  await expect(wall.getByTestId("board")).toContainText("投影上看得到");

  // A stray double click on the wall opens no editor.
  await wall.getByTestId("card").first().dblclick();
  await expect(wall.getByTestId("card-editor")).toHaveCount(0);
  await wall.screenshot({ path: "test-results/wall-mode.png" });

  await wall.keyboard.press("Escape");
  await expect(wall.locator("html")).not.toHaveAttribute("data-wall", "on");
  await expect(wall.locator(".board-toolbar")).toBeVisible();
  await expect.poll(() => zoomOf(wall)).toBe(zoomBefore);

  // The facilitator asks everyone to follow: the wall follows and keeps following through wall
  // mode and out of it.
  await facilitator.getByTestId("presence-lead").click();
  await expect(wall.getByTestId("follow-chip")).toBeVisible();
  await wall.getByTestId("wall-enter").click();
  await expect(wall.locator("html")).toHaveAttribute("data-wall", "on");
  // Two frames: wall mode measures the board after the frame that drops the chrome.
  await wall.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0)))));
  await expect(wall.getByTestId("follow-chip")).toBeVisible();
  await wall.keyboard.press("Escape");
  await expect(wall.locator("html")).not.toHaveAttribute("data-wall", "on");
  await expect(wall.getByTestId("follow-chip")).toBeVisible();
});
