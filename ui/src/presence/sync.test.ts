// Presence over the sync client's socket, against the fake socket of the sync tests and a "host"
// made of a real EphemeralStore: %EPH routing next to a document room, joining on every connect,
// heartbeats, throttling, timeouts of remote entries (also when the sender's clock runs ahead),
// relayed deletions, refusals, and snapshots that stay the same object while nothing they show
// changes.
import { EphemeralStore, LoroDoc } from "loro-crdt";
import type { ProtocolMessage } from "loro-protocol";
import { MessageType } from "loro-protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clientOnFakeSockets, type FakeSocket } from "../../test/sync/doubles";
import type { SyncClient } from "../sync/client";
import { type PresenceState, presenceValue } from "./state";
import { HEARTBEAT_MS, PRESENCE_TIMEOUT_MS, SEND_INTERVAL_MS } from "./sync";

let sockets: FakeSocket[] = [];
let last: () => FakeSocket = () => {
  throw new Error("no client");
};
function client(): SyncClient {
  const made = clientOnFakeSockets();
  sockets = made.sockets;
  last = made.last;
  return made.client;
}

const ANN: PresenceState = {
  name: "Ann",
  color: "#d32f2f",
  role: "facilitator",
  editing: null,
  viewport: null,
  leading: false,
};
const BOB: PresenceState = { ...ANN, name: "Bob", color: "#1565c0", role: "editor" };

function eph(s: FakeSocket): ProtocolMessage[] {
  return s.messages().filter((m) => m.crdt === "%EPH");
}
function ephUpdates(s: FakeSocket): Uint8Array[] {
  return eph(s).flatMap((m) => (m.type === MessageType.DocUpdate ? m.updates : []));
}
/** What the host would know after applying everything this socket sent. */
function hostView(s: FakeSocket): Record<string, unknown> {
  const store = new EphemeralStore(PRESENCE_TIMEOUT_MS);
  for (const u of ephUpdates(s)) store.apply(u);
  const all = store.getAllStates() as Record<string, unknown>;
  store.destroy();
  return all;
}
function joinOk(s: FakeSocket, roomId = "m1"): void {
  s.deliver({
    type: MessageType.JoinResponseOk,
    crdt: "%EPH",
    roomId,
    permission: "write",
    version: new Uint8Array(0),
  });
}
function relay(s: FakeSocket, bytes: Uint8Array, roomId = "m1"): void {
  s.deliver({
    type: MessageType.DocUpdate,
    crdt: "%EPH",
    roomId,
    updates: [bytes],
    batchId: "0x0000000000000001",
  });
}
/** Another person's bytes, as their own store would encode them. */
function someone(key: string, state: PresenceState): { store: EphemeralStore; bytes: Uint8Array } {
  const store = new EphemeralStore(PRESENCE_TIMEOUT_MS);
  store.set(key, presenceValue(state));
  return { store, bytes: store.encode(key) };
}

describe("PresenceSync on the sync client", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("joins %EPH next to the document room and routes each kind to its own room", () => {
    const c = client();
    c.connect();
    const room = c.openRoom("m1", new LoroDoc());
    const p = c.openPresence("m1", "ann-id", ANN);
    last().serverOpen();
    const joins = last()
      .messages()
      .filter((m) => m.type === MessageType.JoinRequest);
    expect(joins.map((m) => m.crdt).sort()).toEqual(["%EPH", "%LOR"]);
    const j = joins.find((m) => m.crdt === "%EPH");
    if (j?.type !== MessageType.JoinRequest) throw new Error("no %EPH join");
    expect(j.roomId).toBe("m1");
    expect(new TextDecoder().decode(j.auth)).toBe("secret");
    expect(j.version.length).toBe(0);

    joinOk(last());
    expect(p.linkState()).toBe("joined");
    expect(room.getStatus().joined).toBe(false); // the %EPH answer is not the document's
    expect(hostView(last())).toEqual({ "ann-id": presenceValue(ANN) });

    const bob = someone("bob-id", BOB);
    relay(last(), bob.bytes);
    expect(p.others().map((o) => o.name)).toEqual(["Bob"]);
    expect(p.peer("bob-id")).toMatchObject({ key: "bob-id", role: "editor", color: "#1565c0" });
    bob.store.destroy();
  });

  it("sends its state at most every 100 ms, and a heartbeat every 4 s", () => {
    const c = client();
    c.connect();
    const p = c.openPresence("m1", "ann-id", ANN);
    last().serverOpen();
    joinOk(last());
    const sent = () => ephUpdates(last()).length;
    expect(sent()).toBe(1);
    vi.advanceTimersByTime(SEND_INTERVAL_MS);
    for (let i = 0; i < 10; i++) p.update({ viewport: { x: i, y: 0, zoom: 1 } });
    expect(sent()).toBe(2); // the first at once
    vi.advanceTimersByTime(SEND_INTERVAL_MS);
    expect(sent()).toBe(3); // the rest as one, with the latest viewport
    expect(hostView(last())["ann-id"]).toMatchObject({ viewport: { x: 9, y: 0, zoom: 1 } });
    vi.advanceTimersByTime(HEARTBEAT_MS + 1_000);
    expect(sent()).toBe(4);
    vi.advanceTimersByTime(HEARTBEAT_MS);
    expect(sent()).toBe(5);
  });

  it("keeps nothing back while not joined and publishes the latest state once joined", () => {
    const c = client();
    c.connect();
    const p = c.openPresence("m1", "ann-id", ANN);
    p.update({ editing: "card-1" });
    last().serverOpen();
    expect(ephUpdates(last())).toEqual([]);
    joinOk(last());
    expect(hostView(last())["ann-id"]).toMatchObject({ editing: "card-1" });
  });

  it("drops a remote entry 15 s after it was last heard from", () => {
    const c = client();
    c.connect();
    const p = c.openPresence("m1", "ann-id", ANN);
    last().serverOpen();
    joinOk(last());
    const bob = someone("bob-id", BOB);
    relay(last(), bob.bytes);
    vi.advanceTimersByTime(10_000);
    bob.store.set("bob-id", presenceValue({ ...BOB, editing: "c1" })); // a heartbeat
    relay(last(), bob.store.encode("bob-id"));
    vi.advanceTimersByTime(PRESENCE_TIMEOUT_MS - 1_000);
    expect(p.others().map((o) => o.key)).toEqual(["bob-id"]);
    vi.advanceTimersByTime(2_000);
    expect(p.others()).toEqual([]);
    expect(p.editorsOf("c1")).toEqual([]);
    bob.store.destroy();
  });

  it("removes someone at once when the host relays their deletion", () => {
    const c = client();
    c.connect();
    const p = c.openPresence("m1", "ann-id", ANN);
    last().serverOpen();
    joinOk(last());
    const host = new EphemeralStore(PRESENCE_TIMEOUT_MS);
    const bob = someone("bob-id", BOB);
    host.apply(bob.bytes);
    relay(last(), host.encodeAll());
    expect(p.others()).toHaveLength(1);
    vi.advanceTimersByTime(5);
    host.delete("bob-id");
    relay(last(), host.encode("bob-id"));
    expect(p.others()).toEqual([]);
    host.destroy();
    bob.store.destroy();
  });

  it("still drops someone whose clock runs ahead, whose deletion the store ignores", () => {
    const c = client();
    c.connect();
    const p = c.openPresence("m1", "ann-id", ANN);
    last().serverOpen();
    joinOk(last());
    const now = Date.now();
    vi.setSystemTime(now + 60_000); // their laptop's clock
    const bob = someone("bob-id", BOB);
    vi.setSystemTime(now);
    relay(last(), bob.bytes);
    expect(p.others()).toHaveLength(1);
    const host = new EphemeralStore(PRESENCE_TIMEOUT_MS);
    host.apply(bob.bytes);
    host.delete("bob-id"); // stamped with the host's (earlier) time
    relay(last(), host.encode("bob-id"));
    vi.advanceTimersByTime(PRESENCE_TIMEOUT_MS + 1_000);
    expect(p.others()).toEqual([]);
    host.destroy();
    bob.store.destroy();
  });

  it("shows someone whose clock runs behind, and drops them once they fall silent", () => {
    const c = client();
    c.connect();
    const p = c.openPresence("m1", "ann-id", ANN);
    last().serverOpen();
    joinOk(last());
    const now = Date.now();
    vi.setSystemTime(now - 60_000); // their laptop's clock: a minute slow
    const bob = someone("bob-id", BOB);
    vi.setSystemTime(now);
    relay(last(), bob.bytes);
    expect(p.others().map((o) => o.key)).toEqual(["bob-id"]);
    vi.advanceTimersByTime(PRESENCE_TIMEOUT_MS + 1_000);
    expect(p.others()).toEqual([]);
    bob.store.destroy();
  });

  it("shows nobody while offline, and rejoins and republishes on every reconnect", () => {
    const c = client();
    c.connect();
    const p = c.openPresence("m1", "ann-id", ANN);
    last().serverOpen();
    joinOk(last());
    const bob = someone("bob-id", BOB);
    relay(last(), bob.bytes);
    expect(p.others()).toHaveLength(1);

    last().serverClose();
    expect(p.linkState()).toBe("offline");
    expect(p.others()).toEqual([]);
    const before = last().sent.length;
    vi.advanceTimersByTime(HEARTBEAT_MS * 2);
    expect(sockets).toHaveLength(2); // reconnected after 0.5 s
    expect(sockets[0]?.sent.length).toBe(before); // no heartbeat into the dead socket

    last().serverOpen();
    expect(eph(last())[0]?.type).toBe(MessageType.JoinRequest);
    joinOk(last());
    expect(hostView(last())).toEqual({ "ann-id": presenceValue(ANN) });
    bob.store.set("bob-id", presenceValue(BOB));
    relay(last(), bob.store.encodeAll()); // the host's snapshot for a joiner
    expect(p.others().map((o) => o.name)).toEqual(["Bob"]);
    bob.store.destroy();
  });

  it("stays quiet after a refused join until the next connection", () => {
    const c = client();
    c.connect();
    const p = c.openPresence("m1", "ann-id", ANN);
    last().serverOpen();
    last().deliver({
      type: MessageType.JoinError,
      crdt: "%EPH",
      roomId: "m1",
      code: 1,
      message: "revoked",
    });
    expect(p.linkState()).toBe("refused");
    p.update({ editing: "c1" });
    vi.advanceTimersByTime(HEARTBEAT_MS * 2);
    expect(ephUpdates(last())).toEqual([]);
  });

  it("ignores unreadable relays and values that are not presence", () => {
    const c = client();
    c.connect();
    const p = c.openPresence("m1", "ann-id", ANN);
    last().serverOpen();
    joinOk(last());
    relay(last(), new Uint8Array([5, 1, 2]));
    const junk = new EphemeralStore(PRESENCE_TIMEOUT_MS);
    junk.set("x", "just a string");
    junk.set("y", { color: "#000000" });
    junk.set("z", { name: "Zed", color: "red", role: "boss", leading: true, editing: 5 });
    relay(last(), junk.encodeAll());
    expect(p.others()).toEqual([
      { key: "z", name: "Zed", color: "#5f6670", role: "viewer", editing: null, leading: false },
    ]);
    junk.destroy();
  });

  it("never lists this person among the others, even written by another tab", () => {
    const c = client();
    c.connect();
    const p = c.openPresence("m1", "ann-id", ANN);
    last().serverOpen();
    joinOk(last());
    const tab = someone("ann-id", { ...ANN, editing: "c9" });
    relay(last(), tab.bytes);
    expect(p.others()).toEqual([]);
    tab.store.destroy();
  });

  it("keeps snapshots the same object while what they show does not change", () => {
    const c = client();
    c.connect();
    const p = c.openPresence("m1", "ann-id", ANN);
    last().serverOpen();
    joinOk(last());
    const bob = someone("bob-id", { ...BOB, editing: "c1", caret: new Uint8Array([1, 2]) });
    relay(last(), bob.bytes);
    const others = p.others();
    const editors = p.editorsOf("c1");
    const carets = p.carets();
    expect(editors.map((e) => e.name)).toEqual(["Bob"]);
    expect(carets).toHaveLength(1);
    let calls = 0;
    let faceCalls = 0;
    p.subscribe(() => calls++);
    p.subscribeFaces(() => faceCalls++);
    vi.advanceTimersByTime(5);
    bob.store.set(
      "bob-id",
      presenceValue({
        ...BOB,
        editing: "c1",
        caret: new Uint8Array([1, 2]),
        viewport: { x: 1, y: 2, zoom: 1 },
      }),
    );
    relay(last(), bob.store.encode("bob-id"));
    expect(calls).toBe(1);
    expect(faceCalls).toBe(0); // only the viewport changed
    expect(p.peer("bob-id")?.viewport).toEqual({ x: 1, y: 2, zoom: 1 });
    expect(p.others()).toBe(others);
    expect(p.editorsOf("c1")).toBe(editors);
    expect(p.carets()).toBe(carets);
    bob.store.set("bob-id", presenceValue({ ...BOB, editing: "c2" }));
    vi.advanceTimersByTime(5);
    bob.store.set("bob-id", presenceValue({ ...BOB, editing: "c2" }));
    relay(last(), bob.store.encode("bob-id"));
    expect(faceCalls).toBe(1);
    expect(p.editorsOf("c1")).toEqual([]);
    expect(p.editorsOf("c2").map((e) => e.name)).toEqual(["Bob"]);
    expect(p.carets()).toEqual([]);
    bob.store.destroy();
  });

  it("sends Leave when closed, shows nobody, and sends nothing more afterwards", () => {
    const c = client();
    c.connect();
    const p = c.openPresence("m1", "ann-id", ANN);
    last().serverOpen();
    joinOk(last());
    const carl = someone("carl-id", BOB);
    relay(last(), carl.bytes);
    let seen = p.others().length;
    p.subscribeFaces(() => {
      seen = p.others().length;
    });
    c.closePresence("m1");
    expect(seen).toBe(0);
    carl.store.destroy();
    const msgs = eph(last());
    expect(msgs.at(-1)).toMatchObject({ type: MessageType.Leave, crdt: "%EPH", roomId: "m1" });
    const n = msgs.length;
    const bob = someone("bob-id", BOB);
    relay(last(), bob.bytes);
    vi.advanceTimersByTime(HEARTBEAT_MS * 2);
    expect(eph(last())).toHaveLength(n);
    bob.store.destroy();
  });
});
