// Dot voting in a live workshop: the facilitator opens a round on the pain points (3 dots each, at
// most 2 on one card); two teammates vote from their own browsers, see their dots left, cannot go
// past the rules, keep their dots over a reload; the facilitator sees how many voted and closes the
// round, after which the totals stand on every screen and nobody can vote. (The host's refusal of
// votes that break the rules, whoever sends them, is tested in crates/model/src/workshop_voting_tests.rs.)
import { expect, type Page, test } from "@playwright/test";
import { LATE_DOTS_MS } from "../../../ui/src/wire/limits";
import { cardsIn, expectSaved, expectTopBarOnOneLine, laneId, setUiLanguage } from "../support/board";
import { keptEntries } from "../support/outbox";
import { facilitatorPage, joinByLink, participantBrowser, startWorkshopHost, type WorkshopHost } from "../support/workshop";

test.use(participantBrowser);

let host: WorkshopHost;
test.afterEach(async () => {
  await host?.stop();
});

/** A card's total as its badge shows it (0 without one). */
async function total(page: Page, cardId: string): Promise<number> {
  const badge = page.locator(`[data-card-id="${cardId}"] .card-votes`);
  if ((await badge.count()) === 0) return 0;
  return Number(/\d+/.exec((await badge.textContent()) ?? "")?.[0] ?? 0);
}

test("a dot-voting round: teammates vote within its rules, the facilitator closes it, the totals stand", async ({ browser }) => {
  host = await startWorkshopHost();
  const facilitator = await facilitatorPage(host, await browser.newContext());
  await setUiLanguage(facilitator, "zh-CN");
  const chen = await joinByLink(host, await browser.newContext(), "陳怡");
  await setUiLanguage(chen, "zh-TW");
  const ben = await joinByLink(host, await browser.newContext(), "Ben");
  const pain = await laneId(facilitator, /Pain points|痛点|痛點/);
  const opportunities = await laneId(facilitator, /Opportunities|机会点|機會點/);
  const actions = await laneId(facilitator, /Customer actions|客户行为|顧客行為/);
  const painCards = await cardsIn(facilitator, pain).evaluateAll((els) => els.map((e) => e.getAttribute("data-card-id") ?? ""));
  expect(painCards.length).toBeGreaterThanOrEqual(2);
  const before = [await total(facilitator, painCards[0]), await total(facilitator, painCards[1])];

  // Nothing open: teammates see no voting at all; no card offers a dot.
  await expect(chen.getByTestId("voting")).toHaveCount(0);
  await expect(facilitator.getByTestId("card-ballot")).toHaveCount(0);

  // The facilitator opens a round: pain points and opportunities are chosen already.
  await facilitator.getByTestId("voting").click();
  await expect(facilitator.getByTestId(`voting-lane-${pain}`)).toBeChecked();
  await expect(facilitator.getByTestId(`voting-lane-${opportunities}`)).toBeChecked();
  await expect(facilitator.getByTestId(`voting-lane-${actions}`)).not.toBeChecked();
  await facilitator.getByTestId(`voting-lane-${opportunities}`).uncheck();
  await facilitator.getByTestId("voting-label-input").fill("哪些痛点最痛？");
  await facilitator.getByTestId("voting-dots").fill("3");
  await facilitator.getByTestId("voting-per-card").fill("2");
  await facilitator.getByTestId("voting-start").click();
  await expect(facilitator.getByTestId("voting-panel")).toHaveCount(0);

  for (const page of [chen, ben]) {
    await expect(page.getByTestId("voting")).toContainText("哪些痛点最痛？");
    await expect(page.getByTestId("voting-left")).toContainText("3/3");
    // Dots only on the cards of the round's lane.
    await expect(cardsIn(page, pain).first().getByTestId("card-ballot")).toBeVisible();
    await expect(cardsIn(page, opportunities).getByTestId("card-ballot")).toHaveCount(0);
    await expect(cardsIn(page, actions).getByTestId("card-ballot")).toHaveCount(0);
  }

  // 陳怡: two dots on the first card (its most), one on the second; then she has none left.
  const first = chen.locator(`[data-card-id="${painCards[0]}"]`);
  const second = chen.locator(`[data-card-id="${painCards[1]}"]`);
  // Two quick clicks on its "+" (a double click) give two dots, and do not open the card's text.
  await first.getByTestId("ballot-give").dblclick();
  await expect(first.getByTestId("card-ballot")).toHaveAttribute("data-mine", "2");
  await expect(first.locator(".cm-editor")).toHaveCount(0);
  await expect(first.getByTestId("ballot-give")).toHaveAttribute("aria-disabled", "true");
  await second.getByTestId("ballot-give").click();
  await expect(chen.getByTestId("voting-left")).toContainText("0/3");
  await expect(second.getByTestId("ballot-give")).toHaveAttribute("aria-disabled", "true");
  // Said in words: which card, and why no dot can be given.
  await expect(second.getByTestId("ballot-give")).toHaveAttribute("aria-label", /不能再給「.+」投票/);
  // A vote does not select or open the card.
  await expect(chen.locator(".card.selected")).toHaveCount(0);
  // Taken back and given again.
  await second.getByTestId("ballot-take").click();
  await expect(chen.getByTestId("voting-left")).toContainText("1/3");
  await second.getByTestId("ballot-give").click();

  // Ben: one dot on the first card.
  await ben.locator(`[data-card-id="${painCards[0]}"]`).getByTestId("ballot-give").click();
  await expect(ben.getByTestId("voting-left")).toContainText("2/3");

  // Everyone sees the totals move; the facilitator sees two people voted.
  for (const page of [facilitator, chen, ben]) {
    await expect.poll(() => total(page, painCards[0])).toBe(before[0] + 3);
    await expect.poll(() => total(page, painCards[1])).toBe(before[1] + 1);
  }
  await facilitator.getByTestId("voting").click();
  await expect(facilitator.getByTestId("voting-voters")).toContainText("已有 2 人投票");
  await facilitator.keyboard.press("Escape");

  // A reload keeps 陳怡's dots (they are in the map, on the host's disk).
  await chen.reload();
  await expect(chen.getByTestId("board")).toHaveAttribute("data-ready", "true");
  await expect(chen.getByTestId("voting-left")).toContainText("0/3");
  await expect(chen.locator(`[data-card-id="${painCards[0]}"]`).getByTestId("card-ballot")).toHaveAttribute("data-mine", "2");

  // The top bar keeps one line with the voting chip, in every language.
  for (const language of ["en", "zh-TW", "zh-CN"] as const) {
    for (const page of [facilitator, chen]) {
      await setUiLanguage(page, language);
      await expectTopBarOnOneLine(page);
    }
  }

  // Closed: no more dots anywhere, the totals stand.
  await facilitator.getByTestId("voting").click();
  await facilitator.getByTestId("voting-end").click();
  await facilitator.getByTestId("voting-end-confirm").click();
  for (const page of [facilitator, chen, ben]) {
    await expect(page.getByTestId("card-ballot")).toHaveCount(0);
    expect(await total(page, painCards[0])).toBe(before[0] + 3);
  }
  // 陳怡 is told, for a moment, why the dots went; the chip now opens the round's results.
  await expect(chen.getByTestId("voting-ended")).toHaveText("投票已结束：票数留在卡片上。");
  await expect(chen.getByTestId("voting-left")).toHaveText("结果");
  await expect(facilitator.getByTestId("voting")).toHaveAttribute("data-look", "idle");
  await chen.getByTestId("voting").click();
  const top = chen.getByTestId("voting-result").first();
  await expect(top).toHaveAttribute("data-rank", "1");
  await expect(top).toContainText("3 票");
  // One click shows the winning card on the board, selected.
  await top.getByRole("button").click();
  await expect(chen.getByTestId("voting-results")).toHaveCount(0);
  await expect(chen.locator(`[data-card-id="${painCards[0]}"]`)).toHaveClass(/\bselected\b/);
});

test("a dot given offline after its round ended is set aside; the teammate's other offline work is saved and they go on", async ({
  browser,
}) => {
  host = await startWorkshopHost();
  const facilitator = await facilitatorPage(host, await browser.newContext());
  await setUiLanguage(facilitator, "zh-CN");
  const pc = await browser.newContext();
  const lin = await joinByLink(host, pc, "小林");
  await setUiLanguage(lin, "zh-CN");
  const pain = await laneId(facilitator, /Pain points|痛点|痛點/);
  const painCard = (await cardsIn(facilitator, pain).first().getAttribute("data-card-id")) ?? "";
  const before = await total(facilitator, painCard);

  await facilitator.getByTestId("voting").click();
  await facilitator.getByTestId("voting-start").click();
  await expect(lin.getByTestId("voting-left")).toContainText("3/3");

  // The Wi-Fi drops: 小林 writes a card, gives a dot, writes another card.
  await pc.setOffline(true);
  await expect(lin.getByTestId("save-state")).toHaveAttribute("data-state", "offline", { timeout: 20_000 });
  await addCardIn(lin, "断网时写的：退款要等一周");
  await lin.locator(`[data-card-id="${painCard}"]`).getByTestId("ballot-give").click();
  await expect(lin.getByTestId("voting-left")).toContainText("2/3");
  await addCardIn(lin, "Dot given, then: chatbot loops / 机器人答非所问");

  // Meanwhile the round ends, and stays ended past the grace for dots on their way.
  await facilitator.getByTestId("voting").click();
  await facilitator.getByTestId("voting-end").click();
  await facilitator.getByTestId("voting-end-confirm").click();
  await facilitator.waitForTimeout(LATE_DOTS_MS + 1_000);

  // Back online: the late dot is refused by the host and taken off 小林's screen, with the reason;
  // both cards reach everyone; nothing waits any more.
  await pc.setOffline(false);
  const detail = lin.getByTestId("save-detail");
  await expect(detail).toHaveAttribute("data-kind", "setAside", { timeout: 30_000 });
  // Said as what it was: the dot on that card came after the round, not a limit broken.
  const painText = ((await lin.locator(`[data-card-id="${painCard}"]`).getByTestId("card-text").textContent()) ?? "")
    .split("\n")[0]
    ?.trim();
  await expect(detail).toContainText(`你投给“${painText?.slice(0, 10)}`);
  await expect(detail).toContainText("很可能在投票结束后才送达主机");
  await expectSaved(lin);
  for (const page of [facilitator, lin]) {
    await expect(cardWith(page, "断网时写的：退款要等一周")).toHaveCount(1);
    await expect(cardWith(page, "Dot given, then: chatbot loops / 机器人答非所问")).toHaveCount(1);
    await expect.poll(() => total(page, painCard)).toBe(before);
  }
  // What 小林 does next is saved and seen as usual.
  await addCardIn(lin, "回到线上后写的");
  await expect(cardWith(facilitator, "回到线上后写的")).toHaveCount(1);
  await expectSaved(lin);
  await expect.poll(() => keptEntries(lin)).toBe(0);
  await lin.getByRole("button", { name: "关闭" }).click();
  await expect(detail).toHaveCount(0);
  // And a reload finds the same map, with nothing refused.
  await lin.reload();
  await expect(lin.getByTestId("board")).toHaveAttribute("data-ready", "true");
  await expect(cardWith(lin, "断网时写的：退款要等一周")).toHaveCount(1);
  await expectSaved(lin);
  await expect(lin.getByTestId("save-detail")).toHaveCount(0);
});

test("two dots given offline on a phone after their round ended are both set aside, and the work after them is saved", async ({
  browser,
}) => {
  host = await startWorkshopHost();
  const facilitator = await facilitatorPage(host, await browser.newContext());
  const pc = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const mei = await joinByLink(host, pc, "阿美");
  await setUiLanguage(mei, "zh-TW");
  const pain = await laneId(facilitator, /Pain points|痛点|痛點/);
  const painCards = await cardsIn(facilitator, pain).evaluateAll((els) => els.map((e) => e.getAttribute("data-card-id") ?? ""));
  const [first, second] = [painCards[0] ?? "", painCards[1] ?? ""];
  const before = [await total(facilitator, first), await total(facilitator, second)];

  await facilitator.getByTestId("voting").click();
  await facilitator.getByTestId("voting-start").click();
  await expect(mei.getByTestId("voting-left")).toContainText("3/3");

  // Offline: two dots, on two cards, then a card.
  await pc.setOffline(true);
  await expect(mei.getByTestId("save-state")).toHaveAttribute("data-state", "offline", { timeout: 20_000 });
  await mei.locator(`[data-card-id="${first}"]`).getByTestId("ballot-give").click();
  await mei.locator(`[data-card-id="${second}"]`).getByTestId("ballot-give").click();
  await expect(mei.getByTestId("voting-left")).toContainText("1/3");
  await addCardIn(mei, "離線時寫的：客服電話一直忙線");

  await facilitator.getByTestId("voting").click();
  await facilitator.getByTestId("voting-end").click();
  await facilitator.getByTestId("voting-end-confirm").click();
  await facilitator.waitForTimeout(LATE_DOTS_MS + 1_000);

  await pc.setOffline(false);
  const detail = mei.getByTestId("save-detail");
  await expect(detail).toHaveAttribute("data-kind", "setAside", { timeout: 30_000 });
  // (the second dot is set aside in its turn: the map opens again once more before all is saved)
  await expectSaved(mei);
  await expect(detail).toHaveAttribute("data-kind", "setAside");
  // Said whole on the phone's screen, which it does not widen, with its dismiss button in reach.
  expect(await mei.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  const dismissButton = mei.getByRole("button", { name: "關閉" });
  await expect(dismissButton).toBeVisible();
  const dismiss = await dismissButton.boundingBox();
  expect((dismiss?.x ?? 999) + (dismiss?.width ?? 0)).toBeLessThanOrEqual(390);
  for (const page of [facilitator, mei]) {
    await expect(cardWith(page, "離線時寫的：客服電話一直忙線")).toHaveCount(1);
    await expect.poll(() => total(page, first)).toBe(before[0]);
    await expect.poll(() => total(page, second)).toBe(before[1]);
  }
  await addCardIn(mei, "回到線上後寫的");
  await expect(cardWith(facilitator, "回到線上後寫的")).toHaveCount(1);
  await expectSaved(mei);
  await mei.reload();
  await expect(mei.getByTestId("board")).toHaveAttribute("data-ready", "true");
  await expectSaved(mei);
  await expect(mei.getByTestId("save-detail")).toHaveCount(0);
});

function cardWith(page: Page, text: string) {
  return page.getByTestId("card").filter({ hasText: text });
}

/** Adds a card with `text` to the first stage's customer-actions cell. */
async function addCardIn(page: Page, text: string): Promise<void> {
  const actions = await laneId(page, /Customer actions|客户行为|顧客行為/);
  const target = page.locator(`[data-testid="cell"][data-lane-id="${actions}"]`).first();
  await target.getByTestId("add-card").click();
  await page.keyboard.type(text);
  await page.keyboard.press("Escape");
  await expect(target.getByTestId("card").filter({ hasText: text })).toBeVisible();
}
