// Everyone who changes a map is recorded in `participants` once, by their own change only, in a
// commit undo ignores.
import { LoroDoc, UndoManager } from "loro-crdt";
import { describe, expect, it } from "vitest";
import { CONTRIBUTOR_ORIGIN, watchContributor } from "./contributors";
import { type Rater, ROOT } from "./schema";
import { NO_UNDO_PREFIX } from "./undoSteps";

const flush = () => new Promise<void>((r) => queueMicrotask(r));

function edit(doc: LoroDoc, value: string): void {
  doc.getMap(ROOT.meta).set("title", value);
  doc.commit();
}

describe("watchContributor", () => {
  it("records the person after their first change, once, and again after a rename", async () => {
    const doc = new LoroDoc();
    let me: Rater = { id: "p-1", name: "王小明", color: "#00838f" };
    const origins: (string | undefined)[] = [];
    doc.subscribe((e) => {
      if (e.by === "local") origins.push(e.origin);
    });
    const stop = watchContributor(doc, () => me);
    expect(doc.getMap(ROOT.participants).get("p-1")).toBeUndefined();
    edit(doc, "客户旅程");
    await flush();
    expect(doc.getMap(ROOT.participants).get("p-1")).toEqual({ name: "王小明", color: "#00838f" });
    const versions = doc.version().get(doc.peerIdStr) ?? 0;
    edit(doc, "客户旅程 2");
    await flush();
    // one more change for the edit, none for the record
    expect(doc.version().get(doc.peerIdStr)).toBe(versions + 1);
    me = { ...me, name: "小明" };
    edit(doc, "客户旅程 3");
    await flush();
    expect(doc.getMap(ROOT.participants).get("p-1")).toEqual({ name: "小明", color: "#00838f" });
    await flush();
    expect(origins.filter((o) => o === CONTRIBUTOR_ORIGIN)).toHaveLength(2);
    stop();
  });

  it("records nobody for changes that arrive from others", async () => {
    const doc = new LoroDoc();
    const stop = watchContributor(doc, () => ({ id: "p-1", name: "Ann", color: "#d32f2f" }));
    const other = new LoroDoc();
    edit(other, "from Bo");
    doc.import(other.export({ mode: "update" }));
    await flush();
    expect(doc.getMap(ROOT.participants).get("p-1")).toBeUndefined();
    stop();
  });

  it("is not undone with the first edit", async () => {
    const doc = new LoroDoc();
    const undo = new UndoManager(doc, {
      mergeInterval: 0,
      excludeOriginPrefixes: [NO_UNDO_PREFIX],
    });
    const stop = watchContributor(doc, () => ({ id: "p-1", name: "Ann", color: "#d32f2f" }));
    edit(doc, "Checkout");
    await flush();
    undo.undo();
    expect(doc.getMap(ROOT.meta).get("title")).toBeUndefined();
    expect(doc.getMap(ROOT.participants).get("p-1")).toEqual({ name: "Ann", color: "#d32f2f" });
    stop();
  });

  it("writes a name no longer than the host keeps", async () => {
    const doc = new LoroDoc();
    const stop = watchContributor(doc, () => ({
      id: "p-1",
      name: "长".repeat(60),
      color: "#d32f2f",
    }));
    edit(doc, "x");
    await flush();
    expect(doc.getMap(ROOT.participants).get("p-1")).toEqual({
      name: "长".repeat(40),
      color: "#d32f2f",
    });
    // and only once: the shortened name counts as recorded
    const version = doc.version().get(doc.peerIdStr);
    edit(doc, "y");
    await flush();
    expect(doc.version().get(doc.peerIdStr)).toBe((version ?? 0) + 1);
    stop();
  });
});
