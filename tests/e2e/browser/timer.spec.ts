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
  // The teammate has no control: the chip opens its words whole, and the top bar keeps one line.
  await teammate.getByTestId("timer").click();
  await expect(teammate.getByTestId("timer-words")).toContainText("头脑风暴：痛点");
  await expect(teammate.getByTestId("timer-controls")).toHaveCount(0);
  await teammate.keyboard.press("Escape");
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

test("the facilitator plans an agenda and runs it section by section; a teammate follows where the workshop stands", async ({
  browser,
}) => {
  host = await startWorkshopHost();
  const facilitator = await facilitatorPage(host, await browser.newContext());
  await setUiLanguage(facilitator, "zh-CN");
  const teammate = await joinByLink(host, await browser.newContext(), "陳怡");
  await setUiLanguage(teammate, "zh-TW");

  // Planned in the timer's panel: three sections with their minutes.
  await facilitator.getByTestId("timer").click();
  const plan: [string, string][] = [
    ["暖场 Warm-up", "5"],
    ["梳理售后痛点", "15"],
    ["Dot voting / 投票", "5"],
  ];
  for (const [title, minutes] of plan) {
    await facilitator.getByTestId("agenda-add").click();
    const row = facilitator.getByTestId("agenda-row").last();
    await row.getByTestId("agenda-title").fill(title);
    await row.getByTestId("agenda-title").press("Enter");
    await row.getByTestId("agenda-minutes").fill(minutes);
    await row.getByTestId("agenda-minutes").press("Enter");
  }
  await expect(facilitator.getByTestId("agenda-editor")).toContainText("共计 25 分钟");
  await facilitator.screenshot({ path: test.info().outputPath("agenda-panel.png") });

  // Moved: the voting before the pain points, then back again.
  await facilitator.getByRole("button", { name: "把第 3 个环节上移" }).click();
  await expect(facilitator.getByTestId("agenda-title").nth(1)).toHaveValue("Dot voting / 投票");
  await facilitator.getByRole("button", { name: "把第 2 个环节下移" }).click();
  await expect(facilitator.getByTestId("agenda-title").nth(1)).toHaveValue("梳理售后痛点");

  // The first section starts everyone's timer with its title; the chip says 1/3 everywhere.
  await facilitator.getByTestId("agenda-start").first().click();
  for (const page of [facilitator, teammate]) {
    await expect(page.getByTestId("agenda-step")).toHaveText("1/3");
    await expect(page.getByTestId("timer")).toContainText("暖场 Warm-up");
    await expect.poll(() => secondsLeft(page)).toBeGreaterThan(4 * 60 + 50);
  }
  // "Next" moves on: 15 minutes for the pain points.
  await facilitator.getByTestId("timer").click();
  await facilitator.getByTestId("agenda-next").click();
  await expect(teammate.getByTestId("agenda-step")).toHaveText("2/3");
  await expect(teammate.getByTestId("timer")).toContainText("梳理售后痛点");
  await expect.poll(() => secondsLeft(teammate)).toBeGreaterThan(14 * 60 + 50);

  // The teammate reads the agenda, and cannot change it.
  await teammate.getByTestId("timer").click();
  const list = teammate.getByTestId("agenda-list");
  await expect(list.locator("li").nth(0)).toHaveAttribute("data-place", "done");
  await expect(list.locator("li").nth(1)).toHaveAttribute("aria-current", "step");
  await expect(list).toContainText("進行中");
  await expect(teammate.getByTestId("agenda-editor")).toHaveCount(0);
  await teammate.screenshot({ path: test.info().outputPath("agenda-teammate.png") });
  await teammate.keyboard.press("Escape");

  // A reload keeps it all (it is in the map, on the host's disk); the top bar keeps one line, a
  // second teammate online too (another avatar, and "Everyone follow me" on the facilitator's).
  await joinByLink(host, await browser.newContext(), "安妮");
  await teammate.reload();
  await expect(teammate.getByTestId("board")).toHaveAttribute("data-ready", "true");
  await expect(teammate.getByTestId("agenda-step")).toHaveText("2/3");
  for (const language of ["en", "zh-TW", "zh-CN"] as const) {
    for (const page of [facilitator, teammate]) {
      await setUiLanguage(page, language);
      await expectTopBarOnOneLine(page);
    }
  }
});
