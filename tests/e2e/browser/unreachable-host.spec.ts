// A participant whose facilitator's computer stops answering while their own network works (the
// host stopped, asleep, or a workshop ended while they were away): the page says it cannot reach
// the host, then a banner explains why that may be and offers "Save a copy", and editing goes on.
import { expect, type Page, test } from "@playwright/test";
import { addCard } from "../support/board";
import { joinByLink, participantBrowser, startWorkshopHost, type WorkshopHost } from "../support/workshop";

test.use(participantBrowser);

let host: WorkshopHost;
test.afterEach(async () => {
  await host?.stop();
});

test("a host that stops answering is said to be unreachable, with Save a copy, and editing goes on", async ({
  browser,
}) => {
  host = await startWorkshopHost();
  const context = await browser.newContext();
  // The page's timers, to skip the half minute of checks without waiting for it.
  await context.clock.install();
  const part = await joinByLink(host, context, "林小華");
  await host.stop();
  const state = part.getByTestId("save-state");
  await expect(state).toHaveAttribute("data-state", "offline");
  // The browser has a network: it is the host that does not answer, not this device's Wi-Fi.
  await expect(state).toContainText("Can't reach the host");
  const banner = part.getByTestId("unreachable-banner");
  await expect(banner).toHaveCount(0);
  for (let i = 0; i < 12 && (await banner.count()) === 0; i++) {
    await part.clock.fastForward(6_000);
    await part.waitForTimeout(250);
  }
  await expect(banner).toContainText("has not answered for a while");
  const [download] = await Promise.all([part.waitForEvent("download"), banner.getByTestId("save-copy").click()]);
  expect(download.suggestedFilename()).toMatch(/\.wayline$/);
  // Editing goes on, into this browser's outbox.
  await addCard(part, "忠诚", "触点", "写在主机不回应时 while unreachable");
  await context.close();
});
