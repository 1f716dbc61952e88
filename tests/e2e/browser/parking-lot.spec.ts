// The parking lot in a live workshop: a participant joined from another browser and the
// facilitator park topics in Chinese and English, each sees the other's at once, a correction and
// a removal reach the other side, and the PDF report lists what stayed, every character kept; a
// topic put back on the board is a card for both, and one Ctrl+Z parks it again.
import { execFileSync } from "node:child_process";
import { expect, type Page, test } from "@playwright/test";
import { expectSaved } from "../support/board";
import {
  facilitatorPage,
  joinByLink,
  participantBrowser,
  startWorkshopHost,
  type WorkshopHost,
} from "../support/workshop";

test.use(participantBrowser);

let host: WorkshopHost;
test.afterEach(async () => {
  await host?.stop();
});

async function park(page: Page, text: string): Promise<void> {
  const field = page.getByTestId("parking-input");
  await field.fill(text);
  await field.press("Enter");
  await expect(field).toHaveValue("");
  await expect(field).toBeFocused();
}

/** The parked topics' texts as the page shows them, in order. */
const topics = (page: Page) =>
  page.getByTestId("parked-text").evaluateAll((fields) => fields.map((f) => (f as HTMLInputElement).value));

test("facilitator and participant park topics, see each other's, correct and remove them, and the report lists them", async ({
  browser,
  context,
}) => {
  host = await startWorkshopHost();
  const facilitator = await facilitatorPage(host, context);
  const other = await browser.newContext();
  try {
    const participant = await joinByLink(host, other, "陳小姐");
    for (const page of [facilitator, participant]) {
      await page.getByTestId("pane-parking").click();
      await expect(page.getByTestId("parking-view")).toBeVisible();
    }

    await park(participant, "會員點數能不能跨店使用？");
    await park(facilitator, "Loyalty app: push or email?");
    await park(facilitator, "售后电话转接太多次，谁来负责？");
    for (const page of [facilitator, participant]) {
      await expect.poll(() => topics(page)).toEqual([
        "會員點數能不能跨店使用？",
        "Loyalty app: push or email?",
        "售后电话转接太多次，谁来负责？",
      ]);
      await expect(page.getByTestId("pane-parking")).toContainText("3");
    }
    await expect(facilitator.getByTestId("parked-topic").first()).toContainText("陳小姐");

    // A correction made on one side shows on the other.
    const first = facilitator.getByTestId("parked-text").first();
    await first.fill("會員點數能不能跨店、跨通路使用？");
    await first.press("Enter");
    await expect(participant.getByTestId("parked-text").first()).toHaveValue("會員點數能不能跨店、跨通路使用？");

    // Both correct that topic at once: the participant's correction arrives while the
    // facilitator is still typing theirs, and both are kept.
    await first.click();
    await first.press("End");
    await first.pressSequentially("（下週再議）");
    const theirs = participant.getByTestId("parked-text").first();
    await theirs.click();
    await theirs.press("Home");
    await theirs.pressSequentially("【會員】");
    await theirs.press("Enter");
    await expectSaved(participant);
    await facilitator.waitForTimeout(300);
    await first.press("Enter");
    const both = "【會員】會員點數能不能跨店、跨通路使用？（下週再議）";
    for (const page of [facilitator, participant]) {
      await expect(page.getByTestId("parked-text").first()).toHaveValue(both);
    }

    // Taken off the list after a question, for everyone.
    await participant.getByTestId("parked-remove").nth(1).click();
    await participant.getByTestId("confirm-ok").click();
    await expect
      .poll(() => topics(facilitator))
      .toEqual([both, "售后电话转接太多次，谁来负责？"]);
    await expectSaved(facilitator);
    await expectSaved(participant);

    // The report lists what stayed, in the map's language.
    await facilitator.getByTestId("export-open").click();
    const [download] = await Promise.all([
      facilitator.waitForEvent("download"),
      facilitator.getByTestId("export-go").click(),
    ]);
    const text = execFileSync("pdftotext", [await download.path(), "-"])
      .toString("utf8")
      .replace(/\s+/g, "");
    expect(text).toContain("停车场（待议事项）");
    expect(text).toContain(`${both}—陳小姐`);
    expect(text).toContain("售后电话转接太多次，谁来负责？—Facilitator");
    expect(text).not.toContain("Loyalty");
    // The cover names the participant, who wrote no card: parking-lot authors and everyone who
    // changed the map take part too.
    const cover = text.slice(text.indexOf("参与者"), text.indexOf("参与者") + 120);
    expect(cover).toContain("陳小姐");
  } finally {
    await other.close();
  }
});

test("a parked topic put back on the board is a card in the cell picked, for both, and one Ctrl+Z parks it again", async ({
  browser,
  context,
}) => {
  host = await startWorkshopHost();
  const facilitator = await facilitatorPage(host, context);
  const other = await browser.newContext();
  try {
    const participant = await joinByLink(host, other, "陳小姐");
    await participant.getByTestId("pane-parking").click();
    await park(participant, "會員點數能不能跨店使用？");
    await facilitator.getByTestId("pane-parking").click();
    await expect.poll(() => topics(facilitator)).toEqual(["會員點數能不能跨店使用？"]);

    // The facilitator puts it on the board, in the last stage's pain points (the workshop map is in Simplified Chinese).
    await facilitator.getByTestId("parked-to-board").click();
    const stage = facilitator.getByTestId("parked-to-board-stage");
    await expect(stage).toBeFocused();
    const stages = await stage.locator("option").allTextContents();
    await stage.selectOption({ index: stages.length - 1 });
    await facilitator.getByTestId("parked-to-board-lane").selectOption({ label: "痛点" });
    await facilitator.getByTestId("parked-to-board-put").press("Enter");

    const card = (page: Page) => page.getByTestId("card").filter({ hasText: "會員點數能不能跨店使用？" });
    await expect(facilitator.getByTestId("board")).toBeVisible();
    await expect(card(facilitator)).toHaveClass(/\bselected\b/);
    await expect(card(facilitator)).toBeInViewport();
    await expect(card(facilitator)).toContainText("陳小姐");
    await expect.poll(() => topics(participant)).toEqual([]);
    await participant.getByTestId("pane-board").click();
    await expect(card(participant)).toHaveCount(1);

    // One step back: a topic again for both, and no card.
    await facilitator.keyboard.press("Control+z");
    await expect(card(facilitator)).toHaveCount(0);
    await expect(card(participant)).toHaveCount(0);
    await participant.getByTestId("pane-parking").click();
    await expect.poll(() => topics(participant)).toEqual(["會員點數能不能跨店使用？"]);
  } finally {
    await other.close();
  }
});
