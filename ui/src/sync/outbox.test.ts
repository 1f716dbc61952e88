// Tests the durable outbox against an in-memory storage and the real sync client (fake socket,
// fake host on a real LoroDoc): unacknowledged edits are kept while offline, cleared only after
// the host's ack, replayed into a fresh document on open, and bad entries are dropped.
import { LoroDoc } from "loro-crdt";
import { MessageType } from "loro-protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeHost, FakeSocket } from "../../test/sync/doubles";
import { SyncClient } from "./client";
import {
  CLEAR_AFTER_MS,
  entryPieces,
  MAX_PIECES,
  MapOutbox,
  type OutboxEntry,
  type OutboxPiece,
  type OutboxStorage,
  restoreOutbox,
  withPieces,
} from "./outbox";
import type { RoomSync } from "./room";

/** An IndexedDB stand-in: entries and pieces by id, copied in and out like structured clone does. */
class MemoryStorage implements OutboxStorage {
  entries = new Map<string, OutboxEntry>();
  pieces = new Map<string, OutboxPiece>();
  failList = false;
  list(mapId: string): Promise<OutboxEntry[]> {
    if (this.failList) return Promise.reject(new Error("storage unavailable"));
    return Promise.resolve(
      this.forMap(mapId).map((e) => ({
        ...e,
        bytes: e.bytes instanceof Uint8Array ? e.bytes.slice() : e.bytes,
      })),
    );
  }
  failPut = false;
  put(entry: OutboxEntry): Promise<void> {
    if (this.failPut) return Promise.reject(new Error("disk full"));
    this.dropPieces(entry.id);
    this.entries.set(entry.id, {
      ...entry,
      bytes: entry.bytes.slice(),
      more: entry.more?.map((p) => p.slice()),
    });
    return Promise.resolve();
  }
  append(piece: OutboxPiece): Promise<boolean> {
    if (this.failPut) return Promise.reject(new Error("disk full"));
    const key = `${piece.entryId}#${piece.generation}#${piece.seq}`;
    this.pieces.set(key, { ...piece, bytes: piece.bytes.slice() });
    return Promise.resolve(this.entries.has(piece.entryId));
  }
  delete(id: string): Promise<void> {
    this.entries.delete(id);
    this.dropPieces(id);
    return Promise.resolve();
  }
  private dropPieces(entryId: string): void {
    for (const [key, piece] of this.pieces) if (piece.entryId === entryId) this.pieces.delete(key);
  }
  /** The map's entries with their pieces, as `list` gives them. */
  forMap(mapId: string): OutboxEntry[] {
    return withPieces(
      [...this.entries.values()].filter((e) => e.mapId === mapId),
      [...this.pieces.values()].filter((p) => p.mapId === mapId),
    );
  }
}

/** A page: its own window/document event targets, so pagehide and visibility can be driven. */
class FakePage {
  win = new EventTarget();
  visibility = Object.assign(new EventTarget(), {
    visibilityState: "visible" as DocumentVisibilityState,
  });
  hide(): void {
    this.visibility.visibilityState = "hidden";
    this.visibility.dispatchEvent(new Event("visibilitychange"));
  }
}

interface Session {
  client: SyncClient;
  sockets: FakeSocket[];
  socket(): FakeSocket;
  doc: LoroDoc;
  room: RoomSync;
  outbox: MapOutbox;
  page: FakePage;
  close(): void;
}

/** Opens map `m1` the way useOpenMap does: restore the outbox, then the room, then the outbox. */
async function openSession(storage: OutboxStorage, mapId = "m1"): Promise<Session> {
  const sockets: FakeSocket[] = [];
  const client = new SyncClient({
    url: "ws://127.0.0.1:1/ws?token=t",
    token: "secret",
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
  });
  const doc = new LoroDoc();
  const adopted = await restoreOutbox(storage, mapId, doc);
  client.connect();
  const room = client.openRoom(mapId, doc);
  const page = new FakePage();
  const outbox = new MapOutbox({
    mapId,
    doc,
    room,
    storage,
    adopted,
    windowTarget: page.win,
    documentTarget: page.visibility,
  });
  const socket = () => {
    const s = sockets[sockets.length - 1];
    if (!s) throw new Error("no socket");
    return s;
  };
  return {
    client,
    sockets,
    socket,
    doc,
    room,
    outbox,
    page,
    close: () => {
      outbox.dispose();
      client.destroy();
    },
  };
}

/** Connects the session's current socket to `host` (a fresh handshake). */
function connect(s: Session, host: FakeHost): void {
  s.socket().serverOpen();
  host.handled = 0;
  host.process(s.socket());
}

function addCard(doc: LoroDoc, id: string, text: string): void {
  doc.getMap("cards").set(id, text);
  doc.commit();
}

/** The cards a kept entry gives a fresh document (its whole export and the pieces after it). */
function cardsOf(entry: OutboxEntry): Record<string, unknown> {
  const d = new LoroDoc();
  const status = d.importBatch(entryPieces(entry));
  expect(status.pending?.size ?? 0).toBe(0);
  return d.getMap("cards").toJSON() as Record<string, unknown>;
}

const quiet = { warn: () => {} };

function fail(): never {
  throw new Error("nothing kept");
}

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

  it("restores an entry kept as one whole export (before pieces existed)", async () => {
    const storage = new MemoryStorage();
    const old = new LoroDoc();
    addCard(old, "c1", "kept before");
    storage.entries.set("m1:old", {
      id: "m1:old",
      mapId: "m1",
      bytes: old.export({ mode: "update" }),
      savedAt: 1,
    });
    const doc = new LoroDoc();
    expect(await restoreOutbox(storage, "m1", doc, quiet)).toEqual(["m1:old"]);
    expect(doc.getMap("cards").toJSON()).toEqual({ c1: "kept before" });
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

  it("drops pieces whose entry was never stored, and the pieces with it", async () => {
    const storage = new MemoryStorage();
    const base = new LoroDoc();
    addCard(base, "c1", "base never stored");
    const from = base.oplogVersion();
    addCard(base, "c2", "piece");
    await storage.append({
      entryId: "m1:lost",
      mapId: "m1",
      generation: 1,
      seq: 1,
      bytes: base.export({ mode: "update", from }),
    });
    const doc = new LoroDoc();
    expect(await restoreOutbox(storage, "m1", doc, quiet)).toEqual([]);
    expect(doc.getMap("cards").toJSON()).toEqual({});
    expect(storage.pieces.size).toBe(0);
  });

  it("replays kept edits into a fresh document on open, sends them and clears them once acked", async () => {
    const storage = new MemoryStorage();
    const host = new FakeHost();
    host.doc.getMap("meta").set("title", "Workshop");
    host.doc.commit();

    // Session 1: loaded, the host goes away, a card is added, the tab is closed.
    const first = await openSession(storage);
    connect(first, host);
    first.socket().serverClose();
    addCard(first.doc, "c1", "Checkout asks for an account");
    first.page.win.dispatchEvent(new Event("pagehide"));
    first.close();
    expect(host.doc.getMap("cards").get("c1")).toBeUndefined();
    expect(storage.entries.size).toBe(1);

    // Session 2: a fresh document gets the card before joining.
    const second = await openSession(storage);
    expect(second.doc.getMap("cards").get("c1")).toBe("Checkout asks for an account");
    expect(second.room.getStatus().state).toBe("offline");
    host.autoAck = false;
    connect(second, host);
    expect(host.doc.getMap("cards").get("c1")).toBe("Checkout asks for an account");
    expect(second.doc.getMap("meta").get("title")).toBe("Workshop");
    expect(second.room.getStatus().state).toBe("saving");
    expect(storage.entries.size).toBe(1);

    const batch = second
      .socket()
      .messages()
      .find((m) => m.type === MessageType.DocUpdate);
    if (batch?.type !== MessageType.DocUpdate) throw new Error("no batch sent");
    host.ack(second.socket(), "m1", batch.batchId);
    expect(second.room.getStatus().state).toBe("saved");
    expect(storage.entries.size).toBe(0);
    second.close();
  });

  it("replaying edits the host already has is harmless and ends saved", async () => {
    const storage = new MemoryStorage();
    const host = new FakeHost();
    const first = await openSession(storage);
    connect(first, host);
    addCard(first.doc, "c1", "x");
    host.process(first.socket()); // acknowledged: nothing to keep
    vi.advanceTimersByTime(CLEAR_AFTER_MS);
    first.page.win.dispatchEvent(new Event("pagehide"));
    expect(storage.entries.size).toBe(0);
    host.autoAck = false;
    addCard(first.doc, "c2", "y");
    host.process(first.socket()); // the host has it, the ack is lost with the tab
    first.page.win.dispatchEvent(new Event("pagehide"));
    first.close();
    expect(storage.entries.size).toBe(1);

    host.autoAck = true;
    const second = await openSession(storage);
    connect(second, host);
    expect(second.doc.getMap("cards").toJSON()).toEqual({ c1: "x", c2: "y" });
    expect(second.room.getStatus().state).toBe("saved");
    expect(storage.entries.size).toBe(0);
    second.close();
  });

  it("never deletes the kept edits of another tab on the same map", async () => {
    const storage = new MemoryStorage();
    const a = await openSession(storage);
    const b = await openSession(storage);
    connect(a, new FakeHost());
    const hostOfB = new FakeHost(); // (the fake host follows one socket)
    connect(b, hostOfB);
    a.socket().serverClose();
    addCard(a.doc, "c1", "from tab A");
    vi.advanceTimersByTime(300);
    addCard(b.doc, "c2", "from tab B");
    hostOfB.process(b.socket());
    expect(b.room.getStatus().state).toBe("saved");
    vi.advanceTimersByTime(CLEAR_AFTER_MS);
    expect(storage.forMap("m1").map((e) => e.id)).toEqual([a.outbox.entryId]);
    a.close();
    b.close();
  });

  it("drops a corrupt entry and one that needs missing history, and opens anyway", async () => {
    const storage = new MemoryStorage();
    const good = new LoroDoc();
    addCard(good, "c1", "kept");
    const partial = new LoroDoc();
    addCard(partial, "p1", "base");
    const base = partial.oplogVersion();
    addCard(partial, "p2", "needs the base");
    const put = (id: string, bytes: unknown, mapId = "m1") =>
      storage.entries.set(id, { id, mapId, bytes: bytes as Uint8Array, savedAt: 1 });
    put("garbage", new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
    put("delta", partial.export({ mode: "update", from: base }));
    put("not-bytes", "hello");
    put("good", good.export({ mode: "update" }));
    put("other-map", good.export({ mode: "update" }), "m2");
    const warn = vi.fn();

    const doc = new LoroDoc();
    const adopted = await restoreOutbox(storage, "m1", doc, { warn });
    expect(adopted).toEqual(["good"]);
    expect(doc.getMap("cards").toJSON()).toEqual({ c1: "kept" });
    expect([...storage.entries.keys()].sort()).toEqual(["good", "other-map"]);
    expect(warn).toHaveBeenCalledTimes(3);

    // the document is usable: it joins and syncs normally
    const host = new FakeHost();
    const sockets: FakeSocket[] = [];
    const client = new SyncClient({
      url: "ws://x",
      token: "t",
      createSocket: (u) => {
        const s = new FakeSocket(u);
        sockets.push(s);
        return s;
      },
    });
    client.connect();
    const room = client.openRoom("m1", doc);
    const outbox = new MapOutbox({
      mapId: "m1",
      doc,
      room,
      storage,
      adopted,
      log: quiet,
      windowTarget: null,
      documentTarget: null,
    });
    const sock = sockets[0];
    if (!sock) throw new Error("no socket");
    sock.serverOpen();
    host.process(sock);
    expect(host.doc.getMap("cards").toJSON()).toEqual({ c1: "kept" });
    expect(room.getStatus().state).toBe("saved");
    expect([...storage.entries.keys()]).toEqual(["other-map"]);
    outbox.dispose();
    client.destroy();
  });

  it("opens with nothing restored when the storage cannot be read", async () => {
    const storage = new MemoryStorage();
    storage.failList = true;
    const warn = vi.fn();
    const doc = new LoroDoc();
    await expect(restoreOutbox(storage, "m1", doc, { warn })).resolves.toEqual([]);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
