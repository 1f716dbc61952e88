// The measuring lanes of a map: the emotion curve several participants rate together, and metric
// tiles whose red/amber/green status follows target and actual.
import { type Browser, expect, type Page, test } from "@playwright/test";
import { cell, createMap, createProject, expectSaved, openApp, openMap, reloadBoard, stageHeader } from "../support/board";
import { type Host, startHost } from "../support/host";

let host: Host;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

async function participant(browser: Browser, name: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await openApp(page, host.url, name);
  return page;
}

test("three participants rate a stage: mean, count and the low point of the curve", async ({ browser }) => {
  const alice = await participant(browser, "Alice");
  await createProject(alice, "Emotions");
  await createMap(alice, "Emotions", "en");
  await alice.getByTestId("add-stage").click();
  await alice.keyboard.type("Follow-up");
  await alice.keyboard.press("Enter");
  await expect(stageHeader(alice, "Follow-up")).toBeVisible();
  await expectSaved(alice);

  const bob = await participant(browser, "Bob");
  const carol = await participant(browser, "Carol");
  for (const p of [bob, carol]) await openMap(p, "Customer lifecycle");

  const scores: [Page, number][] = [
    [alice, -2],
    [bob, 0],
    [carol, 1],
  ];
  for (const [p, score] of scores) {
    const own = await cell(p, "Follow-up", "Emotions");
    await expect(own).toContainText(score === -2 ? "No ratings yet" : "Mean");
    await own.getByTestId(`emotion-${score}`).click();
    await expect(own.getByTestId(`emotion-${score}`)).toHaveAttribute("aria-pressed", "true");
  }
  for (const [p] of scores) {
    const shown = await cell(p, "Follow-up", "Emotions");
    await expect(shown).toContainText("Mean −0.3 · 3 ratings");
    // Each sees their own rating marked, not the others'.
    await expect(shown.locator('[aria-pressed="true"]')).toHaveCount(1);
  }
  await expect((await cell(carol, "Follow-up", "Emotions")).getByTestId("emotion-1")).toHaveAttribute(
    "aria-pressed",
    "true",
  );

  // The template's two ratings put the lowest mean (−1.5) under Retention: the low point is marked there.
  await expect(await cell(alice, "Retention", "Emotions")).toContainText("Mean −1.5 · 2 ratings");
  const low = alice.getByTestId("emotion-low");
  await expect(low).toHaveText("Low point");
  await expect(alice.locator(".emotion-dot.low")).toHaveCount(1);
  await expect(alice.getByTestId("emotion-dot")).toHaveCount(6);
  const lowBox = await low.boundingBox();
  const retention = await stageHeader(alice, "Retention").boundingBox();
  expect(lowBox && retention).toBeTruthy();
  if (lowBox && retention) {
    const centre = lowBox.x + lowBox.width / 2;
    expect(centre).toBeGreaterThan(retention.x);
    expect(centre).toBeLessThan(retention.x + retention.width);
  }

  // Alice changes her mind: the mean follows, the count stays.
  await (await cell(alice, "Follow-up", "Emotions")).getByTestId("emotion-2").click();
  await expect(await cell(carol, "Follow-up", "Emotions")).toContainText("Mean +1.0 · 3 ratings");
  for (const p of [alice, bob, carol]) await p.context().close();
});

test("a metric refuses a non-number and turns red, amber, then green as the actual value moves", async ({ page }) => {
  await openApp(page, host.url);
  await createProject(page, "Metrics");
  await createMap(page, "Metrics", "en");
  const metrics = await cell(page, "Acquisition", "CX metrics");
  await expect(metrics.getByTestId("metric-tile")).toHaveCount(0);
  await metrics.getByTestId("add-metric-kind").selectOption("csat");
  await metrics.getByTestId("add-metric").click();
  const tile = metrics.getByTestId("metric-tile");
  await expect(tile).toHaveCount(1);
  await expect(tile).toContainText("CSAT");
  await expect(tile).toHaveAttribute("data-status", "unknown");

  const expected = tile.getByTestId("metric-expected");
  const current = tile.getByTestId("metric-current");
  await expected.fill("eighty");
  await expected.press("Enter");
  await expect(tile.getByTestId("metric-error")).toHaveText("Enter a number (for example 42, 1,200 or 3.5); nothing was saved");
  await expect(expected).toHaveAttribute("aria-invalid", "true");
  await expect(tile).toHaveAttribute("data-status", "unknown");

  await expected.fill("80");
  await expected.press("Enter");
  await expect(tile.getByTestId("metric-error")).toHaveCount(0);
  await expect(tile).toContainText("Needs target and actual");

  // CSAT: higher is better; amber from a shortfall of 5, red from 10.
  await current.fill("65");
  await current.press("Enter");
  await expect(tile).toHaveAttribute("data-status", "red");
  await expect(tile).toContainText("Short by 15 pp");
  await current.fill("74,5");
  await current.press("Enter");
  await expect(tile).toHaveAttribute("data-status", "amber");
  await expect(tile).toContainText("Short by 5.5 pp");
  await current.fill("８２");
  await current.press("Enter");
  await expect(tile).toHaveAttribute("data-status", "green");
  await expect(tile).toContainText("Better than target by 2 pp");
  await expectSaved(page);

  await reloadBoard(page);
  const again = (await cell(page, "Acquisition", "CX metrics")).getByTestId("metric-tile");
  await expect(again).toHaveAttribute("data-status", "green");
  await expect(again.getByTestId("metric-expected")).toHaveValue("80");
  await expect(again.getByTestId("metric-current")).toHaveValue("82");
});
