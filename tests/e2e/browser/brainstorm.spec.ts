// An anonymous brainstorm in a live workshop: the facilitator asks a question on the pain points;
// two teammates write ideas from their own browsers (one while offline); nobody sees anyone
// else's ideas — the facilitator neither, only how many there are — and the host holds that
// whatever a page asks; the reveal puts every idea on every board at once, without names.
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { cardsIn, expectSaved, expectTopBarOnOneLine, laneId, setUiLanguage } from "../support/board";
import { facilitatorPage, joinByLink, participantBrowser, startWorkshopHost, type WorkshopHost } from "../support/workshop";

test.use(participantBrowser);

let host: WorkshopHost;
test.afterEach(async () => {
  await host?.stop();
});

async function writeIdea(page: Page, text: string, stage?: number): Promise<void> {
  const panel = page.getByTestId("brainstorm-panel");
  if (stage !== undefined) await panel.getByTestId("idea-stage").selectOption({ index: stage });
  await panel.getByTestId("idea-text").fill(text);
  await panel.getByTestId("idea-text").press("Enter");
  await expect(panel.getByTestId("idea").filter({ hasText: text })).toBeVisible();
}

/** Calls the host's brainstorm routes as this participant (their own token, from their browser). */
async function asParticipant(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const kept = JSON.parse(localStorage.getItem("wayline.participant.session") ?? "{}");
      const token: string = kept.session?.participant_token ?? "";
      const res = await fetch(path, {
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    { method, path, body },
  );
}

test("an anonymous brainstorm: ideas hidden from everyone until the reveal, then on every board without names", async ({ browser }) => {
  host = await startWorkshopHost();
  const facilitator = await facilitatorPage(host, await browser.newContext());
  await setUiLanguage(facilitator, "zh-CN");
  const chenContext: BrowserContext = await browser.newContext();
  const chen = await joinByLink(host, chenContext, "陳怡");
  await setUiLanguage(chen, "zh-TW");
  const benContext = await browser.newContext();
  const ben = await joinByLink(host, benContext, "Ben");
  const pain = await laneId(facilitator, /Pain points|痛点|痛點/);
  const painBefore = await cardsIn(facilitator, pain).count();
  const mapId: string = await chen.evaluate(() => JSON.parse(localStorage.getItem("wayline.participant.session") ?? "{}").session?.map_id ?? "");
  expect(mapId).not.toBe("");

  // Nothing running: teammates see no brainstorm at all.
  await expect(chen.getByTestId("brainstorm")).toHaveCount(0);

  await facilitator.getByTestId("brainstorm").click();
  await expect(facilitator.getByTestId("brainstorm-lane")).toHaveValue(pain);
  await facilitator.getByTestId("brainstorm-prompt-input").fill("结账时最让客户沮丧的是什么？");
  await facilitator.getByTestId("brainstorm-start").click();
  await expect(facilitator.getByTestId("brainstorm")).toHaveAttribute("data-look", "open");
  await facilitator.keyboard.press("Escape");

  // 陳怡 writes two ideas, one about the second stage; Ben one.
  await expect(chen.getByTestId("brainstorm")).toHaveAttribute("data-look", "open");
  // The chip itself says what is asked, so nobody misses that ideas are wanted.
  await expect(chen.getByTestId("brainstorm-call")).toHaveText("结账时最让客户沮丧的是什么？");
  await chen.getByTestId("brainstorm").click();
  await expect(chen.getByTestId("brainstorm-prompt")).toHaveText("结账时最让客户沮丧的是什么？");
  await writeIdea(chen, "運費到最後一步才顯示");
  await writeIdea(chen, "付款頁面載入太慢 slow payment page", 1);
  await ben.getByTestId("brainstorm").click();
  await writeIdea(ben, "Coupon code field hides the total");
  for (const page of [chen, ben]) {
    await expect(page.getByTestId("idea").last()).toHaveAttribute("data-waiting", "false");
  }

  // Nobody sees anyone else's ideas: not Ben, not the facilitator (only the count), not a board.
  await expect(ben.getByTestId("brainstorm-panel")).not.toContainText("運費");
  await facilitator.getByTestId("brainstorm").click();
  await expect(facilitator.getByTestId("brainstorm-count")).toHaveText("3 个点子等待揭晓，来自 2 人。", { timeout: 10_000 });
  await expect(facilitator.getByTestId("brainstorm-panel")).not.toContainText("運費");
  for (const page of [facilitator, chen, ben]) {
    await expect(page.getByTestId("board")).not.toContainText("運費到最後一步才顯示");
    await expect(page.getByTestId("board")).not.toContainText("Coupon code field");
  }

  // The host holds it whatever a page asks: Ben's own view has only his idea; he cannot change
  // 陳怡's, and a participant has no reveal.
  const chenView = await asParticipant(chen, "GET", `/api/maps/${mapId}/brainstorm`);
  const chenIdeas = (chenView.body as { mine: { id: string; text: string }[] }).mine;
  expect(chenIdeas.map((i) => i.text)).toEqual(["運費到最後一步才顯示", "付款頁面載入太慢 slow payment page"]);
  const benView = await asParticipant(ben, "GET", `/api/maps/${mapId}/brainstorm`);
  expect(JSON.stringify(benView.body)).not.toContain("運費");
  expect(benView.body).toMatchObject({ waiting: 3, writers: 2 });
  const taken = await asParticipant(ben, "PUT", `/api/maps/${mapId}/brainstorm/ideas/${chenIdeas[0]?.id}`, {
    round: 1,
    stage: "x",
    text: "mine now",
  });
  expect(taken.status).toBe(409);
  expect(taken.body).toMatchObject({ code: "idea_not_yours" });
  const reveal = await asParticipant(ben, "POST", `/api/maps/${mapId}/brainstorm/reveal`, { round: 1 });
  expect(reveal.status).toBe(404);

  // Ben offline: his idea waits on his device, marked, and goes when he is back.
  await benContext.setOffline(true);
  await writeIdea(ben, "No guest checkout");
  await expect(ben.getByTestId("idea").filter({ hasText: "No guest checkout" })).toHaveAttribute("data-waiting", "true");
  await expect(ben.getByTestId("brainstorm-unsent")).toBeVisible({ timeout: 10_000 });
  await benContext.setOffline(false);
  await expect(ben.getByTestId("idea").filter({ hasText: "No guest checkout" })).toHaveAttribute("data-waiting", "false", {
    timeout: 15_000,
  });
  await expect(facilitator.getByTestId("brainstorm-count")).toHaveText("4 个点子等待揭晓，来自 2 人。", { timeout: 10_000 });

  // The top bar keeps one line with the brainstorm chip, in every language.
  for (const language of ["en", "zh-TW", "zh-CN"] as const) {
    for (const page of [facilitator, chen]) {
      await setUiLanguage(page, language);
      await expectTopBarOnOneLine(page);
    }
  }
  await chen.screenshot({ path: "test-results/brainstorm-participant.png" });
  await facilitator.screenshot({ path: "test-results/brainstorm-facilitator.png" });

  // The reveal: every idea on every board, in the pain points, without names.
  await facilitator.getByTestId("brainstorm-reveal").click();
  await expect(facilitator.getByTestId("brainstorm-panel").getByRole("alert")).toContainText("4 个点子");
  await facilitator.getByTestId("brainstorm-reveal-confirm").click();
  await expect(facilitator.getByTestId("brainstorm-panel")).toHaveCount(0);
  // The facilitator is taken to the lane the ideas went to: it begins just under the stage headers.
  await expect
    .poll(async () => {
      const lane = await facilitator.locator(`.lane-title[data-lane-id="${pain}"]`).boundingBox();
      const headers = await facilitator.locator(".stage-header").first().boundingBox();
      return Math.abs((lane?.y ?? 0) - ((headers?.y ?? 0) + (headers?.height ?? 0)));
    })
    .toBeLessThan(16);
  const texts = ["運費到最後一步才顯示", "付款頁面載入太慢 slow payment page", "Coupon code field hides the total", "No guest checkout"];
  for (const page of [facilitator, chen, ben]) {
    await expect(cardsIn(page, pain)).toHaveCount(painBefore + 4);
    for (const text of texts) {
      const card = cardsIn(page, pain).filter({ hasText: text });
      await expect(card).toHaveCount(1);
      await expect(card).not.toContainText(/陳怡|Ben/);
    }
  }
  // The second stage's idea is in the second stage's cell.
  const stages = await facilitator.getByTestId("stage-header").evaluateAll((els) => els.map((e) => e.getAttribute("data-stage-id")));
  await expect(
    facilitator.locator(`[data-testid="cell"][data-lane-id="${pain}"][data-stage-id="${stages[1]}"]`).filter({ hasText: "slow payment page" }),
  ).toHaveCount(1);
  // The round is over: a teammate's open panel says so and keeps what she was typing; once
  // closed, her chip goes. The facilitator's says what the last round gave.
  await expect(chen.getByTestId("brainstorm-panel")).toContainText("这一轮已经揭晓");
  // An idea sent after the reveal stays hidden until the facilitator reveals the late ones.
  await writeIdea(chen, "迟到的点子：退货要打电话");
  await expect(chen.getByTestId("idea-notices")).toContainText("在揭晓之后才送达");
  await expect(facilitator.getByTestId("board")).not.toContainText("迟到的点子");
  await facilitator.getByTestId("brainstorm").click();
  await expect(facilitator.getByTestId("brainstorm-late")).toContainText("有 1 个点子在揭晓之后才送达");
  await facilitator.getByTestId("brainstorm-reveal").click();
  await facilitator.getByTestId("brainstorm-reveal-confirm").click();
  for (const page of [facilitator, chen, ben]) {
    await expect(cardsIn(page, pain).filter({ hasText: "迟到的点子" })).toHaveCount(1);
  }
  await facilitator.keyboard.press("Escape");
  // Revealed, the late idea no longer waits: its notice goes by itself, and once her panel is
  // closed her chip goes with the round.
  await expect(chen.getByTestId("idea-notices")).toHaveCount(0, { timeout: 15_000 });
  await chen.keyboard.press("Escape");
  await expect(chen.getByTestId("brainstorm")).toHaveCount(0);
  await facilitator.getByTestId("brainstorm").click();
  await expect(facilitator.getByTestId("brainstorm-last")).toHaveText("上一轮头脑风暴揭晓了 5 个点子。");
  await expectSaved(facilitator);

  // A reload finds the cards (they are in the map, on the host's disk) and no brainstorm.
  await ben.reload();
  await expect(ben.getByTestId("board")).toHaveAttribute("data-ready", "true");
  await expect(cardsIn(ben, pain).filter({ hasText: "No guest checkout" })).toHaveCount(1);
  await expect(ben.getByTestId("brainstorm")).toHaveCount(0);
});
