// Tests the host's copy fetched while a tab starts: the answer's framing (snapshot length,
// snapshot, cards JSON) read back, anything malformed or failed turned into "no copy" (the join
// then brings the map), handed out once, and given up on when it comes too late.
import { LoroDoc } from "loro-crdt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeMapDoc } from "../../test/doc/fixture";
import { addCard } from "../doc/actions";
import { ROOT } from "../doc/schema";
import { MapStore } from "../doc/store";
import {
  COPY_FRESH_MS,
  mapSnapshotPath,
  parseHostCopy,
  prefetchHostCopy,
  takeHostCopy,
} from "./mapPrefetch";

const ep = { base: "http://127.0.0.1:4820", token: "tok" };

/** The host's answer for `doc` (crates/host/src/rooms/newcomer.rs `joiner_body`). */
function answer(doc: LoroDoc): ArrayBuffer {
  const snapshot = doc.export({ mode: "snapshot" });
  const json = new TextEncoder().encode(JSON.stringify(doc.getMap(ROOT.cards).toJSON()));
  const body = new Uint8Array(4 + snapshot.length + json.length);
  new DataView(body.buffer).setUint32(0, snapshot.length, true);
  body.set(snapshot, 4);
  body.set(json, 4 + snapshot.length);
  return body.buffer;
}

function mapWithCards() {
  const doc = makeMapDoc(["s1", "s2"], [{ id: "l1", title: "痛點", kind: "cards" }]);
  for (const text of ["顧客等太久", "退货流程 unclear", ""]) {
    addCard(doc, { stage: "s1", lane: "l1", department: "", author: "小林", afterPos: null, text });
  }
  doc.commit();
  return doc;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("parseHostCopy", () => {
  it("reads the snapshot and the cards back, and the store reads the same cards from either", () => {
    const doc = mapWithCards();
    const copy = parseHostCopy(answer(doc));
    expect(copy).not.toBeNull();
    const tab = new LoroDoc();
    tab.import(copy?.snapshot ?? new Uint8Array());
    expect(tab.toJSON()).toEqual(doc.toJSON());
    const fromJson = new MapStore(tab, copy?.cards).getView();
    const fromDoc = new MapStore(tab).getView();
    expect(fromJson.cards).toEqual(fromDoc.cards);
    expect(fromJson.cells).toEqual(fromDoc.cells);
    expect(Object.values(fromJson.cards).map((c) => c.text)).toContain("顧客等太久");
  });

  it("answers nothing for a body that is cut short, empty, or not the cards' JSON", () => {
    const good = new Uint8Array(answer(mapWithCards()));
    expect(parseHostCopy(good.slice(0, 3).buffer)).toBeNull();
    expect(parseHostCopy(good.slice(0, 40).buffer)).toBeNull();
    expect(parseHostCopy(new Uint8Array([0, 0, 0, 0, 123, 125]).buffer)).toBeNull();
    const notAnObject = new Uint8Array([1, 0, 0, 0, 7, ...new TextEncoder().encode("[1,2]")]);
    expect(parseHostCopy(notAnObject.buffer)).toBeNull();
    const badJson = new Uint8Array([1, 0, 0, 0, 7, ...new TextEncoder().encode('{"a":')]);
    expect(parseHostCopy(badJson.buffer)).toBeNull();
  });
});

describe("prefetchHostCopy and takeHostCopy", () => {
  it("asks the host once with the token and hands the copy out once", async () => {
    const body = answer(mapWithCards());
    const fetchFn = vi.fn(async () => new Response(body));
    prefetchHostCopy(ep, "map/1", fetchFn as unknown as typeof fetch);
    prefetchHostCopy(ep, "map/1", fetchFn as unknown as typeof fetch);
    expect(fetchFn).toHaveBeenCalledTimes(1);
    expect(fetchFn).toHaveBeenCalledWith(`${ep.base}${mapSnapshotPath("map/1")}`, {
      headers: { Authorization: "Bearer tok" },
      cache: "no-store",
    });
    expect(mapSnapshotPath("map/1")).toBe("/api/maps/map%2F1/snapshot");
    expect(await takeHostCopy("map/1")).not.toBeNull();
    expect(await takeHostCopy("map/1")).toBeNull();
  });

  it("gives nothing for a refused or failed fetch, or one that never asked", async () => {
    prefetchHostCopy(ep, "gone", (async () => new Response("{}", { status: 404 })) as typeof fetch);
    prefetchHostCopy(ep, "down", (async () => {
      throw new TypeError("network down");
    }) as typeof fetch);
    expect(await takeHostCopy("gone")).toBeNull();
    expect(await takeHostCopy("down")).toBeNull();
    expect(await takeHostCopy("never")).toBeNull();
  });

  it("drops the copies of other maps, and a copy asked for too long ago", async () => {
    const body = answer(mapWithCards());
    const fetchFn = (async () => new Response(body.slice(0))) as typeof fetch;
    prefetchHostCopy(ep, "remembered", fetchFn);
    expect(await takeHostCopy("opened-instead")).toBeNull();
    expect(await takeHostCopy("remembered")).toBeNull();
    vi.useFakeTimers();
    prefetchHostCopy(ep, "old", fetchFn);
    vi.setSystemTime(Date.now() + COPY_FRESH_MS + 1);
    expect(await takeHostCopy("old")).toBeNull();
  });

  it("stops waiting for a copy that has not come in time", async () => {
    vi.useFakeTimers();
    prefetchHostCopy(ep, "slow", (() => new Promise<Response>(() => {})) as typeof fetch);
    const taken = takeHostCopy("slow", 2_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await taken).toBeNull();
  });
});
