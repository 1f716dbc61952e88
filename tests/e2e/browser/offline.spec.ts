// A participant keeps working while the host is gone (the Wi-Fi dropped, the laptop with the host
// slept) and closes the tab before it is back: the edit is kept in the browser (IndexedDB, per
// origin and browser profile) and reaches the host when the map is opened again. The same holds for
// an edit whose frames never reached the host because the tab was reloaded a moment after the
// keystroke: the outbox stores each edit as it is made (the page may never run its pagehide
// handlers when a busy browser reloads it).
import { expect, type Page, test, type WebSocketRoute } from "@playwright/test";
import { cell, createMap, createProject, expectSaved, openApp, reloadBoard } from "../support/board";
import { type Host, startHost } from "../support/host";
import { keptEntries } from "../support/outbox";

let host: Host;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

test("a card added while the host is down survives closing the tab and is saved once the host is back", async ({
  context,
  browser,
}) => {
  const ownDir = host.dataDir;
  const port = Number(new URL(host.url).port);
  const page = await context.newPage();
  await openApp(page, host.url);
  await createProject(page, "離線工作坊");
  await createMap(page, "離線工作坊", "en");
  await expectSaved(page);
  await expect.poll(() => keptEntries(page)).toBe(0);

  await host.kill();
  const saveState = page.getByTestId("save-state");
  await expect(saveState).toHaveAttribute("data-state", "offline");
  const target = await cell(page, "Retention", "Pain points");
  await target.getByTestId("add-card").click();
  await page.keyboard.type("Wi-Fi 断了，退货流程还没讲完");
  await page.keyboard.press("Escape");
  await expect(target.getByTestId("card").filter({ hasText: "Wi-Fi 断了，退货流程还没讲完" })).toBeVisible();
  await expect(saveState).toHaveAttribute("data-state", "offline");
  // kept in the browser, then the tab goes away before the host is back
  await expect.poll(() => keptEntries(page)).toBe(1);
  await page.close();

  const restarted = await startHost(["--no-sample"], ownDir, port);
  try {
    // a new tab in the same browser profile: same origin, same IndexedDB
    const again = await context.newPage();
    await again.goto(restarted.url);
    await again.getByTestId("map-item").first().click();
    await expect(again.getByTestId("board")).toHaveAttribute("data-ready", "true");
    const card = (await cell(again, "Retention", "Pain points"))
      .getByTestId("card")
      .filter({ hasText: "Wi-Fi 断了，退货流程还没讲完" });
    await expect(card).toHaveCount(1);
    await expectSaved(again);
    // acknowledged by the host: nothing is kept in the browser any more
    await expect.poll(() => keptEntries(again)).toBe(0);

    await reloadBoard(again);
    await expect(
      (await cell(again, "Retention", "Pain points")).getByTestId("card").filter({ hasText: "Wi-Fi 断了，退货流程还没讲完" }),
    ).toHaveCount(1);
    await expectSaved(again);

    // and a browser profile that never saw the edit gets it from the host
    const other = await browser.newContext();
    try {
      const fresh = await other.newPage();
      await openApp(fresh, restarted.url, "Other");
      await fresh.getByTestId("map-item").first().click();
      await expect(fresh.getByTestId("board")).toHaveAttribute("data-ready", "true");
      await expect(
        (await cell(fresh, "Retention", "Pain points")).getByTestId("card").filter({ hasText: "Wi-Fi 断了，退货流程还没讲完" }),
      ).toHaveCount(1);
    } finally {
      await other.close();
    }
  } finally {
    await restarted.stop();
  }
});

test("an edit the host has not acknowledged survives a reload a moment after the keystroke (zh-CN)", async ({
  browser,
}) => {
  const ana = await (await browser.newContext()).newPage();
  await openApp(ana, host.url, "林");
  await createProject(ana, "刚打完字就刷新");
  await createMap(ana, "刚打完字就刷新", "zh-CN");
  const ben = await (await browser.newContext()).newPage();
  // The edits typed on the socket `held` never reach the host (it stays open, so the page counts
  // them as on their way, not offline): only the browser's own copy can keep them. The reloaded
  // page's socket is a new one and passes everything, however early it sends.
  let current: WebSocketRoute | null = null;
  let held: WebSocketRoute | null = null;
  await ben.routeWebSocket(/\/ws/, (ws) => {
    current = ws;
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      if (!(ws === held && typeof message !== "string")) server.send(message);
    });
  });
  await openApp(ben, host.url, "陈");
  await ben.getByTestId("map-item").first().click();
  await expect(ben.getByTestId("board")).toHaveAttribute("data-ready", "true");

  for (let i = 1; i <= 5; i++) {
    const word = `比较运费${i}`;
    await (await cell(ben, "转化", "触点")).getByTestId("add-card").click();
    await expect(ben.getByTestId("card-editor")).toBeFocused();
    held = current;
    await ben.keyboard.type(word);
    // Reloaded at once: kept only by what the page wrote as each key went in.
    await ben.reload();
    await expect(ben.getByTestId("board")).toHaveAttribute("data-ready", "true");
    for (const page of [ben, ana]) {
      await expect((await cell(page, "转化", "触点")).getByTestId("card").filter({ hasText: word })).toHaveCount(1);
    }
  }
  await expectSaved(ben);
  await expect.poll(() => keptEntries(ben)).toBe(0);
});

test("a tab still running the build from before outbox pieces cannot reach them, and the upgrade keeps what that build kept", async ({
  context,
}) => {
  // A tab of the older build, open on this origin before the app was updated: its outbox
  // database is version 1 and holds an entry of another map, and it keeps its connection open
  // as that build did (closing it when another tab upgrades the database).
  const older = await context.newPage();
  await older.goto(`${host.url}/favicon.png`);
  await older.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("wayline", 1);
        open.onupgradeneeded = () => {
          const store = open.result.createObjectStore("outbox", { keyPath: "id" });
          store.createIndex("mapId", "mapId", { unique: false });
          store.put({ id: "older-entry", mapId: "another-map", bytes: new Uint8Array([1, 2, 3]) });
        };
        open.onsuccess = () => {
          const db = open.result;
          db.onversionchange = () => db.close();
          (window as unknown as { olderDb: IDBDatabase }).olderDb = db;
          resolve();
        };
        open.onerror = () => reject(open.error);
      }),
  );

  const page = await context.newPage();
  await openApp(page, host.url);
  await createProject(page, "舊版分頁");
  await createMap(page, "舊版分頁", "zh-TW");
  await expectSaved(page);
  await host.kill();
  const target = await cell(page, "轉換", "痛點");
  await target.getByTestId("add-card").click();
  await page.keyboard.type("退貨要等三天");
  await page.keyboard.press("Escape");
  // Kept in the browser as an entry and the pieces its later keystrokes appended.
  const records = () =>
    page.evaluate(
      () =>
        new Promise<{ version: number; ids: string[]; pieces: number }>((resolve, reject) => {
          const open = indexedDB.open("wayline");
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const all = db.transaction("outbox", "readonly").objectStore("outbox").getAll();
            all.onsuccess = () => {
              const rows = all.result as { id: string; entryId?: string }[];
              db.close();
              resolve({
                version: db.version,
                ids: rows.filter((r) => r.entryId === undefined).map((r) => r.id),
                pieces: rows.filter((r) => r.entryId !== undefined).length,
              });
            };
            all.onerror = () => reject(all.error);
          };
        }),
    );
  await expect.poll(async () => (await records()).pieces).toBeGreaterThan(0);
  const kept = await records();
  expect(kept.version).toBeGreaterThan(1);
  // The upgrade kept the older build's entry beside this tab's own.
  expect(kept.ids).toContain("older-entry");
  expect(kept.ids).toHaveLength(2);

  // The older tab lost its connection to the upgrade and cannot open the database again, so it
  // can neither read the pieces as entries nor delete them.
  const reopened = await older.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const open = indexedDB.open("wayline", 1);
        open.onsuccess = () => {
          open.result.close();
          resolve("opened");
        };
        open.onerror = () => resolve(open.error?.name ?? "error");
      }),
  );
  expect(reopened).toBe("VersionError");
  expect(await records()).toEqual(kept);
});
