// Joining against a fake participants' door: the kept token goes with the kept id, the answer is
// kept and the pending invitation dropped, a foreign id is replaced once, refusals are worded.
import { describe, expect, it } from "vitest";
import { memoryStore } from "../../../test/workshop/participant/testStore";
import { initI18n } from "../../i18n";
import type { JoinWorkshop } from "../../wire/JoinWorkshop";
import { MAX_PARTICIPANT_NAME_CHARS } from "../../wire/limits";
import type { ParticipantSession } from "../../wire/ParticipantSession";
import { ParticipantApi } from "./api";
import { cleanName, joinProblem, joinWorkshop } from "./joinFlow";
import { loadIdentity, loadInvite, loadSession, saveSession, stashInvite } from "./storage";

function fakeDoor(answer: (body: JoinWorkshop) => { status: number; body: unknown }) {
  const seen: JoinWorkshop[] = [];
  const fetcher = async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as JoinWorkshop;
    seen.push(body);
    const a = answer(body);
    return new Response(JSON.stringify(a.body), { status: a.status });
  };
  return { api: new ParticipantApi("http://wayline.test:1", fetcher), seen };
}

const sessionFor = (b: JoinWorkshop): ParticipantSession => ({
  participant_id: b.participant_id,
  participant_token: `token-of-${b.participant_id}`,
  name: b.name,
  color: b.color,
  role: "editor",
  map_id: "m1",
  map_title: "客户旅程",
  locked: false,
});

describe("joinWorkshop", () => {
  it("joins, keeps the session and forgets the invitation", async () => {
    const local = memoryStore();
    const tab = memoryStore();
    stashInvite("inv", tab);
    const { api, seen } = fakeDoor((b) => ({ status: 200, body: sessionFor(b) }));
    const s = await joinWorkshop(api, "inv", { name: "陳美玲", color: "#1565c0" }, local, tab);
    expect(seen[0]).toMatchObject({ invite: "inv", name: "陳美玲", color: "#1565c0" });
    expect(seen[0]?.participant_token).toBeUndefined();
    expect(loadSession(local)?.session).toEqual(s);
    expect(loadInvite(tab)).toBeNull();
    expect(loadIdentity(local).name).toBe("陳美玲");
  });

  it("comes back with the token it was given", async () => {
    const local = memoryStore();
    const id = loadIdentity(local).participantId;
    saveSession(
      sessionFor({ invite: "inv", participant_id: id, name: "A", color: "#d32f2f" }),
      local,
    );
    const { api, seen } = fakeDoor((b) => ({ status: 200, body: sessionFor(b) }));
    await joinWorkshop(api, "inv", { name: "A2", color: "#d32f2f" }, local, memoryStore());
    expect(seen[0]).toMatchObject({ participant_id: id, participant_token: `token-of-${id}` });
  });

  it("takes a new id when the old one belongs to someone else", async () => {
    const local = memoryStore();
    const first = loadIdentity(local).participantId;
    const { api, seen } = fakeDoor((b) =>
      b.participant_id === first
        ? {
            status: 403,
            body: {
              code: "participant_taken",
              message: "this participant id belongs to someone else",
            },
          }
        : { status: 200, body: sessionFor(b) },
    );
    const s = await joinWorkshop(api, "inv", { name: "B", color: "#2e7d32" }, local, memoryStore());
    expect(seen).toHaveLength(2);
    expect(s.participant_id).not.toBe(first);
    expect(loadIdentity(local).participantId).toBe(s.participant_id);
  });

  it("words the refusals", async () => {
    const i18n = initI18n("en");
    const { api } = fakeDoor(() => ({
      status: 410,
      body: { code: "workshop_ended", message: "" },
    }));
    const e = await joinWorkshop(
      api,
      "inv",
      { name: "C", color: "#2e7d32" },
      memoryStore(),
      memoryStore(),
    ).catch((x: unknown) => x);
    expect(joinProblem(e, i18n.t)).toBe(
      "The workshop has ended. Ask the facilitator for a new link or code.",
    );
    expect(loadSession(memoryStore())).toBeNull();
  });
});

describe("cleanName", () => {
  it("keeps what the host keeps", () => {
    expect(cleanName("  王小明 ")).toBe("王小明");
    expect(cleanName("   ")).toBeNull();
    expect(cleanName("名".repeat(MAX_PARTICIPANT_NAME_CHARS + 1))).toBeNull();
    // Counted in characters like the host: 40 × 𠮷 is 80 UTF-16 units.
    const longest = "𠮷".repeat(MAX_PARTICIPANT_NAME_CHARS);
    expect(cleanName(longest)).toBe(longest);
    expect(cleanName("a\u0007b")).toBeNull();
  });
});
