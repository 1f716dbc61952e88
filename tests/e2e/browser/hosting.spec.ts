// The facilitator's hosting panel against a real `wayline serve`: hosting a map on 127.0.0.2 (typed
// as "Other address…", since it is no interface of this machine), the invitation (link, QR, code),
// a participant joining over the participants' door and shown online, role change, lock, removal
// and end through the panel, the workshop resumed after a host restart, and "Join workshop" opening
// the workshop's page. The participant side speaks the join API from a page on the workshop's
// origin. All traffic stays on loopback: the nearby search (mDNS) is answered by the test instead.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, expect, type Page, type TestInfo, test } from "@playwright/test";
import { createMap, createProject, expectTopBarOnOneLine, openApp, setUiLanguage } from "../support/board";
import { type Host, repoRoot, startHost } from "../support/host";

const WORKSHOP_ADDRESS = "127.0.0.2";

let host: Host;
test.afterEach(async () => {
  await host?.stop();
});

/** Opens the app, creates a map and hosts it on 127.0.0.2 from the panel; returns the join link. */
async function hostWorkshop(page: Page, url: string): Promise<string> {
  await openApp(page, url, "Facilitator");
  await createProject(page, "Workshop");
  await createMap(page, "Workshop", "en");
  await page.getByTestId("hosting-open").click();
  const panel = page.getByTestId("hosting-panel");
  await expect(panel).toHaveAttribute("data-mode", "start");
  // The machine's interfaces are listed; loopback ones cannot be picked.
  await expect(panel.getByTestId("hosting-interface").first()).toBeVisible();
  const loopback = panel.locator('[data-testid="hosting-interface"][data-address="127.0.0.1"] input');
  if ((await loopback.count()) > 0) await expect(loopback).toBeDisabled();
  await panel.getByTestId("hosting-interface-other").click();
  await panel.getByTestId("hosting-other-address").fill(WORKSHOP_ADDRESS);
  await panel.getByTestId("hosting-submit").click();
  await expect(panel.getByTestId("hosting-running")).toBeVisible();
  const link = await panel.getByTestId("hosting-join-url").inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/#invite=[0-9a-f]{64}$/);
  return link;
}

interface Participant {
  page: Page;
  /** Asks the host for this participant's session: its role and lock, or the refusal's status. */
  session: () => Promise<{ status: number; role?: string; locked?: boolean }>;
  socketOpen: () => Promise<boolean>;
}

/**
 * A participant's browser: a page on the workshop's origin (its favicon, so that no participant UI
 * runs; a page made up by the test would count as a public address and Chromium's local-network
 * checks would refuse its WebSocket), which joins with the invitation through `/api/join` and
 * keeps the participants' WebSocket open with pings.
 */
async function joinAsParticipant(browser: Browser, link: string, name: string): Promise<Participant> {
  const origin = new URL(link).origin;
  const invite = new URL(link).hash.replace("#invite=", "");
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${origin}/favicon.png`);
  await page.evaluate(
    async ({ invite, name }) => {
      const res = await fetch("/api/join", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ invite, participant_id: "p-e2e-0001", name, color: "#e05a8a" }),
      });
      if (!res.ok) throw new Error(`join refused: ${res.status} ${await res.text()}`);
      const { participant_token: token } = (await res.json()) as { participant_token: string };
      const w = window as unknown as { token: string; socket: WebSocket };
      w.token = token;
      w.socket = new WebSocket(`ws://${location.host}/ws?token=${encodeURIComponent(token)}`);
      setInterval(() => w.socket.readyState === WebSocket.OPEN && w.socket.send("ping"), 3_000);
      await new Promise((ok, fail) => {
        w.socket.onopen = ok;
        w.socket.onerror = fail;
      });
    },
    { invite, name },
  );
  return {
    page,
    session: () =>
      page.evaluate(async () => {
        const w = window as unknown as { token: string };
        const res = await fetch("/api/participant/session", { headers: { Authorization: `Bearer ${w.token}` } });
        if (!res.ok) return { status: res.status };
        const s = (await res.json()) as { role: string; locked: boolean };
        return { status: res.status, role: s.role, locked: s.locked };
      }),
    socketOpen: () =>
      page.evaluate(() => (window as unknown as { socket: WebSocket }).socket.readyState === WebSocket.OPEN),
  };
}

test("the facilitator hosts on 127.0.0.2, sees a participant and changes role, lock, removal and end", async ({
  browser,
  page,
}) => {
  host = await startHost();
  const link = await hostWorkshop(page, host.url);
  const panel = page.getByTestId("hosting-panel");
  const origin = new URL(link).origin;

  // The invitation: QR code (the host's SVG, as an image), code and the address to type it at.
  const qr = panel.getByTestId("hosting-qr");
  await expect(qr).toHaveAttribute("alt", /QR code/);
  const src = (await qr.getAttribute("src")) ?? "";
  expect(src.startsWith("data:image/svg+xml")).toBe(true);
  expect(decodeURIComponent(src.slice(src.indexOf(",") + 1))).toContain("<svg");
  expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth > 0 && img.width === 220)).toBe(true);
  await expect(panel.getByTestId("hosting-code")).toHaveText(/^[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}$/);
  await expect(panel.getByTestId("hosting-code-url")).toHaveText(`${origin}/#join`);
  // Typed into a fresh browser, that address opens the page that asks for the code.
  const typing = await (await browser.newContext()).newPage();
  await typing.goto(`${origin}/#join`);
  await expect(typing.getByTestId("join-code")).toBeVisible();
  await typing.context().close();
  await expect(panel.getByTestId("hosting-participant")).toHaveCount(0);

  // Someone joins through the participants' door and shows up online.
  const alice = await joinAsParticipant(browser, link, "Alice 小李");
  const row = panel.getByTestId("hosting-participant").filter({ hasText: "Alice 小李" });
  await expect(row.getByTestId("hosting-participant-state")).toHaveText("online");
  await expect(page.getByTestId("workshop-status")).toContainText("1 online");
  expect((await alice.session()).role).toBe("editor");

  // Role change: the host's answer updates the row, and the participant's session says viewer.
  await row.getByTestId("hosting-participant-role").selectOption("viewer");
  await expect(row.getByTestId("hosting-participant-role")).toHaveValue("viewer");
  await expect.poll(async () => (await alice.session()).role).toBe("viewer");

  // Lock and unlock the map.
  await panel.getByTestId("hosting-lock").check();
  await expect(panel.getByTestId("hosting-lock")).toBeChecked();
  await expect(page.getByTestId("workshop-status")).toHaveAttribute("data-state", "locked");
  await expect.poll(async () => (await alice.session()).locked).toBe(true);
  await panel.getByTestId("hosting-lock").uncheck();
  await expect.poll(async () => (await alice.session()).locked).toBe(false);

  // Remove Alice (after a confirmation): her socket closes and her token is refused.
  await row.getByTestId("hosting-revoke").click();
  await expect(page.getByTestId("confirm-dialog")).toContainText("Alice 小李");
  await page.getByTestId("confirm-ok").click();
  await expect(row.getByTestId("hosting-participant-state")).toHaveText("removed");
  await expect(row.getByTestId("hosting-revoke")).toHaveCount(0);
  await expect.poll(alice.socketOpen).toBe(false);
  expect((await alice.session()).status).toBe(403);

  // End the workshop: the status leaves the top bar and the participants' door closes.
  await panel.getByTestId("hosting-end").click();
  await expect(page.getByTestId("confirm-dialog")).toContainText("read-only copy");
  await page.getByTestId("confirm-ok").click();
  await expect(panel).toHaveAttribute("data-mode", "start");
  await expect(page.getByTestId("workshop-status")).toHaveCount(0);
  await page.getByTestId("hosting-close").click();
  await expect(page.getByTestId("hosting-open")).toBeVisible();
  const reachable = await alice.page.evaluate(() =>
    fetch("/api/participant/session").then(
      () => true,
      () => false,
    ),
  );
  expect(reachable).toBe(false);
  await alice.page.context().close();
});

test("a workshop resumed after a host restart shows in the top bar and the panel", async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), "wayline-e2e-hosting-"));
  try {
    host = await startHost(["--no-sample"], dataDir);
    const link = await hostWorkshop(page, host.url);
    const port = new URL(host.url).port;
    await host.kill();
    host = await startHost(["--no-sample"], dataDir, Number(port));
    await page.goto(host.url);
    await expect(page.getByTestId("workshop-status")).toContainText("0 online");
    await page.getByTestId("workshop-status").click();
    await expect(page.getByTestId("hosting-join-url")).toHaveValue(link);
    await page.getByTestId("hosting-end").click();
    await page.getByTestId("confirm-ok").click();
    await expect(page.getByTestId("workshop-status")).toHaveCount(0);
  } finally {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("Join workshop opens a nearby workshop's code page or a pasted link, and refuses other links", async ({
  browser,
  page,
}) => {
  host = await startHost();
  const link = await hostWorkshop(page, host.url);
  const origin = new URL(link).origin;
  const port = Number(new URL(link).port);

  const other = await (await browser.newContext()).newPage();
  // The nearby search would send mDNS queries to the network: the test answers it instead.
  await other.route("**/api/network/workshops", (route) =>
    route.fulfill({
      json: [{ name: "Workshop map", address: WORKSHOP_ADDRESS, port, code_url: `${origin}/#join` }],
    }),
  );
  await openApp(other, host.url, "Teammate");
  await other.getByTestId("join-open").click();
  const dialog = other.getByTestId("join-dialog");
  await dialog.getByTestId("join-link").fill("ftp://127.0.0.2/#join");
  await dialog.getByTestId("join-go").click();
  await expect(dialog.getByTestId("join-problem")).toBeVisible();
  await expect(dialog.getByTestId("join-nearby-item")).toContainText(`${WORKSHOP_ADDRESS}:${port}`);
  await dialog.getByTestId("join-nearby-item").click();
  await other.waitForURL(`${origin}/#join`);

  // A pasted join link opens as it is (the participant page then reads the invitation).
  await other.goto(host.url);
  await other.getByTestId("join-open").click();
  await other.getByTestId("join-link").fill(link);
  await other.getByTestId("join-go").click();
  await other.waitForURL((u) => u.origin === origin);
  await other.context().close();
});

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(300);
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: "image/png" });
  const dir = join(repoRoot, "tests/e2e/test-results");
  mkdirSync(dir, { recursive: true });
  copyFileSync(path, join(dir, `shot-${name}.png`));
}

/** Sets the theme through the top bar's toggle (it cycles system → light → dark). */
async function setTheme(page: Page, theme: "light" | "dark"): Promise<void> {
  for (let i = 0; i < 3 && (await page.locator("html").getAttribute("data-theme")) !== theme; i++) {
    await page.getByTestId("theme-toggle").click();
  }
  await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
}

const looks = [
  ["en", "light"],
  ["en", "dark"],
  ["zh-CN", "light"],
  ["zh-CN", "dark"],
] as const;

test("screenshots of the panel before and while hosting, in English and Chinese, light and dark", async ({
  browser,
}, testInfo) => {
  host = await startHost();
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await page.route("**/api/network/workshops", (route) => route.fulfill({ json: [] }));
  const link = await hostWorkshop(page, host.url);
  const alice = await joinAsParticipant(browser, link, "王小明");
  await expect(page.getByTestId("hosting-participant-state")).toHaveText("online");
  await page.getByTestId("hosting-close").click();
  for (const [language, theme] of looks) {
    await setUiLanguage(page, language);
    await setTheme(page, theme);
    await expectTopBarOnOneLine(page);
    await page.getByTestId("workshop-status").click();
    await shoot(page, testInfo, `hosting-running-${language}-${theme}`);
    await page.getByTestId("hosting-change-network").click();
    await page.getByTestId("hosting-panel").evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await shoot(page, testInfo, `hosting-move-${language}-${theme}`);
    await page.getByTestId("hosting-close").click();
  }
  // Before hosting: end the workshop, then open the panel again.
  await page.getByTestId("workshop-status").click();
  await page.getByTestId("hosting-end").click();
  await page.getByTestId("confirm-ok").click();
  await page.getByTestId("hosting-close").click();
  for (const [language, theme] of looks) {
    await setUiLanguage(page, language);
    await setTheme(page, theme);
    await page.getByTestId("hosting-open").click();
    await page.getByTestId("hosting-interface-other").click();
    // The panel's text wraps inside it, though the dialog is drawn inside the one-line top bar.
    const intro = page.locator(".hosting-intro");
    expect(await intro.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect((await intro.boundingBox())?.height ?? 0).toBeGreaterThan(30);
    await shoot(page, testInfo, `hosting-start-${language}-${theme}`);
    await page.getByTestId("hosting-close").click();
  }
  await page.getByTestId("join-open").click();
  await expect(page.getByTestId("join-none")).toBeVisible();
  await shoot(page, testInfo, "join-dialog-zh-CN-dark");
  await alice.page.context().close();
  await page.context().close();
});
