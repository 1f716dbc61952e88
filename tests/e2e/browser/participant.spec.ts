// A workshop participant's browser against `wayline serve --workshop --bind 127.0.0.2`, joining by
// the non-secure name wayline.test (Chromium treats 127.0.0.0/8 as secure; a teammate on the
// room's network gets plain http without crypto.randomUUID or the clipboard). Joining by link and
// by code, the code lockout, edits both ways with the facilitator's page, a viewer, the lock, a
// removed participant and an ended workshop (read-only, with "Save a copy"), and an offline edit
// that survives a reload and merges.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { type BrowserContext, expect, type Locator, type Page, test } from "@playwright/test";
import { addCard, cell, expectSaved } from "../support/board";
import { keptEntries } from "../support/outbox";
import {
  facilitatorPage,
  joinByLink,
  participantBrowser,
  startWorkshopHost,
  type WorkshopHost,
  workshopStatus,
} from "../support/workshop";

test.use(participantBrowser);

let host: WorkshopHost;
test.afterEach(async () => {
  await host?.stop();
});

function cardIn(page: Page, text: string) {
  return page.getByTestId("card").filter({ hasText: text });
}

async function expectReadOnly(page: Page): Promise<void> {
  await expect(page.getByTestId("add-card")).toHaveCount(0);
  await expect(page.getByTestId("add-stage")).toBeHidden();
  await expect(page.getByTestId("add-lane")).toHaveCount(0);
  await expect(page.getByTestId("emotion-1").first()).toBeDisabled();
  const card = page.getByTestId("card").first();
  await card.dblclick();
  await expect(page.locator(".card-editor-wrap")).toHaveCount(0);
  await card.locator(".card-body").click();
  await page.keyboard.press("Delete");
  await expect(page.getByTestId("card").first()).toBeVisible();
}

/** serde_json's compact form with sorted keys, as the store checks a bundle. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

async function saveCopy(page: Page): Promise<{ name: string; bundle: Record<string, unknown> }> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("save-copy").click()]);
  const path = await download.path();
  const bundle = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  return { name: download.suggestedFilename(), bundle };
}

/**
 * The read-only copy lives only in this page: closing it asks first (and the page stays, its
 * `banner` with it), until a copy is saved.
 */
async function closingAsksUntilSaved(part: Page, banner: Locator): Promise<void> {
  const asked = part.waitForEvent("dialog");
  await part.close({ runBeforeUnload: true });
  const dialog = await asked;
  expect(dialog.type()).toBe("beforeunload");
  await dialog.dismiss();
  await expect(banner).toBeVisible();
  const { bundle } = await saveCopy(part);
  expect(bundle).toMatchObject({ format: "wayline-bundle", version: 1 });
}

test("joins by link on a non-secure page with a name and a colour, and comes back after a reload", async ({
  context,
}) => {
  host = await startWorkshopHost();
  const page = await context.newPage();
  await page.goto(host.participantUrl(`#invite=${host.invite}`));
  expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
  expect(await page.evaluate(() => typeof (crypto as { randomUUID?: unknown }).randomUUID)).toBe("undefined");
  expect(await page.evaluate(() => typeof navigator.clipboard)).toBe("undefined");
  // the invitation is not left in the address bar
  await expect(page.getByTestId("join-page")).toBeVisible();
  expect(page.url()).not.toContain(host.invite);

  await page.getByTestId("join-name").fill("  陳美玲  ");
  await page.getByTestId("participant-color-purple").check();
  await page.getByTestId("join-submit").click();
  await expect(page.getByTestId("board")).toHaveAttribute("data-ready", "true");
  await expectSaved(page);
  const me = page.getByTestId("participant-me");
  await expect(me).toContainText("陳美玲");
  await expect(me).toHaveAttribute("data-role", "editor");
  const title = (await workshopStatus(host)).map_title;
  await expect(page.getByTestId("participant-map-title")).toHaveText(title);
  // no catalog, trash, export or hosting on a participant's screen
  await expect(page.getByTestId("new-project")).toHaveCount(0);
  await expect(page.getByTestId("export-open")).toHaveCount(0);
  await expect(page.getByTestId("access-banner")).toHaveCount(0);

  const joined = (await workshopStatus(host)).participants;
  expect(joined).toHaveLength(1);
  expect(joined[0]).toMatchObject({ name: "陳美玲", color: "#7b5ea7", role: "editor", online: true });

  // a reload goes straight back to the board with the same seat
  await page.reload();
  await expect(page.getByTestId("board")).toHaveAttribute("data-ready", "true");
  await expect(page.getByTestId("join-page")).toHaveCount(0);
  expect((await workshopStatus(host)).participants).toHaveLength(1);

  // the same link again in a new tab: name and colour are filled in, and it is the same seat
  const again = await context.newPage();
  await again.goto(host.participantUrl(`#invite=${host.invite}`));
  await expect(again.getByTestId("join-name")).toHaveValue("陳美玲");
  await expect(again.getByTestId("participant-color-purple")).toBeChecked();
  await again.getByTestId("join-submit").click();
  await expect(again.getByTestId("board")).toHaveAttribute("data-ready", "true");
  expect((await workshopStatus(host)).participants).toHaveLength(1);
});

test("the join page by link names the map, starts two people arriving at once on different colours and shows worn ones (zh-TW)", async ({
  browser,
}) => {
  host = await startWorkshopHost();
  const contexts = await Promise.all([0, 1, 2].map(() => browser.newContext({ locale: "zh-TW" })));
  const [ac, bc, cc] = contexts as [BrowserContext, BrowserContext, BrowserContext];
  try {
    // 林怡君 and 陳志明 open the invitation at the same moment: nobody wears a colour yet, and
    // each is started on a different one.
    const ana = await ac.newPage();
    const ben = await bc.newPage();
    await Promise.all([
      ana.goto(host.participantUrl(`#invite=${host.invite}`)),
      ben.goto(host.participantUrl(`#invite=${host.invite}`)),
    ]);
    const mapTitle = (await workshopStatus(host)).map_title;
    await expect(ana.getByTestId("join-map-title")).toContainText(mapTitle);
    await expect(ben.getByTestId("join-map-title")).toContainText(mapTitle);
    const [anaStart, benStart] = [await started(ana), await started(ben)];
    expect(anaStart).not.toBe(benStart);

    await ana.getByTestId("join-name").fill("林怡君");
    await ana.getByTestId("participant-color-purple").check();
    await ana.getByTestId("join-submit").click();
    await expect(ana.getByTestId("board")).toHaveAttribute("data-ready", "true");

    // 王小明 comes later: purple is worn (faded, and said so); he starts on a colour neither worn
    // nor held for 陳志明 (the one 林怡君 left is free again).
    const cai = await cc.newPage();
    await cai.goto(host.participantUrl(`#invite=${host.invite}`));
    const purple = cai.getByTestId("participant-color-purple");
    await expect(purple).toHaveAttribute("data-taken", "true");
    await expect(purple).toHaveAccessibleName(/已有人在用/);
    await expect(purple).not.toBeChecked();
    const caiStart = await started(cai);
    expect([benStart, "#7b5ea7"]).not.toContain(caiStart);
    // a worn colour can still be picked (and the picker takes the click)
    await purple.check();
    await expect(purple).toBeChecked();

    await ben.getByTestId("join-name").fill("陳志明");
    await ben.getByTestId("join-submit").click();
    await expect(ben.getByTestId("board")).toHaveAttribute("data-ready", "true");
    const colours = Object.fromEntries((await workshopStatus(host)).participants.map((p) => [p.name, p.color]));
    expect(colours).toEqual({ 林怡君: "#7b5ea7", 陳志明: benStart });
  } finally {
    for (const c of contexts) await c.close();
  }
});

test("a full workshop turns a newcomer away in their own language (zh-TW), not in the host's English", async ({
  browser,
}) => {
  host = await startWorkshopHost();
  // The workshop's seats (200) are taken by people who joined before, straight through the
  // participants' door.
  const door = `http://127.0.0.2:${host.port}/api/join`;
  for (let i = 0; ; i++) {
    const res = await fetch(door, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        invite: host.invite,
        participant_id: `participant-seat${String(i).padStart(4, "0")}`,
        name: `座位 ${i}`,
        color: "#2f6fde",
      }),
    });
    if (res.status === 403) {
      expect(((await res.json()) as { code: string }).code).toBe("workshop_full");
      break;
    }
    expect(res.status).toBe(200);
    expect(i).toBeLessThan(500);
  }
  const context = await browser.newContext({ locale: "zh-TW" });
  try {
    const page = await context.newPage();
    await page.goto(host.participantUrl(`#invite=${host.invite}`));
    await page.getByTestId("join-name").fill("林怡君");
    await page.getByTestId("join-submit").click();
    await expect(page.getByTestId("join-page")).toContainText("工作坊人數已滿：最多 200 人。");
    await expect(page.getByTestId("join-page")).not.toContainText("workshop is full");
  } finally {
    await context.close();
  }
});

/** The colour the join page has checked once the host's suggestion is in (`#rrggbb`). */
async function started(page: Page): Promise<string | null> {
  const checked = page.locator("[data-testid^='participant-color-']:checked");
  await expect(checked).toHaveCount(1);
  return checked.getAttribute("value");
}

test("joins by code typed in lower case with spaces", async ({ context }) => {
  host = await startWorkshopHost();
  const page = await context.newPage();
  await page.goto(host.participantUrl("#join"));
  expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
  await page.getByTestId("join-code").fill(` ${host.code.toLowerCase().replace("-", " ")} `);
  await page.getByTestId("join-code-submit").click();
  await expect(page.getByTestId("join-map-title")).toContainText((await workshopStatus(host)).map_title);
  await page.getByTestId("join-name").fill("Ana");
  await page.getByTestId("join-submit").click();
  await expect(page.getByTestId("board")).toHaveAttribute("data-ready", "true");
  await expect(page.getByTestId("participant-me")).toContainText("Ana");
});

test("five wrong codes lock the page out, with the seconds to wait", async ({ context }) => {
  host = await startWorkshopHost();
  const page = await context.newPage();
  await page.goto(host.participantUrl("#join"));
  const problem = page.getByTestId("join-problem");
  // not a possible code: said at once, not sent to the host
  await page.getByTestId("join-code").fill("ABC");
  await page.getByTestId("join-code-submit").click();
  await expect(problem).toContainText("six letters and digits");
  const wrong = host.code.startsWith("A") ? "BBB-BBB" : "AAA-AAA";
  let lockedAt = 0;
  for (let attempt = 1; attempt <= 6 && lockedAt === 0; attempt++) {
    await page.getByTestId("join-code").fill(wrong);
    await expect(page.getByTestId("join-code")).toHaveValue(wrong);
    await expect(page.getByTestId("join-code-submit")).toBeEnabled();
    await page.getByTestId("join-code-submit").click();
    // a debug host on a busy machine can take a while to answer: allow it its time
    await expect(problem).toContainText(/not right|Too many wrong codes/, { timeout: 20_000 });
    if (/Too many wrong codes/.test((await problem.textContent()) ?? "")) lockedAt = attempt;
  }
  expect(lockedAt).toBeGreaterThanOrEqual(5);
  await expect(problem).toContainText(/Try again in \d+ seconds/);
  await expect(page.getByTestId("join-code-submit")).toBeDisabled();
});

test("edits flow both ways between the facilitator and a participant", async ({ browser }) => {
  host = await startWorkshopHost();
  const fc = await browser.newContext();
  const pc = await browser.newContext();
  try {
    const fac = await facilitatorPage(host, fc);
    const part = await joinByLink(host, pc, "王小明");
    await addCard(part, "忠诚", "触点", "来自参与者的卡片");
    await expectSaved(part);
    const seen = cardIn(fac, "来自参与者的卡片");
    await expect(seen).toBeVisible();
    await expect(seen).toContainText("王小明");

    await addCard(fac, "转化", "触点", "Facilitator's card");
    await expect(cardIn(part, "Facilitator's card")).toBeVisible();
    // both are on the map: each sees the other in the presence bar
    await expect(part.getByTestId("presence-bar")).toBeVisible();
    await expect(fac.getByTestId("presence-bar")).toBeVisible();
    await expect(part.getByTestId("access-banner")).toHaveCount(0);
  } finally {
    await fc.close();
    await pc.close();
  }
});

test("a viewer sees the map read-only and is told why", async ({ browser }) => {
  host = await startWorkshopHost("viewer");
  const pc = await browser.newContext();
  const fc = await browser.newContext();
  try {
    const part = await joinByLink(host, pc, "Viewer Vic");
    const banner = part.getByTestId("access-banner");
    await expect(banner).toHaveAttribute("data-reason", "viewer");
    await expect(banner).toContainText("You are a viewer");
    await expect(part.getByTestId("participant-me")).toHaveAttribute("data-role", "viewer");
    await expect(part.getByTestId("undo")).toHaveCount(0);
    await expectReadOnly(part);
    await expectSaved(part);
    // still sees the others' edits live
    const fac = await facilitatorPage(host, fc);
    await addCard(fac, "忠诚", "触点", "给查看者看的");
    await expect(cardIn(part, "给查看者看的")).toBeVisible();
    await expectSaved(part);
  } finally {
    await pc.close();
    await fc.close();
  }
});

test("the facilitator's lock makes the board read-only with a banner, and unlocking lifts it", async ({ browser }) => {
  host = await startWorkshopHost();
  const pc = await browser.newContext();
  const fc = await browser.newContext();
  try {
    const part = await joinByLink(host, pc, "Lee");
    const fac = await facilitatorPage(host, fc);
    // an editor open when the lock arrives closes
    const target = await cell(part, "忠诚", "触点");
    await target.getByTestId("add-card").click();
    await part.keyboard.type("before the lock");
    // what was typed has reached the host before the lock (a write that arrives after the lock
    // is refused, as the lock means)
    await expect(cardIn(fac, "before the lock")).toBeVisible();
    expect((await host.api("PATCH", "/api/workshop", { locked: true })).status).toBe(200);
    const banner = part.getByTestId("access-banner");
    await expect(banner).toHaveAttribute("data-reason", "locked");
    await expect(banner).toContainText("locked the map");
    await expect(part.locator(".card-editor-wrap")).toHaveCount(0);
    // and says why the card closed under their typing
    await expect(part.getByTestId("editing-stopped")).toContainText("you can no longer edit this map");
    await expectReadOnly(part);
    // their badge says what holds now, not "Editor"
    const badge = part.getByTestId("participant-role");
    await expect(badge).toHaveText("Read-only");
    await expect(part.getByTestId("participant-me")).toHaveAttribute("data-read-only", "true");
    await expect(cardIn(fac, "before the lock")).toBeVisible();

    expect((await host.api("PATCH", "/api/workshop", { locked: false })).status).toBe(200);
    await expect(banner).toHaveCount(0);
    await expect(badge).toHaveText("Editor");
    await addCard(part, "转化", "触点", "after the unlock");
    await expectSaved(part);
    await expect(cardIn(fac, "after the unlock")).toBeVisible();

    // a role change reaches the open page too
    const id = (await workshopStatus(host)).participants[0]?.id ?? "";
    expect((await host.api("PUT", `/api/workshop/participants/${id}/role`, { role: "viewer" })).status).toBe(200);
    await expect(banner).toHaveAttribute("data-reason", "viewer");
    await expect(part.getByTestId("participant-me")).toHaveAttribute("data-role", "viewer");
  } finally {
    await pc.close();
    await fc.close();
  }
});

test("a removed participant is cut off, told so, keeps a read-only copy and can save it", async ({ browser }) => {
  host = await startWorkshopHost();
  const pc = await browser.newContext({ acceptDownloads: true });
  try {
    const part = await joinByLink(host, pc, "Removed Ray");
    await addCard(part, "忠诚", "触点", "写于被移出之前");
    await expectSaved(part);
    const id = (await workshopStatus(host)).participants[0]?.id ?? "";
    expect((await host.api("POST", `/api/workshop/participants/${id}/revoke`)).status).toBe(200);

    const banner = part.getByTestId("access-banner");
    await expect(banner).toHaveAttribute("data-reason", "revoked", { timeout: 15_000 });
    await expect(banner).toContainText("The facilitator removed you from this workshop");
    await expect(cardIn(part, "写于被移出之前")).toBeVisible();
    await expectReadOnly(part);

    const { name, bundle } = await saveCopy(part);
    expect(name).toMatch(/\.wayline$/);
    expect(bundle).toMatchObject({ format: "wayline-bundle", version: 1 });
    const content = bundle.content as { maps: { title: string; document: string }[]; personas: unknown[] };
    expect(bundle.sha256).toBe(createHash("sha256").update(canonical(content), "utf8").digest("hex"));
    expect(content.maps).toHaveLength(1);
    expect(content.maps[0]?.title).toBe((await workshopStatus(host)).map_title);
    expect(Buffer.from(content.maps[0]?.document ?? "", "base64").length).toBeGreaterThan(100);

    // a reload says what happened instead of offering a dead seat
    await part.reload();
    await expect(part.getByTestId("finished-page")).toHaveAttribute("data-reason", "revoked");
  } finally {
    await pc.close();
  }
});

test("an ended workshop leaves the participant a read-only copy to save", async ({ browser }) => {
  // Ending closes the participants' door at once; the host first tells every participant why
  // (RoomError Evicted "workshop_ended"), so the page does not mistake the end for a Wi-Fi drop.
  host = await startWorkshopHost();
  const pc = await browser.newContext({ acceptDownloads: true });
  try {
    const part = await joinByLink(host, pc, "Enid");
    await addCard(part, "忠诚", "触点", "工作坊结束前");
    await expectSaved(part);
    expect((await host.api("DELETE", "/api/workshop")).status).toBe(200);

    const banner = part.getByTestId("access-banner");
    await expect(banner).toHaveAttribute("data-reason", "ended", { timeout: 20_000 });
    await expect(banner).toContainText("The workshop has ended");
    await expect(cardIn(part, "工作坊结束前")).toBeVisible();
    await expectReadOnly(part);
    await closingAsksUntilSaved(part, banner);
  } finally {
    await pc.close();
  }
});

test("a participant's offline edit survives a reload while offline and merges on reconnect", async ({ browser }) => {
  host = await startWorkshopHost();
  const pc = await browser.newContext();
  const fc = await browser.newContext();
  try {
    const part = await joinByLink(host, pc, "離線的小林");
    const fac = await facilitatorPage(host, fc);
    await expect.poll(() => keptEntries(part)).toBe(0);

    await pc.setOffline(true);
    await expect(part.getByTestId("save-state")).toHaveAttribute("data-state", "offline", { timeout: 20_000 });
    await addCard(part, "忠诚", "触点", "断网时写的卡片");
    await expect.poll(() => keptEntries(part)).toBe(1);
    // meanwhile the facilitator goes on
    await addCard(fac, "转化", "触点", "主持人同时写的");

    // no service worker on plain http: a reload while offline cannot show the app…
    await part.reload().catch(() => undefined);
    await pc.setOffline(false);
    // …but the edit is kept in the browser and reaches the host when the page is back
    await part.goto(host.participantUrl());
    await expect(part.getByTestId("board")).toHaveAttribute("data-ready", "true");
    await expect(cardIn(part, "断网时写的卡片")).toHaveCount(1);
    await expect(cardIn(part, "主持人同时写的")).toHaveCount(1);
    await expectSaved(part);
    await expect.poll(() => keptEntries(part)).toBe(0);
    await expect(cardIn(fac, "断网时写的卡片")).toHaveCount(1);
    await expect(cardIn(fac, "断网时写的卡片")).toContainText("離線的小林");
  } finally {
    await pc.close();
    await fc.close();
  }
});

test("a participant removed while offline keeps, after a reload, the read-only board with what they wrote", async ({
  browser,
}) => {
  host = await startWorkshopHost();
  const pc = await browser.newContext({ acceptDownloads: true });
  try {
    const part = await joinByLink(host, pc, "晚回來的阿明");
    await pc.setOffline(true);
    await expect(part.getByTestId("save-state")).toHaveAttribute("data-state", "offline", { timeout: 20_000 });
    await addCard(part, "忠诚", "触点", "断网后才写的想法");
    await expect.poll(() => keptEntries(part)).toBe(1);
    // The facilitator removes them while this page cannot hear it.
    const id = (await workshopStatus(host)).participants[0]?.id ?? "";
    expect((await host.api("POST", `/api/workshop/participants/${id}/revoke`)).status).toBe(200);
    await part.reload().catch(() => undefined);
    await pc.setOffline(false);
    await part.goto(host.participantUrl());

    // What the browser kept is on screen, read-only, with the reason and a way to save it.
    const banner = part.getByTestId("access-banner");
    await expect(banner).toHaveAttribute("data-reason", "revoked", { timeout: 20_000 });
    await expect(cardIn(part, "断网后才写的想法")).toBeVisible();
    await expectReadOnly(part);
    await closingAsksUntilSaved(part, banner);
  } finally {
    await pc.close();
  }
});
