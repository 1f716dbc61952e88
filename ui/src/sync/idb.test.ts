// Whether a browser can hold kept edits at all, asked before the outbox's database is made: a
// first visit then opens its map without waiting for IndexedDB to create the database.
import { LoroDoc } from "loro-crdt";
import { describe, expect, it, vi } from "vitest";
import { IdbOutboxStorage, OUTBOX_DB } from "./idb";
import { restoreOutbox } from "./outboxEntries";

/** An IndexedDB that lists `names` and never finishes opening anything. */
function factory(names: string[] | null): IDBFactory {
  const never = { onupgradeneeded: null, onsuccess: null, onerror: null, onblocked: null };
  return {
    open: vi.fn(() => never),
    ...(names === null
      ? {}
      : { databases: vi.fn(() => Promise.resolve(names.map((name) => ({ name, version: 2 })))) }),
  } as unknown as IDBFactory;
}

describe("the outbox's database", () => {
  it("holds nothing in a browser that never made it, and a map opens without reading it", async () => {
    const idb = factory([]);
    const storage = new IdbOutboxStorage(idb);
    const list = vi.spyOn(storage, "list");
    expect(await restoreOutbox(storage, "m1", new LoroDoc())).toEqual([]);
    expect(list).not.toHaveBeenCalled();
  });

  it("may hold edits once it exists, or when the browser cannot say", async () => {
    expect(await new IdbOutboxStorage(factory(["other", OUTBOX_DB])).holdsNothing()).toBe(false);
    expect(await new IdbOutboxStorage(factory(null)).holdsNothing()).toBe(false);
    const failing = {
      databases: () => Promise.reject(new Error("denied")),
    } as unknown as IDBFactory;
    expect(await new IdbOutboxStorage(failing).holdsNothing()).toBe(false);
  });

  it("holds nothing for the first map opened only: another tab may keep edits afterwards", async () => {
    const storage = new IdbOutboxStorage(factory([]));
    expect(await storage.holdsNothing()).toBe(true);
    expect(await storage.holdsNothing()).toBe(false);
  });

  it("cannot tell when listing takes too long, nor in the desktop window", async () => {
    vi.useFakeTimers();
    const stuck = { databases: () => new Promise(() => {}) } as unknown as IDBFactory;
    const answer = new IdbOutboxStorage(stuck).holdsNothing();
    vi.advanceTimersByTime(100);
    expect(await answer).toBe(false);
    vi.useRealTimers();
    expect(await new IdbOutboxStorage(factory([]), false).holdsNothing()).toBe(false);
  });

  it("may hold what this page wrote, though it was missing when first asked", async () => {
    const storage = new IdbOutboxStorage(factory([]));
    storage.openAhead();
    void storage.put({ id: "m1:a", mapId: "m1", bytes: new Uint8Array([1]), savedAt: 1 });
    expect(await storage.holdsNothing()).toBe(false);
  });

  it("is looked for before the page starts making it", async () => {
    const idb = factory([]);
    const storage = new IdbOutboxStorage(idb);
    storage.openAhead();
    expect(idb.open).not.toHaveBeenCalled();
    expect(await storage.holdsNothing()).toBe(true);
    await Promise.resolve();
    expect(idb.open).toHaveBeenCalledOnce();
  });
});
