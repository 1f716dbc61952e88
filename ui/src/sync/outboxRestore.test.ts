// Tests how the durable outbox is read back when a map opens: kept edits replayed into a fresh
// document, sent and cleared once acknowledged, other tabs' entries left alone, and bad or broken
// entries dropped (or kept up to a missing piece) without stopping the map from opening.
import { LoroDoc } from "loro-crdt";
import { MessageType } from "loro-protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clientOnFakeSockets, FakeHost } from "../../test/sync/doubles";
import { addCard, connect, MemoryStorage, openSession, quiet } from "../../test/sync/outboxSession";
import { CLEAR_AFTER_MS, MapOutbox } from "./outbox";
import { restoreOutbox } from "./outboxEntries";

describe("restoring the outbox", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(console, "warn").mockImplementation(() => {});
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
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
    const { client, sockets } = clientOnFakeSockets();
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
