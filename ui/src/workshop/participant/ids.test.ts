// Ids in a participant's browser must work on plain http (no secure context): these run with
// crypto.randomUUID removed, as Chromium does for http://wayline.test:PORT.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../../test/workshop/participant/testStore";
import { newParticipantId, PARTICIPANT_ID, randomHex } from "./ids";
import { loadIdentity } from "./storage";

describe("ids without crypto.randomUUID", () => {
  const original = Object.getOwnPropertyDescriptor(crypto, "randomUUID");
  const proto = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(crypto), "randomUUID");
  beforeEach(() => {
    Reflect.deleteProperty(crypto, "randomUUID");
    const p = Object.getPrototypeOf(crypto) as object;
    Reflect.deleteProperty(p, "randomUUID");
    expect((crypto as { randomUUID?: unknown }).randomUUID).toBeUndefined();
  });
  afterEach(() => {
    if (proto) Object.defineProperty(Object.getPrototypeOf(crypto), "randomUUID", proto);
    if (original) Object.defineProperty(crypto, "randomUUID", original);
  });

  it("makes participant ids the host accepts, all different", () => {
    const ids = new Set(Array.from({ length: 200 }, newParticipantId));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(PARTICIPANT_ID);
  });

  it("makes random hex without crypto.randomUUID", () => {
    expect(randomHex(4)).toMatch(/^[0-9a-f]{8}$/);
    expect(randomHex(8)).not.toBe(randomHex(8));
  });

  it("gives a browser one participant id and keeps it", () => {
    const store = memoryStore();
    const first = loadIdentity(store);
    expect(first.participantId).toMatch(PARTICIPANT_ID);
    expect(loadIdentity(store).participantId).toBe(first.participantId);
  });
});
