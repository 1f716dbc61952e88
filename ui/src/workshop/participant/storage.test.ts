// What a participant's browser keeps: the identity made once, the session with its token, the
// finished mark, and nothing at all (but no crash) when storage refuses.
import { describe, expect, it } from "vitest";
import { memoryStore, refusingStore } from "../../../test/workshop/participant/testStore";
import type { ParticipantSession } from "../../wire/ParticipantSession";
import {
  loadIdentity,
  loadSession,
  markFinished,
  renewParticipantId,
  saveIdentity,
  saveSession,
} from "./storage";

const session: ParticipantSession = {
  participant_id: "p-0123456789ab",
  participant_token: "tok",
  name: "王小明",
  color: "#1565c0",
  role: "editor",
  map_id: "map-1",
  map_title: "客户旅程",
  locked: false,
};

describe("participant storage", () => {
  it("keeps the session with the identity it belongs to", () => {
    const store = memoryStore();
    saveSession(session, store);
    expect(loadSession(store)).toEqual({ session, finished: null });
    expect(loadIdentity(store)).toEqual({
      participantId: "p-0123456789ab",
      name: "王小明",
      color: "#1565c0",
    });
  });

  it("remembers the name and colour for the next join", () => {
    const store = memoryStore();
    const id = loadIdentity(store);
    saveIdentity({ ...id, name: "Ana", color: "#2e7d32" }, store);
    expect(loadIdentity(store)).toEqual({ ...id, name: "Ana", color: "#2e7d32" });
  });

  it("marks a finished session and forgets it with a new participant id", () => {
    const store = memoryStore();
    saveSession(session, store);
    markFinished("revoked", store);
    expect(loadSession(store)?.finished).toBe("revoked");
    const next = renewParticipantId(store);
    expect(next.participantId).not.toBe(session.participant_id);
    expect(next.name).toBe("王小明");
    expect(loadSession(store)).toBeNull();
  });

  it("ignores damaged entries", () => {
    const store = memoryStore({
      "wayline.participant.session": JSON.stringify({ session: { ...session, role: "boss" } }),
      "wayline.participant.identity": "{not json",
    });
    expect(loadSession(store)).toBeNull();
    expect(loadIdentity(store).participantId).toMatch(/^p-[0-9a-f]{24}$/);
  });

  it("works without storage", () => {
    expect(loadSession(refusingStore)).toBeNull();
    expect(() => saveSession(session, refusingStore)).not.toThrow();
    expect(loadIdentity(refusingStore).name).toBe("");
    expect(loadIdentity(null).participantId).toMatch(/^p-/);
  });
});
