// Which answers end a participant's session for good, which only mean "offline, retry", and the
// reason a read-only board gives.
import { describe, expect, it } from "vitest";
import { HostError } from "../../api/http";
import { readOnlyReason } from "./AccessBanner";
import { finishedByRoomError, finishedBySessionCheck } from "./finish";

const err = (status: number, code: string) => new HostError(status, { code, message: "" });

describe("finished", () => {
  it("reads the session check", () => {
    expect(finishedBySessionCheck(err(410, "workshop_ended"))).toBe("ended");
    expect(finishedBySessionCheck(err(403, "revoked"))).toBe("revoked");
    expect(finishedBySessionCheck(err(401, "unauthorized"))).toBe("ended");
    expect(finishedBySessionCheck(err(0, "network"))).toBeNull();
    expect(finishedBySessionCheck(err(500, "internal"))).toBeNull();
    expect(finishedBySessionCheck(err(403, "forbidden_origin"))).toBeNull();
    expect(finishedBySessionCheck(new Error("x"))).toBeNull();
  });

  it("reads the host's reason for closing the room", () => {
    expect(finishedByRoomError({ kind: "room", detail: "workshop_ended" })).toBe("ended");
    expect(finishedByRoomError({ kind: "room", detail: "revoked" })).toBe("revoked");
    expect(
      finishedByRoomError({
        kind: "join",
        detail: "the workshop has ended; the facilitator can start a new one",
      }),
    ).toBe("ended");
    expect(
      finishedByRoomError({
        kind: "join",
        detail: "the facilitator removed you from this workshop",
      }),
    ).toBe("revoked");
    expect(
      finishedByRoomError({ kind: "room", detail: "the map was moved to the trash" }),
    ).toBeNull();
    expect(finishedByRoomError({ kind: "refused", detail: "revoked" })).toBeNull();
    expect(finishedByRoomError(null)).toBeNull();
  });
});

describe("readOnlyReason", () => {
  const access = (role: "editor" | "viewer", locked: boolean, can_edit: boolean) => ({
    role,
    locked,
    can_edit,
    now_ms: 0,
  });
  it("says why the board is read-only", () => {
    expect(readOnlyReason(access("editor", false, true), null)).toBeNull();
    expect(readOnlyReason(access("viewer", false, false), null)).toBe("viewer");
    expect(readOnlyReason(access("viewer", true, false), null)).toBe("viewer");
    expect(readOnlyReason(access("editor", true, false), null)).toBe("locked");
    expect(readOnlyReason(access("editor", false, true), "ended")).toBe("ended");
    expect(readOnlyReason(access("viewer", false, false), "revoked")).toBe("revoked");
  });
});
