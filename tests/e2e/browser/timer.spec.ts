// The workshop timer in a live workshop: the facilitator starts a labelled countdown from the top
// bar; a teammate who joined by the link — on a laptop whose clock is seven minutes fast — sees
// the same time left, without any control, and still after a reload; pause and stop reach them.
// (The host's refusal of a participant's timer write is tested in crates/host/src/rooms/tests.rs.)
import { expect, type Page, test } from "@playwright/test";
import { expectTopBarOnOneLine, setUiLanguage } from "../support/board";
import { facilitatorPage, joinByLink, participantBrowser, startWorkshopHost, type WorkshopHost } from "../support/workshop";

test.use(participantBrowser);

let host: WorkshopHost;
test.afterEach(async () => {
  await host?.stop();
});

/** Seconds left on a page's timer chip ("2:58" → 178). */
async function secondsLeft(page: Page): Promise<number> {
  const text = (await page.getByTestId("timer-left").textContent()) ?? "";
  const m = /^(\d+):(\d\d)$/.exec(text.trim());
  if (!m) throw new Error(`no time left shown: ${text}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

test("the facilitator's countdown reaches a teammate whose clock is off, who cannot change it", async ({ browser }) => {
  host = await startWorkshopHost();
  const facilitator = await facilitatorPage(host, await browser.newContext());
  await setUiLanguage(facilitator, "zh-CN");
  const skewed = await browser.newContext();
  // The teammate's laptop clock runs seven minutes fast.
  await skewed.addInitScript(() => {
    const real = Date.now.bind(Date);
    Date.now = () => real() + 7 * 60_000;
  });
  const teammate = await joinByLink(host, skewed, "陳怡");
  await setUiLanguage(teammate, "zh-CN");
  // Nothing runs: the teammate sees no timer at all, the facilitator a button.
  await expect(teammate.getByTestId("timer")).toHaveCount(0);
  await expect(facilitator.getByTestId("timer")).toHaveText(/计时器/);

  await facilitator.getByTestId("timer").click();
  await facilitator.getByTestId("timer-label-input").fill("头脑风暴：痛点");
  await facilitator.getByTestId("timer-preset-3").click();
  await expect(facilitator.getByTestId("timer-controls")).toHaveCount(0);
  for (const page of [facilitator, teammate]) {
    await expect(page.getByTestId("timer")).toContainText("头脑风暴：痛点");
    await expect(page.getByTestId("timer")).toHaveAttribute("data-look", "running");
  }
  // The same time left on both screens (within the second it takes to read them).
  const [f, t] = [await secondsLeft(facilitator), await secondsLeft(teammate)];
  expect(f).toBeGreaterThan(170);
  expect(f).toBeLessThanOrEqual(180);
  expect(Math.abs(f - t)).toBeLessThanOrEqual(2);
  // It counts down.
  await expect.poll(() => secondsLeft(teammate), { timeout: 5_000 }).toBeLessThan(t);
  // The teammate has no control: the chip is no button, and the top bar keeps one line.
  await expect(teammate.getByRole("timer")).toBeVisible();
  await expect(teammate.locator("button[data-testid='timer']")).toHaveCount(0);
  for (const language of ["en", "zh-TW", "zh-CN"] as const) {
    for (const page of [facilitator, teammate]) {
      await setUiLanguage(page, language);
      await expectTopBarOnOneLine(page);
    }
  }

  // Paused: both show the same time left, which stays; a reload keeps it.
  await facilitator.getByTestId("timer").click();
  await facilitator.getByTestId("timer-pause").click();
  await facilitator.keyboard.press("Escape");
  await expect(teammate.getByTestId("timer")).toHaveAttribute("data-look", "paused");
  const paused = await secondsLeft(facilitator);
  await expect.poll(() => secondsLeft(teammate)).toBe(paused);
  await teammate.reload();
  await expect(teammate.getByTestId("board")).toHaveAttribute("data-ready", "true");
  await expect(teammate.getByTestId("timer")).toHaveAttribute("data-look", "paused");
  expect(await secondsLeft(teammate)).toBe(paused);
  // Said in words too, not only by colour.
  await expect(teammate.getByTestId("timer")).toHaveAttribute("aria-label", /已暂停/);

  // Stopped: gone from every screen.
  await facilitator.getByTestId("timer").click();
  await facilitator.getByTestId("timer-stop").click();
  await expect(teammate.getByTestId("timer")).toHaveCount(0);
  await expect(facilitator.getByTestId("timer")).toHaveAttribute("data-look", "idle");
});
