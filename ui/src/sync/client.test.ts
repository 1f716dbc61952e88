// Tests the sync client's bookkeeping against a fake socket and a fake host built on a real LoroDoc:
// acknowledgements, refused edits, offline edits sent through the handshake, fragments, keepalive.
import { decodeImportBlobMeta, LoroDoc } from "loro-crdt";
import { JoinErrorCode, MessageType, UpdateStatusCode } from "loro-protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clientOnFakeSockets, FakeHost, type FakeSocket } from "../../test/sync/doubles";
import { isLoopback } from "./client";
import { FRAGMENT_LIMIT } from "./fragments";

let sockets: FakeSocket[] = [];
let last: () => FakeSocket = () => {
  throw new Error("no client");
};
function setup(url?: string) {
  const made = clientOnFakeSockets(url);
  sockets = made.sockets;
  last = made.last;
  return made.client;
}

describe("SyncClient", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("joins with the token and the doc version, then is saved", () => {
    const client = setup();
    const host = new FakeHost();
    host.doc.getMap("meta").set("title", "Hello");
    host.doc.commit();
    const doc = new LoroDoc();
    client.connect();
    const room = client.openRoom("m1", doc);
    expect(room.getStatus().state).toBe("offline");
    last().serverOpen();
    const join = last().messages()[0];
    expect(join?.type).toBe(MessageType.JoinRequest);
    if (join?.type === MessageType.JoinRequest) {
      expect(new TextDecoder().decode(join.auth)).toBe("secret");
      expect(join.roomId).toBe("m1");
    }
    host.process(last());
    expect(doc.getMap("meta").get("title")).toBe("Hello");
    expect(room.getStatus()).toMatchObject({ state: "saved", joined: true, loaded: true });
    expect(last().binaryType).toBe("arraybuffer");
  });

  it("is loaded once it holds all the host had at the join, not at the first part of the answer", () => {
    // A newcomer's answer is the kept snapshot, then the edits since, in separate messages: a
    // board drawn after the first showed the map without its latest cards.
    const client = setup();
    const host = new FakeHost();
    host.doc.getMap("meta").set("title", "旅程");
    host.doc.commit();
    const kept = host.doc.frontiers();
    host.doc.getMap("cards").set("c1", "新卡片 👍");
    host.doc.commit();
    const doc = new LoroDoc();
    client.connect();
    const room = client.openRoom("m1", doc);
    last().serverOpen();
    const roomId = "m1";
    last().deliver({
      type: MessageType.JoinResponseOk,
      crdt: "%LOR",
      roomId,
      permission: "write",
      version: host.doc.oplogVersion().encode(),
    });
    const update = (bytes: Uint8Array) =>
      last().deliver({
        type: MessageType.DocUpdate,
        crdt: "%LOR",
        roomId,
        updates: [bytes],
        batchId: "0x0000000000000000",
      });
    update(host.doc.forkAt(kept).export({ mode: "snapshot" }));
    expect(doc.getMap("meta").get("title")).toBe("旅程");
    expect(room.getStatus()).toMatchObject({ joined: true, loaded: false });
    update(host.doc.export({ mode: "update", from: doc.oplogVersion() }));
    expect(room.getStatus()).toMatchObject({ joined: true, loaded: true });
    expect(doc.getMap("cards").get("c1")).toBe("新卡片 👍");
  });

  it("is loaded at the join itself when it already holds all the host has", () => {
    const client = setup();
    const host = new FakeHost();
    host.doc.getMap("meta").set("title", "旅程");
    host.doc.commit();
    const doc = LoroDoc.fromSnapshot(host.doc.export({ mode: "snapshot" }));
    client.connect();
    const room = client.openRoom("m1", doc);
    last().serverOpen();
    last().deliver({
      type: MessageType.JoinResponseOk,
      crdt: "%LOR",
      roomId: "m1",
      permission: "write",
      version: host.doc.oplogVersion().encode(),
    });
    // Not after the fallback's 1.5 s: at once.
    expect(room.getStatus()).toMatchObject({ joined: true, loaded: true });
  });

  it("sends all its history as updates, never a snapshot, to a host that has nothing", () => {
    const client = setup();
    const host = new FakeHost();
    const doc = new LoroDoc();
    doc.getMap("meta").set("title", "客户旅程");
    doc.getText("note").insert(0, "痛點 pain point");
    doc.commit();
    client.connect();
    client.openRoom("m1", doc);
    last().serverOpen();
    host.process(last());
    const sent = last()
      .messages()
      .flatMap((m) => (m.type === MessageType.DocUpdate ? m.updates : []));
    expect(sent.length).toBeGreaterThan(0);
    for (const bytes of sent) expect(decodeImportBlobMeta(bytes, true).mode).toBe("update");
    expect(host.doc.getMap("meta").get("title")).toBe("客户旅程");
    expect(host.doc.getText("note").toString()).toBe("痛點 pain point");
  });

  it("keeps a local edit pending until its ack arrives", () => {
    const client = setup();
    const host = new FakeHost();
    host.autoAck = false;
    const doc = new LoroDoc();
    client.connect();
    const room = client.openRoom("m1", doc);
    last().serverOpen();
    host.process(last());
    doc.getMap("meta").set("title", "x");
    doc.commit();
    expect(room.getStatus()).toMatchObject({ state: "saving", pending: 1 });
    const upd = last()
      .messages()
      .find((m) => m.type === MessageType.DocUpdate);
    expect(upd).toBeDefined();
    host.process(last());
    expect(host.doc.getMap("meta").get("title")).toBe("x");
    if (upd?.type === MessageType.DocUpdate) host.ack(last(), "m1", upd.batchId);
    expect(room.getStatus()).toMatchObject({ state: "saved", pending: 0 });
  });

  it("surfaces an edit refused for its content as an error and sends nothing after it", () => {
    const client = setup();
    const host = new FakeHost();
    host.ackStatus = UpdateStatusCode.InvalidUpdate;
    const doc = new LoroDoc();
    client.connect();
    const room = client.openRoom("m1", doc);
    last().serverOpen();
    host.process(last());
    doc.getMap("meta").set("title", "x");
    doc.commit();
    host.process(last());
    expect(room.getStatus().state).toBe("error");
    expect(room.getStatus().error).toEqual({ kind: "refused", detail: "InvalidUpdate" });
    expect(room.getStatus().pending).toBe(0);
    const sent = last().messages().length;
    doc.getMap("meta").set("title", "y");
    doc.commit();
    expect(last().messages().length).toBe(sent);
    // dismissing the words does not make the map look saved
    room.dismissError();
    expect(room.getStatus().state).toBe("error");
  });

  it("tells a map the host no longer has from any other failed join", () => {
    const client = setup();
    const doc = new LoroDoc();
    client.connect();
    const room = client.openRoom("m1", doc);
    last().serverOpen();
    const refuse = (code: JoinErrorCode, message: string) =>
      last().deliver({ type: MessageType.JoinError, crdt: "%LOR", roomId: "m1", code, message });
    refuse(JoinErrorCode.Unknown, "map m1 not found");
    expect(room.getStatus().error).toEqual({ kind: "gone", detail: "map m1 not found" });
    refuse(JoinErrorCode.AppError, "the data folder is unreadable");
    expect(room.getStatus().error).toEqual({
      kind: "join",
      detail: "the data folder is unreadable",
    });
  });

  it("sends the edits made offline after the next join, one batch each", () => {
    const client = setup();
    const host = new FakeHost();
    const doc = new LoroDoc();
    client.connect();
    const room = client.openRoom("m1", doc);
    last().serverOpen();
    host.process(last());
    const first = last();
    first.serverClose();
    expect(room.getStatus().state).toBe("offline");
    doc.getMap("meta").set("title", "offline 1");
    doc.commit();
    doc.getMap("meta").set("scenario", "offline 2");
    doc.commit();
    expect(room.getStatus().state).toBe("offline");
    const sentBefore = first.sent.length;
    vi.advanceTimersByTime(500);
    expect(sockets.length).toBe(2);
    expect(first.sent.length).toBe(sentBefore);
    const second = last();
    second.serverOpen();
    expect(room.getStatus().state).toBe("saving");
    host.handled = 0;
    host.process(second);
    // one batch per edit: a refusal of one of them is that edit only
    const updates = second.messages().filter((m) => m.type === MessageType.DocUpdate);
    expect(updates.length).toBe(2);
    expect(host.doc.getMap("meta").get("title")).toBe("offline 1");
    expect(host.doc.getMap("meta").get("scenario")).toBe("offline 2");
    expect(room.getStatus().state).toBe("saved");
  });

  it("re-sends unacknowledged batches through the handshake after a drop", () => {
    const client = setup();
    const host = new FakeHost();
    host.autoAck = false;
    const doc = new LoroDoc();
    client.connect();
    const room = client.openRoom("m1", doc);
    last().serverOpen();
    host.process(last());
    doc.getMap("meta").set("title", "lost");
    doc.commit();
    expect(room.getStatus().pending).toBe(1);
    last().serverClose(); // the host never saw it
    expect(room.getStatus()).toMatchObject({ state: "offline", pending: 1 });
    vi.advanceTimersByTime(500);
    const fresh = new FakeHost();
    last().serverOpen();
    fresh.process(last());
    expect(fresh.doc.getMap("meta").get("title")).toBe("lost");
    expect(room.getStatus().state).toBe("saved");
  });

  it("fragments updates above 240 KB", () => {
    const client = setup();
    const host = new FakeHost();
    const doc = new LoroDoc();
    client.connect();
    const room = client.openRoom("m1", doc);
    last().serverOpen();
    host.process(last());
    let big = "";
    let seed = 42;
    for (let i = 0; i < 200_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      big += String.fromCharCode(0x4e00 + (seed % 20000));
    }
    doc.getText("t").insert(0, big);
    doc.commit();
    const msgs = last().messages().slice(host.handled);
    expect(msgs[0]?.type).toBe(MessageType.DocUpdateFragmentHeader);
    const frags = msgs.filter((m) => m.type === MessageType.DocUpdateFragment);
    expect(frags.length).toBeGreaterThan(1);
    for (const f of frags) {
      if (f.type === MessageType.DocUpdateFragment) {
        expect(f.fragment.length).toBeLessThanOrEqual(FRAGMENT_LIMIT);
      }
    }
    for (const d of last().sent)
      if (typeof d !== "string") expect(d.length).toBeLessThan(256 * 1024);
    expect(room.getStatus().pending).toBe(1);
    host.process(last());
    expect(host.doc.getText("t").toString()).toBe(big);
    expect(room.getStatus().state).toBe("saved");
  });

  it("pings every 5 s and drops a silent socket after 10 s, then reconnects and rejoins", () => {
    const client = setup();
    const host = new FakeHost();
    const doc = new LoroDoc();
    client.connect();
    const room = client.openRoom("m1", doc);
    last().serverOpen();
    host.process(last());
    vi.advanceTimersByTime(5_000);
    expect(last().sent).toContain("ping");
    last().deliver("pong");
    vi.advanceTimersByTime(10_000);
    expect(sockets.length).toBe(1);
    vi.advanceTimersByTime(5_000); // 15 s since pong → dead
    expect(room.getStatus().state).toBe("offline");
    vi.advanceTimersByTime(500);
    expect(sockets.length).toBe(2);
    last().serverOpen();
    expect(last().messages()[0]?.type).toBe(MessageType.JoinRequest);
  });

  /** A client on `url` that has joined map m1. */
  function joinedAt(url: string) {
    const client = setup(url);
    const host = new FakeHost();
    client.connect();
    const room = client.openRoom("m1", new LoroDoc());
    last().serverOpen();
    host.process(last());
    return { client, room };
  }

  it("is offline as soon as the browser says the network is gone, and reconnects when it is back", () => {
    const { client, room } = joinedAt("ws://192.168.1.20:4820/ws?token=t");
    window.dispatchEvent(new Event("offline"));
    expect(room.getStatus().state).toBe("offline");
    // The backoff had grown (the network stayed away a while): "online" does not wait for it.
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(10_000);
      last().serverClose();
    }
    const n = sockets.length;
    window.dispatchEvent(new Event("online"));
    expect(sockets.length).toBe(n + 1);
    last().serverOpen();
    expect(last().messages()[0]?.type).toBe(MessageType.JoinRequest);
    client.destroy();
    window.dispatchEvent(new Event("online"));
    expect(sockets.length).toBe(n + 1);
  });

  it("knows a host on this computer, which the network going away does not cut off", () => {
    expect(isLoopback("ws://127.0.0.1:4820/ws")).toBe(true);
    expect(isLoopback("ws://127.0.0.2:4820/ws")).toBe(true);
    expect(isLoopback("ws://localhost:4820/ws")).toBe(true);
    expect(isLoopback("ws://[::1]:4820/ws")).toBe(true);
    expect(isLoopback("ws://192.168.1.20:4820/ws")).toBe(false);
    expect(isLoopback("ws://127.example.com/ws")).toBe(false);
    // The facilitator's own screen stays connected to its host through a Wi-Fi outage.
    const { client, room } = joinedAt("ws://127.0.0.1:4820/ws?token=t");
    window.dispatchEvent(new Event("offline"));
    expect(room.getStatus().state).not.toBe("offline");
    expect(sockets.length).toBe(1);
    client.destroy();
  });

  it("backs off 0.5 s doubling up to 10 s", () => {
    const client = setup();
    client.connect();
    const delays = [500, 1000, 2000, 4000, 8000, 10_000, 10_000];
    for (const d of delays) {
      last().serverClose();
      const n = sockets.length;
      vi.advanceTimersByTime(d - 1);
      expect(sockets.length).toBe(n);
      vi.advanceTimersByTime(1);
      expect(sockets.length).toBe(n + 1);
    }
  });

  it("rejoins when an import is waiting for missing history", () => {
    const client = setup();
    const host = new FakeHost();
    const doc = new LoroDoc();
    client.connect();
    client.openRoom("m1", doc);
    last().serverOpen();
    host.process(last());
    const other = new LoroDoc();
    other.getMap("meta").set("a", 1);
    other.commit();
    const v1 = other.oplogVersion();
    other.getMap("meta").set("b", 2);
    other.commit();
    const gap = other.export({ mode: "update", from: v1 });
    const joinsBefore = last()
      .messages()
      .filter((m) => m.type === MessageType.JoinRequest).length;
    last().deliver({
      type: MessageType.DocUpdate,
      crdt: "%LOR",
      roomId: "m1",
      updates: [gap],
      batchId: "0x0101010101010101",
    });
    const joins = last()
      .messages()
      .filter((m) => m.type === MessageType.JoinRequest).length;
    expect(joins).toBe(joinsBefore + 1);
  });

  it("routes %EPH messages to the map's presence and never to its document room", () => {
    const client = setup();
    const host = new FakeHost();
    const doc = new LoroDoc();
    client.connect();
    const room = client.openRoom("m1", doc);
    last().serverOpen();
    host.process(last());
    expect(room.getStatus()).toMatchObject({ state: "saved", joined: true });
    const presence = client.openPresence("m1", "me", {
      name: "Me",
      color: "#d32f2f",
      role: "facilitator",
      editing: null,
      viewport: null,
      leading: false,
    });
    expect(last().messages().at(-1)).toMatchObject({
      type: MessageType.JoinRequest,
      crdt: "%EPH",
      roomId: "m1",
    });
    expect(presence.linkState()).toBe("joining");
    last().deliver({
      type: MessageType.DocUpdate,
      crdt: "%EPH",
      roomId: "m1",
      updates: [new Uint8Array([9, 9, 9])],
      batchId: "0x0000000000000002",
    });
    expect(room.getStatus().error).toBeNull();
    last().deliver({
      type: MessageType.JoinResponseOk,
      crdt: "%EPH",
      roomId: "m1",
      permission: "write",
      version: new Uint8Array(0),
    });
    expect(presence.linkState()).toBe("joined");
    const sent = last().messages().at(-1);
    expect(sent).toMatchObject({ type: MessageType.DocUpdate, crdt: "%EPH", roomId: "m1" });
    client.destroy();
    expect(last().messages().at(-1)).toMatchObject({ type: MessageType.Leave, crdt: "%EPH" });
  });
});
