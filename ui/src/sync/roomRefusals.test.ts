// How a room tells the host's refusals apart and what it sends around them: an update refused
// for missing history (asked to rejoin first) goes again after the join; one refused for its
// content is handed over once, with the own edits after it, and nothing is sent after it; late
// dots made one after another are set aside one after another; a long catch-up is grouped and paced.
import { LoroDoc } from "loro-crdt";
import { type DocUpdate, MessageType, RoomErrorCode, UpdateStatusCode } from "loro-protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clientOnFakeSockets, FakeHost, type FakeSocket } from "../../test/sync/doubles";
import { MAX_CATCH_UP_BATCHES, MAX_IN_FLIGHT } from "./outgoing";
import { spanOfUpdates, withoutRefused } from "./setAside";

function docUpdates(sock: FakeSocket): DocUpdate[] {
  return sock.messages().filter((m): m is DocUpdate => m.type === MessageType.DocUpdate);
}

/** A joined room on a host that checks history; `refuse` says which batches it refuses. */
function joined(refuse: (doc: LoroDoc) => boolean = () => false) {
  const { client, last } = clientOnFakeSockets();
  const host = new FakeHost();
  host.checked = true;
  host.refuses = (updates) => {
    const probe = host.doc.fork();
    probe.importBatch(updates);
    return refuse(probe);
  };
  const doc = new LoroDoc();
  const refused: Uint8Array[][] = [];
  const later: Uint8Array[][] = [];
  client.connect();
  const room = client.openRoom("m1", doc, {
    onRefused: (updates, after) => {
      refused.push(updates);
      later.push(after);
    },
  });
  last().serverOpen();
  host.process(last());
  return { client, host, doc, room, refused, later, last };
}

const votedLate = (doc: LoroDoc) => doc.getMap("votes").get("r1:c1:p1") !== undefined;

describe("RoomSync refusals", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("sends again, after the rejoin, an edit the host could not store and the one built on it", () => {
    const { host, doc, room, last } = joined();
    // the host's disk fails for the first edit; the second needs the first, so it is refused
    // for missing history (a rejoin asked for first): neither is an error about the edit itself
    let failOnce = true;
    host.refuses = () => false;
    const answer = host.answer.bind(host);
    const handle = host.handle.bind(host);
    host.handle = (sock, m) => {
      if (m.type === MessageType.DocUpdate && failOnce) {
        failOnce = false;
        answer(sock, m.roomId, m.batchId, UpdateStatusCode.AppError);
        return;
      }
      handle(sock, m);
    };
    doc.getMap("meta").set("title", "旅程 A");
    doc.commit();
    doc.getMap("meta").set("scenario", "Returns / 退货");
    doc.commit();
    host.process(last());
    expect(room.getStatus().error).toEqual({ kind: "refused", detail: "AppError" });
    // nothing is sent again before the retry's half second (longer if it happens again)
    expect(host.doc.getMap("meta").get("title")).toBeUndefined();
    vi.advanceTimersByTime(500);
    host.process(last());
    expect(host.doc.getMap("meta").get("title")).toBe("旅程 A");
    expect(host.doc.getMap("meta").get("scenario")).toBe("Returns / 退货");
    expect(host.refusedBatches).toHaveLength(0);
    // stored once sent again: nothing left to say
    expect(room.getStatus()).toMatchObject({ state: "saved", error: null });
  });

  it("hands over an edit refused for its content once, sends nothing after it, and keeps the rest for setting aside", () => {
    const { host, doc, room, refused, last } = joined(votedLate);
    doc.getMap("meta").set("title", "Before / 之前");
    doc.commit();
    host.process(last());
    doc.getMap("votes").set("r1:c1:p1", 1);
    doc.commit();
    host.process(last());
    expect(refused).toHaveLength(1);
    expect(room.getStatus()).toMatchObject({ state: "error", error: { kind: "refused" } });
    const sent = last().messages().length;
    doc.getMap("meta").set("scenario", "after / 之后");
    doc.commit();
    expect(last().messages().length).toBe(sent);

    // what the open map does with it: the vote goes, the later edit stays, the host takes it
    const { doc: next } = withoutRefused(doc, spanOfUpdates(refused[0] ?? []));
    expect(next.getMap("votes").get("r1:c1:p1")).toBeUndefined();
    expect(next.getMap("meta").get("scenario")).toBe("after / 之后");
    host.doc.import(next.export({ mode: "update", from: host.doc.oplogVersion() }));
    expect(host.doc.getMap("meta").toJSON()).toEqual({
      title: "Before / 之前",
      scenario: "after / 之后",
    });
  });

  it("refuses only the one edit made offline that breaks a rule; the ones around it are taken", () => {
    const { host, doc, refused, last } = joined(votedLate);
    last().serverClose();
    doc.getMap("cards").set("c1", "卡片一");
    doc.commit();
    doc.getMap("votes").set("r1:c1:p1", 1);
    doc.commit();
    doc.getMap("cards").set("c2", "card two");
    doc.commit();
    vi.advanceTimersByTime(500);
    last().serverOpen();
    host.handled = 0;
    host.process(last());
    expect(host.doc.getMap("cards").get("c1")).toBe("卡片一");
    expect(refused).toHaveLength(1);
    expect(host.refusedBatches).toHaveLength(1);
    // the edit after the refused one was sent before the answer came; the host lacks what it builds on
    expect(host.doc.getMap("cards").get("c2")).toBeUndefined();
  });

  it("sets aside two late dots made offline one after the other, and the card after them is taken", () => {
    const votedAtAll = (d: LoroDoc) => d.getMap("votes").keys().length > 0;
    const { client, host, doc, refused, later, last } = joined(votedAtAll);
    last().serverClose();
    doc.getMap("votes").set("r1:c1:p1", 1);
    doc.commit();
    doc.getMap("votes").set("r1:c2:p1", 1);
    doc.commit();
    doc.getMap("cards").set("c3", "离线写的卡片");
    doc.commit();
    vi.advanceTimersByTime(500);
    last().serverOpen();
    host.handled = 0;
    host.process(last());
    // The first dot is refused, and every own edit after it comes with it, in order.
    expect(refused).toHaveLength(1);
    expect(later[0]).toHaveLength(2);
    const first = withoutRefused(doc, spanOfUpdates(refused[0] ?? []), later[0]);
    expect(first.remade.map((r) => r.own)).toEqual([true, true]);

    // The map opens again with them waiting (as the open map does): the second dot is refused in
    // its turn, and only it is set aside.
    const again: Uint8Array[][] = [];
    const againLater: Uint8Array[][] = [];
    const reopened = client.openRoom("m1", first.doc, {
      onRefused: (updates, after) => {
        again.push(updates);
        againLater.push(after);
      },
      waiting: first.remade,
    });
    host.process(last());
    expect(again).toHaveLength(1);
    expect(reopened.getStatus().error).toMatchObject({ kind: "refused" });
    const second = withoutRefused(first.doc, spanOfUpdates(again[0] ?? []), againLater[0]);
    expect(second.remade).toHaveLength(1);
    const last3 = client.openRoom("m1", second.doc, { waiting: second.remade });
    host.process(last());
    expect(host.doc.getMap("cards").get("c3")).toBe("离线写的卡片");
    expect(host.doc.getMap("votes").keys()).toEqual([]);
    expect(last3.getStatus()).toMatchObject({ state: "saved", error: null });
  });

  it("sends edits re-made after a set-aside one batch at a time, since any may be refused again", () => {
    const { client, last } = clientOnFakeSockets();
    const host = new FakeHost();
    host.checked = true;
    host.autoAck = false;
    const doc = new LoroDoc();
    const made: Uint8Array[] = [];
    doc.subscribeLocalUpdates((bytes) => {
      made.push(bytes);
    });
    for (const key of ["第一", "second", "第三"]) {
      doc.getMap("cards").set(key, key);
      doc.commit();
    }
    client.connect();
    client.openRoom("m1", doc, { waiting: made.map((bytes) => ({ bytes, own: true })) });
    last().serverOpen();
    host.process(last());
    expect(docUpdates(last())).toHaveLength(1);
  });

  it("groups a long catch-up into at most MAX_CATCH_UP_BATCHES batches, MAX_IN_FLIGHT at a time", () => {
    const { host, doc, last, room } = joined();
    host.autoAck = false;
    last().serverClose();
    const edits = MAX_CATCH_UP_BATCHES * 3 + 5;
    const text = doc.getText("notes");
    for (let i = 0; i < edits; i++) {
      text.insert(text.length, i % 2 === 0 ? "字" : "a");
      doc.commit();
    }
    vi.advanceTimersByTime(500);
    const sock = last();
    sock.serverOpen();
    host.handled = 0;
    host.process(sock);
    expect(docUpdates(sock)).toHaveLength(MAX_IN_FLIGHT);
    expect(room.getStatus().pending).toBe(edits);
    // answered one by one, the rest follow, never more than MAX_IN_FLIGHT on their way
    for (let answered = 0; answered < docUpdates(sock).length; answered++) {
      const batch = docUpdates(sock)[answered];
      if (!batch) break;
      host.ack(sock, "m1", batch.batchId);
      host.process(sock);
      expect(docUpdates(sock).length - answered - 1).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    }
    expect(docUpdates(sock).length).toBeLessThanOrEqual(MAX_CATCH_UP_BATCHES);
    expect(host.batches.reduce((a, b) => a + b, 0)).toBe(edits);
    expect(host.doc.getText("notes").length).toBe(edits);
    expect(room.getStatus().state).toBe("saved");
  });

  it("sends one update of all the host lacks when the waiting edits do not account for it", () => {
    const { client, last } = clientOnFakeSockets();
    const host = new FakeHost();
    host.checked = true;
    // edits kept by an earlier session, imported before joining: not this room's own edits
    const earlier = new LoroDoc();
    earlier.getMap("meta").set("title", "kept / 保留");
    earlier.commit();
    const doc = new LoroDoc();
    doc.import(earlier.export({ mode: "update" }));
    client.connect();
    const room = client.openRoom("m1", doc);
    last().serverOpen();
    host.process(last());
    expect(docUpdates(last())).toHaveLength(1);
    expect(host.doc.getMap("meta").get("title")).toBe("kept / 保留");
    expect(room.getStatus().state).toBe("saved");
  });

  it("never sets aside an update that may hold an earlier session's edits: the refusal stays said", () => {
    const { client, last } = clientOnFakeSockets();
    const host = new FakeHost();
    host.checked = true;
    host.refuses = () => true;
    const earlier = new LoroDoc();
    earlier.getMap("votes").set("r1:c1:p1", 1);
    earlier.commit();
    const doc = new LoroDoc();
    doc.import(earlier.export({ mode: "update" }));
    const refused: Uint8Array[][] = [];
    client.connect();
    const room = client.openRoom("m1", doc, { onRefused: (u) => refused.push(u) });
    last().serverOpen();
    host.process(last());
    expect(refused).toHaveLength(0);
    expect(room.getStatus()).toMatchObject({ state: "error", error: { kind: "refused" } });
  });

  it("sends nothing more after a refusal for lack of permission until the next join", () => {
    const { host, doc, room, last } = joined();
    host.ackStatus = UpdateStatusCode.PermissionDenied;
    doc.getMap("meta").set("title", "locked / 已锁定");
    doc.commit();
    host.process(last());
    expect(room.getStatus().error).toEqual({ kind: "denied", detail: "" });
    const sent = docUpdates(last()).length;
    doc.getMap("meta").set("scenario", "still locked");
    doc.commit();
    expect(docUpdates(last())).toHaveLength(sent);
    // The reason dismissed, the state still says the edits are held, not "Saving…".
    room.dismissError();
    expect(room.getStatus()).toMatchObject({ state: "held", error: null, pending: 2 });
    // unlocked: the rejoin sends both
    host.ackStatus = UpdateStatusCode.Ok;
    room.join();
    host.process(last());
    expect(host.doc.getMap("meta").toJSON()).toEqual({
      title: "locked / 已锁定",
      scenario: "still locked",
    });
    expect(room.getStatus()).toMatchObject({ state: "saved", error: null, pending: 0 });
  });

  it("asks again, once, for a rejoin suggested while a join was on its way", () => {
    const { room, last } = joined();
    const joins = () =>
      last()
        .messages()
        .filter((m) => m.type === MessageType.JoinRequest).length;
    const before = joins();
    room.join();
    const suggest = () =>
      last().deliver({
        type: MessageType.RoomError,
        crdt: "%LOR",
        roomId: "m1",
        code: RoomErrorCode.RejoinSuggested,
        message: "your permissions changed",
      });
    suggest();
    suggest();
    expect(joins()).toBe(before + 1);
    last().deliver({
      type: MessageType.JoinResponseOk,
      crdt: "%LOR",
      roomId: "m1",
      permission: "write",
      version: new LoroDoc().oplogVersion().encode(),
    });
    expect(joins()).toBe(before + 2);
  });

  it("says a map closed because it went to the trash is gone, and another closing in its own words", () => {
    const evicted = (message: string) => {
      const { room, last } = joined();
      last().deliver({
        type: MessageType.RoomError,
        crdt: "%LOR",
        roomId: "m1",
        code: RoomErrorCode.Evicted,
        message,
      });
      return room.getStatus().error;
    };
    expect(evicted("map_trashed")).toEqual({ kind: "gone", detail: "map_trashed" });
    expect(evicted("project_deleted")).toEqual({ kind: "gone", detail: "project_deleted" });
    expect(evicted("revoked")).toEqual({ kind: "room", detail: "revoked" });
  });
});
