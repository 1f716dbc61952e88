// The room access a Wayline host sends with a join (permission + RoomAccess JSON in `extra`): read
// into the room status, updated on a rejoin (role change, lock), and a PermissionDenied answer to
// an edit reported as such rather than as a generic refusal.
import { LoroDoc } from "loro-crdt";
import type { ProtocolMessage } from "loro-protocol";
import { MessageType, RoomErrorCode, UpdateStatusCode } from "loro-protocol";
import { describe, expect, it } from "vitest";
import type { RoomAccess } from "../wire/RoomAccess";
import { parseRoomAccess } from "./access";
import { RoomSync } from "./room";

const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe("parseRoomAccess", () => {
  it("reads the host's RoomAccess", () => {
    expect(
      parseRoomAccess("read", bytes({ role: "viewer", locked: false, can_edit: false })),
    ).toEqual({ role: "viewer", locked: false, can_edit: false, now_ms: 0 });
    expect(
      parseRoomAccess("read", bytes({ role: "editor", locked: true, can_edit: false })),
    ).toEqual({
      role: "editor",
      locked: true,
      can_edit: false,
      now_ms: 0,
    });
    expect(
      parseRoomAccess("write", bytes({ role: "facilitator", locked: true, can_edit: true })),
    ).toEqual({ role: "facilitator", locked: true, can_edit: true, now_ms: 0 });
  });

  it("never lets edit when the permission is read, and copes without extra", () => {
    expect(
      parseRoomAccess("read", bytes({ role: "editor", locked: false, can_edit: true })).can_edit,
    ).toBe(false);
    expect(parseRoomAccess("write")).toEqual({
      role: "editor",
      locked: false,
      can_edit: true,
      now_ms: 0,
    });
    expect(parseRoomAccess("read", new TextEncoder().encode("{oops"))).toEqual({
      role: "viewer",
      locked: false,
      can_edit: false,
      now_ms: 0,
    });
    expect(parseRoomAccess("write", bytes({ role: "admin", locked: "no", now_ms: "x" }))).toEqual({
      role: "editor",
      locked: false,
      can_edit: true,
      now_ms: 0,
    });
  });
});

function room() {
  const sent: ProtocolMessage[] = [];
  const doc = new LoroDoc();
  const r = new RoomSync("m1", doc, {
    send: (m) => {
      sent.push(m);
      return true;
    },
    isOpen: () => true,
    token: () => "t",
  });
  const joinOk = (access: RoomAccess) =>
    r.handle({
      type: MessageType.JoinResponseOk,
      crdt: "%LOR",
      roomId: "m1",
      permission: access.can_edit ? "write" : "read",
      version: new LoroDoc().oplogVersion().encode(),
      extra: bytes(access),
    });
  return { r, doc, sent, joinOk };
}

describe("RoomSync access", () => {
  it("exposes the access of the join and follows a rejoin after a lock", () => {
    const { r, sent, joinOk } = room();
    expect(r.getStatus().access).toBeNull();
    r.join();
    joinOk({ role: "editor", locked: false, can_edit: true, now_ms: 0 });
    expect(r.getStatus().access).toEqual({
      role: "editor",
      locked: false,
      can_edit: true,
      now_ms: 0,
    });

    r.handle({
      type: MessageType.RoomError,
      crdt: "%LOR",
      roomId: "m1",
      code: RoomErrorCode.RejoinSuggested,
      message: "your permissions changed",
    });
    expect(sent.filter((m) => m.type === MessageType.JoinRequest)).toHaveLength(2);
    joinOk({ role: "editor", locked: true, can_edit: false, now_ms: 0 });
    expect(r.getStatus().access).toEqual({
      role: "editor",
      locked: true,
      can_edit: false,
      now_ms: 0,
    });
    // kept while the socket is down: the last known lock still applies
    r.socketClosed();
    expect(r.getStatus().access?.locked).toBe(true);
  });

  it("tells the host's clock from the join answer, whatever this screen's clock says", () => {
    const { r, joinOk } = room();
    expect(Math.abs(r.hostNow() - Date.now())).toBeLessThan(50);
    r.join();
    // the host is 90 s ahead of this laptop
    joinOk({ role: "editor", locked: false, can_edit: true, now_ms: Date.now() + 90_000 });
    expect(Math.abs(r.hostNow() - (Date.now() + 90_000))).toBeLessThan(50);
  });

  it("says that an edit was refused for lack of permission", () => {
    const { r, doc, sent, joinOk } = room();
    r.join();
    joinOk({ role: "viewer", locked: false, can_edit: false, now_ms: 0 });
    doc.getMap("meta").set("title", "x");
    doc.commit();
    const update = sent.find((m) => m.type === MessageType.DocUpdate);
    if (update?.type !== MessageType.DocUpdate) throw new Error("no update sent");
    r.handle({
      type: MessageType.Ack,
      crdt: "%LOR",
      roomId: "m1",
      refId: update.batchId,
      status: UpdateStatusCode.PermissionDenied,
    });
    expect(r.getStatus().error).toEqual({ kind: "denied", detail: "" });
    expect(r.getStatus().state).toBe("error");
  });
});
