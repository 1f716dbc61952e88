// The guard on presence values that arrive from the network, the stored value's shape and its
// size limit, and the colour helpers (stable per id, readable text).
import { describe, expect, it } from "vitest";
import { MAX_PARTICIPANT_NAME_CHARS } from "../wire/limits";
import { colorFor, localPresenceId, PRESENCE_COLORS, textOn } from "./identity";
import { type PresenceState, parsePresence, presenceValue } from "./state";

const ANN: PresenceState = {
  name: "  王小明  ",
  color: "#1565c0",
  role: "editor",
  editing: "card-1",
  caret: new Uint8Array([1, 2, 3]),
  viewport: { x: 10, y: 20, zoom: 0.8 },
  leading: false,
};

describe("presence values", () => {
  it("reads back what it writes", () => {
    expect(parsePresence(presenceValue(ANN))).toEqual({ ...ANN, name: "王小明" });
  });

  it("drops a caret without a card and a lead that is not a facilitator's", () => {
    const v = presenceValue({ ...ANN, editing: null, leading: true });
    expect(v.caret).toBeUndefined();
    expect(parsePresence({ ...v, caret: new Uint8Array([1]) })?.caret).toBeUndefined();
    expect(parsePresence(v)?.leading).toBe(false);
  });

  it("refuses or repairs what is not presence", () => {
    expect(parsePresence("Ann")).toBeNull();
    expect(parsePresence(null)).toBeNull();
    expect(parsePresence({ color: "#000000" })).toBeNull();
    expect(
      parsePresence({
        name: "x".repeat(500),
        color: "url(evil)",
        role: "admin",
        editing: "y".repeat(500),
        viewport: { x: "1", y: 2, zoom: 1 },
      }),
    ).toEqual({
      name: "x".repeat(MAX_PARTICIPANT_NAME_CHARS),
      color: "#5f6670",
      role: "viewer",
      editing: null,
      viewport: null,
      leading: false,
    });
  });

  it("stays far under the host's 8 KB limit with the longest fields", () => {
    const big = presenceValue({
      ...ANN,
      name: "𠮷".repeat(MAX_PARTICIPANT_NAME_CHARS),
      editing: "f".repeat(64),
      caret: new Uint8Array(256),
    });
    expect(
      JSON.stringify(big, (_k, v) => (v instanceof Uint8Array ? [...v] : v)).length,
    ).toBeLessThan(2_000);
  });
});

describe("identity", () => {
  it("keeps one random id per browser, without crypto.randomUUID", () => {
    const data = new Map<string, string>();
    const storage = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
    } as Storage;
    const id = localPresenceId(storage);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(localPresenceId(storage)).toBe(id);
    expect(localPresenceId(null)).not.toBe(id);
  });

  it("gives each id one palette colour, with readable text on every colour", () => {
    expect(colorFor("abc")).toBe(colorFor("abc"));
    expect(PRESENCE_COLORS).toContain(colorFor("abc"));
    for (const c of PRESENCE_COLORS) expect(textOn(c)).toBe("#ffffff");
    expect(textOn("#ffeb3b")).toBe("#000000");
  });
});
