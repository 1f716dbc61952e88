// Tests how the durable outbox writes, against an in-memory storage and the real sync client (fake
// socket, fake host on a real LoroDoc): unacknowledged edits are kept at once, online and offline,
// as small pieces after one whole export; cleared only after the host's ack; written again whole
// after a failure or when another tab removed the entry.
import { decodeImportBlobMeta, LoroDoc } from "loro-crdt";
import { MessageType } from "loro-protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeHost } from "../../test/sync/doubles";
import {
  addCard,
  cardsOf,
  connect,
  fail,
  MemoryStorage,
  openSession,
  quiet,
} from "../../test/sync/outboxSession";
import { CLEAR_AFTER_MS, MAX_PIECES, MapOutbox } from "./outbox";
import { restoreOutbox } from "./outboxEntries";

describe("MapOutbox", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(console, "warn").mockImplementation(() => {});
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("keeps each edit made while offline at once, rewriting the one entry", async () => {
    const storage = new MemoryStorage();
    const host = new FakeHost();
    host.doc.getMap("meta").set("title", "Workshop");
    host.doc.commit();
    const s = await openSession(storage);
    connect(s, host);
    expect(s.room.getStatus().state).toBe("saved");

    s.socket().serverClose();
    expect(s.room.getStatus().state).toBe("offline");
    addCard(s.doc, "c1", "Show prices in ads");
    // No delay: a tab closed right after the edit must not lose it.
    const [entry] = storage.forMap("m1");
    expect(entry).toBeDefined();
    if (!entry) return;
    expect(entry.id).toBe(s.outbox.entryId);
    expect(cardsOf(entry)).toEqual({ c1: "Show prices in ads" });

    addCard(s.doc, "c2", "Hidden fees");
    expect(storage.entries.size).toBe(1);
    const again = storage.forMap("m1")[0];
    expect(again && cardsOf(again)).toEqual({ c1: "Show prices in ads", c2: "Hidden fees" });
    s.close();
  });

  it("offline, keeps the whole document once and then only what each edit adds", async () => {
    const storage = new MemoryStorage();
    const s = await openSession(storage); // never connected: offline
    for (let i = 0; i < 40; i++) addCard(s.doc, `c${i}`, `客户说等待太久 ${"x".repeat(200)} ${i}`);
    const entry = storage.forMap("m1")[0];
    if (!entry) throw new Error("nothing kept");
    expect(entry.more).toHaveLength(39);
    // The whole is a snapshot (a cheap export of what Loro already holds encoded), the pieces updates.
    expect(decodeImportBlobMeta(entry.bytes, true).mode).toBe("snapshot");
    expect(decodeImportBlobMeta(entry.more?.[0] ?? fail(), true).mode).toBe("update");
    // Each later write added one small piece, not a new export of the whole document.
    const biggest = Math.max(...(entry.more ?? []).map((p) => p.length));
    expect(biggest * 10).toBeLessThan(s.doc.export({ mode: "update" }).length);
    expect(Object.keys(cardsOf(entry))).toHaveLength(40);

    // After MAX_PIECES pieces the whole is exported again.
    for (let i = 40; i < 40 + MAX_PIECES; i++) addCard(s.doc, `c${i}`, `card ${i}`);
    const later = storage.forMap("m1")[0];
    if (!later) throw new Error("nothing kept");
    expect(later.more?.length ?? 0).toBeLessThan(MAX_PIECES);
    expect(Object.keys(cardsOf(later))).toHaveLength(40 + MAX_PIECES);

    // A fresh document opened from it has every card.
    s.close();
    const again = await openSession(storage);
    expect(Object.keys(again.doc.getMap("cards").toJSON())).toHaveLength(40 + MAX_PIECES);
    again.close();
  });

  it("writes again on the next flush when a write failed, the whole document included", async () => {
    const storage = new MemoryStorage();
    const s = await openSession(storage); // never connected: offline
    addCard(s.doc, "c1", "first");
    storage.failPut = true;
    addCard(s.doc, "c2", "lost write");
    storage.failPut = false;
    // The page is hidden before anything else happens: what the failed write held is kept now.
    s.page.hide();
    const [entry] = storage.forMap("m1");
    if (!entry) throw new Error("nothing kept");
    expect(cardsOf(entry)).toEqual({ c1: "first", c2: "lost write" });
    s.close();
  });

  it("clears the entry only once the host acknowledged the edits", async () => {
    const storage = new MemoryStorage();
    const host = new FakeHost();
    const s = await openSession(storage);
    connect(s, host);
    s.socket().serverClose();
    addCard(s.doc, "c1", "Queue too long");
    vi.advanceTimersByTime(300);
    expect(storage.entries.size).toBe(1);

    host.autoAck = false;
    vi.advanceTimersByTime(500); // reconnect
    connect(s, host);
    expect(host.doc.getMap("cards").get("c1")).toBe("Queue too long");
    expect(s.room.getStatus().state).toBe("saving");
    vi.advanceTimersByTime(1_000);
    expect(storage.entries.size).toBe(1);

    const batch = s
      .socket()
      .messages()
      .find((m) => m.type === MessageType.DocUpdate);
    if (batch?.type !== MessageType.DocUpdate) throw new Error("no batch sent");
    host.ack(s.socket(), "m1", batch.batchId);
    expect(s.room.getStatus().state).toBe("saved");
    // kept a moment longer (the next keystroke of a burst would otherwise export the whole again)
    vi.advanceTimersByTime(CLEAR_AFTER_MS - 1);
    expect(storage.entries.size).toBe(1);
    vi.advanceTimersByTime(1);
    expect(storage.entries.size).toBe(0);
    s.close();
  });

  it("writes at once when the page is hidden or closed, and when the map is closed", async () => {
    const storage = new MemoryStorage();
    const s = await openSession(storage); // never connected: offline
    addCard(s.doc, "c1", "a");
    s.page.win.dispatchEvent(new Event("pagehide"));
    expect(storage.forMap("m1").map((e) => cardsOf(e))).toEqual([{ c1: "a" }]);

    addCard(s.doc, "c2", "b");
    s.page.hide();
    expect(storage.forMap("m1").map((e) => cardsOf(e))).toEqual([{ c1: "a", c2: "b" }]);

    addCard(s.doc, "c3", "c");
    s.close();
    expect(storage.forMap("m1").map((e) => cardsOf(e))).toEqual([{ c1: "a", c2: "b", c3: "c" }]);
  });

  it("keeps nothing when there is no unacknowledged edit", async () => {
    const storage = new MemoryStorage();
    const host = new FakeHost();
    host.doc.getMap("meta").set("title", "Workshop");
    host.doc.commit();
    const s = await openSession(storage);
    connect(s, host);
    s.socket().serverClose();
    vi.advanceTimersByTime(1_000);
    s.page.win.dispatchEvent(new Event("pagehide"));
    s.close();
    expect(storage.entries.size).toBe(0);
  });

  it("online, stores each edit in the same task, as a small piece after the first", async () => {
    const storage = new MemoryStorage();
    const host = new FakeHost();
    const s = await openSession(storage);
    connect(s, host);
    host.autoAck = false; // every edit stays unacknowledged, as in the moment after a keystroke
    let puts = 0;
    const put = storage.put.bind(storage);
    storage.put = (entry) => {
      puts += 1;
      return put(entry);
    };
    for (const [i, ch] of [..."比较运费"].entries()) {
      addCard(s.doc, `c${i}`, `${ch} ${"x".repeat(200)}`);
      // no timer has run: the page may be gone before any would
      expect(Object.keys(cardsOf(storage.forMap("m1")[0] ?? fail()))).toHaveLength(i + 1);
    }
    expect(puts).toBe(1);
    expect(storage.pieces.size).toBe(3);
    const biggest = Math.max(...[...storage.pieces.values()].map((p) => p.bytes.length));
    expect(biggest * 3).toBeLessThan(s.doc.export({ mode: "update" }).length);

    // A fresh session (the reloaded page) gets every edit from it.
    s.client.destroy();
    const again = await openSession(storage);
    expect(Object.keys(again.doc.getMap("cards").toJSON())).toHaveLength(4);
    again.close();
  });

  it("stores the whole again when another tab replayed and cleared its entry while it was open", async () => {
    const storage = new MemoryStorage();
    const a = await openSession(storage); // never connected: offline
    addCard(a.doc, "c1", "before tab B");
    // Tab B opens the map, replays A's entry, sends it and, saved, deletes it.
    const b = await openSession(storage);
    connect(b, new FakeHost());
    expect(b.room.getStatus().state).toBe("saved");
    expect(storage.entries.size).toBe(0);
    // A goes on offline: its next piece finds no entry, and the whole is stored again.
    addCard(a.doc, "c2", "after tab B");
    await Promise.resolve();
    await Promise.resolve();
    const [entry] = storage.forMap("m1");
    expect(entry && cardsOf(entry)).toEqual({ c1: "before tab B", c2: "after tab B" });
    // A reloads: nothing of it is lost.
    a.client.destroy();
    b.close();
    const again = await openSession(storage);
    expect(again.doc.getMap("cards").toJSON()).toEqual({ c1: "before tab B", c2: "after tab B" });
    again.close();
  });

  it("stores the whole again at once after a failed write, and restores what comes before a lost piece", async () => {
    const storage = new MemoryStorage();
    const s = await openSession(storage); // never connected: offline
    addCard(s.doc, "c1", "first");
    storage.failPut = true;
    addCard(s.doc, "c2", "lost write");
    storage.failPut = false;
    addCard(s.doc, "c3", "after it");
    // Until the failure is known, a piece is missing: a restore keeps what comes before it.
    const gap = new LoroDoc();
    await restoreOutbox(storage, "m1", gap, quiet);
    expect(gap.getMap("cards").toJSON()).toEqual({ c1: "first" });
    // The failure known, the whole is stored again without waiting for another edit.
    await Promise.resolve();
    await Promise.resolve();
    const [entry] = storage.forMap("m1");
    expect(entry && cardsOf(entry)).toEqual({ c1: "first", c2: "lost write", c3: "after it" });
    s.close();
  });

  it("does not retry in a loop against a storage that refuses everything (a full disk)", async () => {
    const storage = new MemoryStorage();
    let attempts = 0;
    const put = storage.put.bind(storage);
    storage.put = (entry) => {
      attempts += 1;
      return put(entry);
    };
    storage.failPut = true;
    const s = await openSession(storage); // never connected: offline
    addCard(s.doc, "c1", "first");
    addCard(s.doc, "c2", "second");
    for (let i = 0; i < 20; i++) await Promise.resolve();
    // one whole export per edit, each tried once
    expect(attempts).toBe(2);
    storage.failPut = false;
    addCard(s.doc, "c3", "disk has room again");
    const [entry] = storage.forMap("m1");
    expect(entry && cardsOf(entry)).toEqual({
      c1: "first",
      c2: "second",
      c3: "disk has room again",
    });
    s.close();
  });
  it("hands its kept edits over to the session that opens the map again, which deletes them once its own copy is stored", async () => {
    const storage = new MemoryStorage();
    const s = await openSession(storage); // offline
    addCard(s.doc, "c1", "退货要等三天");
    const kept = s.outbox.handOver();
    expect(kept).toContain(s.outbox.entryId);
    // handing over deletes nothing: until the next session has stored its own, this is the copy
    expect(storage.forMap("m1")).toHaveLength(1);

    // the map opened again on a document made from it (as after a refused edit was set aside)
    const next = s.doc.fork();
    const room = s.client.openRoom("m1", next);
    const outbox = new MapOutbox({
      mapId: "m1",
      doc: next,
      room,
      storage,
      adopted: kept,
      retireAdoptedOnceStored: true,
    });
    outbox.flush();
    // once its own whole copy is stored, the earlier entry goes (a reload must not bring back
    // what was set aside), before anything is acknowledged
    await vi.advanceTimersByTimeAsync(0);
    expect(storage.forMap("m1").map((e) => e.id)).toEqual([outbox.entryId]);
    const host = new FakeHost();
    connect(s, host);
    expect(room.getStatus().state).toBe("saved");
    expect(host.doc.getMap("cards").get("c1")).toBe("退货要等三天");
    await vi.advanceTimersByTimeAsync(CLEAR_AFTER_MS + 10);
    expect(storage.forMap("m1")).toHaveLength(0);
    outbox.dispose();
    s.client.destroy();
  });
});
