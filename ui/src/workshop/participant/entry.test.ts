// Which app a page runs (resolveAppMode) and how a participant arrived: the invitation is taken
// out of the visible URL, the code page keeps "#join", a reloaded join page keeps its invitation,
// and the facilitator's launch token always wins.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../../test/workshop/participant/testStore";
import { resolveAppMode } from "../../api/endpoint";
import { readParticipantEntry } from "./entry";
import { saveSession } from "./storage";

const INVITE = "79e2d846005560399b6a6db6468cfd16aa7e36ec6405bb68d9e928a18fbea6a4";

function go(url: string) {
  window.history.replaceState(null, "", url);
}

describe("participant entry", () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  afterEach(() => go("/"));

  it("reads the invitation from the link and removes it from the address bar", () => {
    go(`/#invite=${INVITE}`);
    const session = memoryStore();
    expect(readParticipantEntry(window, memoryStore(), session)).toEqual({
      kind: "invite",
      invite: INVITE,
    });
    expect(window.location.href).not.toContain(INVITE);
    expect(window.location.hash).toBe("");
    // a reload of the join page still has it
    expect(readParticipantEntry(window, memoryStore(), session)).toEqual({
      kind: "invite",
      invite: INVITE,
    });
  });

  it("opens the code page, with a code from the desktop app's dialog", () => {
    go("/#join");
    expect(readParticipantEntry(window, memoryStore(), memoryStore())).toEqual({
      kind: "code",
      code: "",
    });
    go("/#join=ABC234");
    expect(readParticipantEntry(window, memoryStore(), memoryStore())).toEqual({
      kind: "code",
      code: "ABC234",
    });
    expect(window.location.hash).toBe("#join");
  });

  it("comes back to a kept session, and is nobody's page otherwise", () => {
    go("/");
    const local = memoryStore();
    expect(readParticipantEntry(window, local, memoryStore())).toBeNull();
    saveSession(
      {
        participant_id: "p-0123456789ab",
        participant_token: "t",
        name: "A",
        color: "#d32f2f",
        role: "viewer",
        map_id: "m",
        map_title: "M",
        locked: false,
      },
      local,
    );
    expect(readParticipantEntry(window, local, memoryStore())).toEqual({ kind: "session" });
  });

  it("ignores fragments that are not a join link", () => {
    go("/#invite=short");
    expect(readParticipantEntry(window, memoryStore(), memoryStore())).toBeNull();
    go("/#somewhere");
    expect(readParticipantEntry(window, memoryStore(), memoryStore())).toBeNull();
  });
});

describe("resolveAppMode", () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  afterEach(() => go("/"));

  it("runs the facilitator's app with the launch token", () => {
    go(`/?token=launch#invite=${INVITE}`);
    const mode = resolveAppMode(window);
    expect(mode.kind).toBe("facilitator");
    if (mode.kind === "facilitator") expect(mode.endpoint.token).toBe("launch");
  });

  it("runs the participant's app from a join link or the code page", () => {
    go(`/#invite=${INVITE}`);
    expect(resolveAppMode(window)).toMatchObject({
      kind: "participant",
      base: window.location.origin,
      entry: { kind: "invite", invite: INVITE },
    });
    go("/#join");
    expect(resolveAppMode(window)).toMatchObject({ kind: "participant", entry: { kind: "code" } });
  });

  it("runs the facilitator's app on a plain page", () => {
    go("/");
    expect(resolveAppMode(window).kind).toBe("facilitator");
  });
});
