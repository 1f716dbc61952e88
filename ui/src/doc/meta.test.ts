// Tests the meta reads and writes of meta.ts on real LoroDocs, including a remote peer's change.
import { LoroDoc } from "loro-crdt";
import { describe, expect, it } from "vitest";
import { makeMapDoc } from "../../test/doc/fixture";
import {
  MAX_MAP_TITLE,
  readMapMeta,
  setMapExpectations,
  setMapPersona,
  setMapScenario,
  setMapTitle,
} from "./meta";
import { MapStore } from "./store";

const sample = () => makeMapDoc(["s1"], [{ id: "l1", title: "Actions", kind: "cards" }]);

describe("map meta", () => {
  it("reads the defaults of a template document", () => {
    expect(readMapMeta(sample())).toEqual({
      title: "Test map",
      personaId: null,
      scenario: "",
      expectations: "",
    });
  });

  it("writes the title trimmed and refuses an empty one", () => {
    const doc = sample();
    expect(setMapTitle(doc, "  Onboarding  ")).toBe(true);
    expect(readMapMeta(doc).title).toBe("Onboarding");
    expect(setMapTitle(doc, "   ")).toBe(false);
    expect(readMapMeta(doc).title).toBe("Onboarding");
  });

  it("caps the title at 200 characters, counting CJK and emoji as one", () => {
    const doc = sample();
    setMapTitle(doc, "旅".repeat(250));
    expect(Array.from(readMapMeta(doc).title)).toHaveLength(MAX_MAP_TITLE);
    setMapTitle(doc, "😀".repeat(201));
    expect(Array.from(readMapMeta(doc).title)).toHaveLength(MAX_MAP_TITLE);
  });

  it("sets and clears the persona (absent when none)", () => {
    const doc = sample();
    setMapPersona(doc, "p1");
    expect(readMapMeta(doc).personaId).toBe("p1");
    setMapPersona(doc, null);
    expect(readMapMeta(doc).personaId).toBeNull();
    expect(doc.getMap("meta").get("persona_id")).toBeUndefined();
  });

  it("writes multi-line scenario and expectations, one commit each", () => {
    const doc = sample();
    const before = doc.version().toJSON();
    setMapScenario(doc, "Mia renews her plan\non her phone");
    setMapExpectations(doc, "快速、清楚");
    const m = readMapMeta(doc);
    expect(m.scenario).toBe("Mia renews her plan\non her phone");
    expect(m.expectations).toBe("快速、清楚");
    expect(doc.version().toJSON()).not.toEqual(before);
    // an unchanged value writes nothing
    const v = doc.oplogVersion().toJSON();
    setMapScenario(doc, "Mia renews her plan\non her phone");
    expect(doc.oplogVersion().toJSON()).toEqual(v);
  });

  it("reaches another peer and its store", async () => {
    const a = sample();
    const b = new LoroDoc();
    b.import(a.export({ mode: "snapshot" }));
    const store = new MapStore(b);
    let changes = 0;
    store.subscribe(() => changes++);
    setMapTitle(a, "Renewal");
    setMapPersona(a, "p9");
    setMapExpectations(a, "No surprises");
    b.import(a.export({ mode: "update", from: b.oplogVersion() }));
    for (let i = 0; i < 3; i++) await Promise.resolve();
    expect(readMapMeta(b)).toMatchObject({
      title: "Renewal",
      personaId: "p9",
      expectations: "No surprises",
    });
    expect(store.getView().meta.title).toBe("Renewal");
    expect(changes).toBeGreaterThan(0);
  });
});
