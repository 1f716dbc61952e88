// What the keyboard reaches on the board is shown whole, out from under the sticky lane titles and
// stage headers: with the board scrolled sideways, Tab into the first card brings it out from
// under the lane titles (the browser had left it there: it was inside the scroller's view); and
// deleting the card the keyboard is on leaves the focus beside it, not on the page.
import { expect, test } from "@playwright/test";
import { openApp } from "../support/board";
import { type Host, startHost } from "../support/host";

let host: Host;
test.afterEach(async () => {
  await host?.stop();
});

test("Tab into a card under the sticky lane titles scrolls it out from under them", async ({ page }) => {
  // with the sample map
  host = await startHost([]);
  await openApp(page, host.url);
  await page.getByTestId("map-item").first().click();
  const board = page.getByTestId("board");
  await expect(board).toHaveAttribute("data-ready", "true");
  await board.evaluate((el) => {
    el.scrollLeft = 120;
  });
  const firstCard = page.getByTestId("card").first();
  const laneTitle = page.locator(".lane-title").first();
  // Behind the lane titles now: its left part is covered.
  const titleBox = await laneTitle.boundingBox();
  expect((await firstCard.boundingBox())?.x ?? 0).toBeLessThan((titleBox?.x ?? 0) + (titleBox?.width ?? 0));
  // Reach it from the control just before it, as Tab does.
  await laneTitle.locator("button").last().focus();
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press("Tab");
    if (await firstCard.locator(".card-body").evaluate((el) => el === document.activeElement)) break;
  }
  await expect(firstCard.locator(".card-body")).toBeFocused();
  await expect
    .poll(async () => {
      const card = await firstCard.boundingBox();
      const title = await laneTitle.boundingBox();
      return (card?.x ?? 0) >= (title?.x ?? 0) + (title?.width ?? 0);
    })
    .toBe(true);
});

test("deleting the card the keyboard is on moves the focus to the card beside it, then to + Add card", async ({
  page,
}) => {
  host = await startHost([]);
  await openApp(page, host.url);
  await page.getByTestId("map-item").first().click();
  await expect(page.getByTestId("board")).toHaveAttribute("data-ready", "true");
  // A cell with two cards: the first lane's first cell gets a second one.
  const cell = page.getByTestId("cell").first();
  await cell.getByTestId("add-card").click();
  await page.keyboard.type("第二张");
  await page.keyboard.press("Escape");
  const cards = cell.getByTestId("card");
  await expect(cards).toHaveCount(2);
  const first = cards.first().locator(".card-body");
  const firstText = (await first.innerText()).trim();
  await first.click();
  await page.keyboard.press("Delete");
  await expect(cell.getByTestId("card").filter({ hasText: firstText })).toHaveCount(0);
  await expect(cards.first().locator(".card-body")).toBeFocused();
  // focused, not selected: Delete asks for a selection (so a second press never deletes by itself)
  await cards.first().locator(".card-body").click();
  await page.keyboard.press("Delete");
  await expect(cards).toHaveCount(0);
  await expect(cell.getByTestId("add-card")).toBeFocused();
});
