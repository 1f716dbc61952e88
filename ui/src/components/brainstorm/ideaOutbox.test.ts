// A person's brainstorm changes on their way to the host: kept across a reload, a later change to
// an idea replaces the one still waiting, and what is shown is the host's copy with them laid over.
import { describe, expect, it } from "vitest";
import { IdeaOutbox, shownIdeas } from "./ideaOutbox";

class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
  setItem(k: string, v: string) {
    this.items.set(k, v);
  }
}

describe("IdeaOutbox", () => {
  it("keeps changes across a reload, replaces a waiting one, and forgets what the host took", () => {
    const storage = new MemoryStorage();
    const box = new IdeaOutbox("map-1", storage);
    const first = {
      kind: "put",
      id: "idea-0001",
      round: 1,
      stage: "s1",
      text: "结账太慢",
    } as const;
    box.add(first);
    box.add({ kind: "put", id: "idea-0002", round: 1, stage: "s2", text: "客服難找" });
    const changed = { ...first, text: "结账太慢，运费不透明" };
    box.add(changed);
    const reloaded = new IdeaOutbox("map-1", storage);
    expect(reloaded.pending().map((c) => c.id)).toEqual(["idea-0002", "idea-0001"]);
    expect(reloaded.pending()[1]).toEqual(changed);
    // The host answered the first version: the newer one to the same idea stays.
    reloaded.settle(first);
    expect(reloaded.pending()).toHaveLength(2);
    reloaded.settle(changed);
    for (const left of [...reloaded.pending()]) reloaded.settle(left);
    expect(reloaded.pending()).toEqual([]);
    expect(storage.length).toBe(0);
    expect(new IdeaOutbox("map-2", storage).pending()).toEqual([]);
  });

  it("reads nothing from a damaged copy", () => {
    const storage = new MemoryStorage();
    storage.setItem("wayline.ideas.map-1", "{not json");
    expect(new IdeaOutbox("map-1", storage).pending()).toEqual([]);
    storage.setItem(
      "wayline.ideas.map-1",
      JSON.stringify([
        { kind: "put", id: 3 },
        { kind: "remove", id: "x-1" },
      ]),
    );
    expect(new IdeaOutbox("map-1", storage).pending()).toEqual([{ kind: "remove", id: "x-1" }]);
  });
});

describe("shownIdeas", () => {
  it("lays the waiting changes of the round over the host's copy", () => {
    const stored = [
      { id: "a", stage: "s1", text: "one" },
      { id: "b", stage: "s1", text: "two" },
    ];
    const shown = shownIdeas(
      stored,
      [
        { kind: "put", id: "b", round: 2, stage: "s2", text: "two, changed" },
        { kind: "remove", id: "a" },
        { kind: "put", id: "c", round: 2, stage: "s1", text: "三" },
        { kind: "put", id: "old", round: 1, stage: "s1", text: "an earlier round's" },
      ],
      2,
    );
    expect(shown).toEqual([
      { id: "b", stage: "s2", text: "two, changed", waiting: true },
      { id: "c", stage: "s1", text: "三", waiting: true },
    ]);
  });
});
