// The parking lot's writes and reads: topics oldest first with who parked them, limits counted in
// characters as the host counts them, two people correcting one topic keeping both edits, and the
// store's view following every change.
import { LoroDoc, LoroMap } from "loro-crdt";
import { describe, expect, it, vi } from "vitest";
import { makeMapDoc } from "../../test/doc/fixture";
import { MAX_PARKING_ITEMS_PER_MAP, MAX_PARKING_TEXT_CHARS } from "../wire/limits";
import {
  oneChange,
  parkedTextBase,
  parkingLotHasRoom,
  parkTopic,
  readParkingLot,
  setParkedText,
  unparkTopic,
} from "./parkingLot";
import { ROOT } from "./schema";
import { MapStore } from "./store";
import { textLength } from "./textLength";

const map = () => makeMapDoc(["s1"], [{ id: "l1", title: "Pain", kind: "cards" }]);

/** Two replicas of one map that exchange everything each has. */
function pair(): [LoroDoc, LoroDoc] {
  const a = map();
  const b = LoroDoc.fromSnapshot(a.export({ mode: "snapshot" }));
  return [a, b];
}
const sync = (a: LoroDoc, b: LoroDoc) => {
  b.import(a.export({ mode: "update", from: b.oplogVersion() }));
  a.import(b.export({ mode: "update", from: a.oplogVersion() }));
};

describe("the parking lot", () => {
  it("lists topics oldest first with who parked them, trimmed", () => {
    const doc = map();
    const clock = vi.spyOn(Date, "now").mockReturnValue(2_000);
    const second = parkTopic(doc, "Loyalty app: push or email?", "Ann");
    clock.mockReturnValue(1_000);
    const first = parkTopic(doc, "  會員點數能不能跨店使用？ ", "林");
    clock.mockRestore();
    const lot = readParkingLot(doc);
    expect(lot.map((t) => t.id)).toEqual([first, second]);
    expect(lot[0]).toMatchObject({ text: "會員點數能不能跨店使用？", author: "林" });
    expect(lot[0]?.createdAt).toBe(1_000);
  });

  it("parks nothing blank and cuts a topic at the host's limit, counting characters", () => {
    const doc = map();
    expect(parkTopic(doc, "   \n ", "林")).toBeNull();
    expect(readParkingLot(doc)).toEqual([]);
    const id = parkTopic(doc, "𠮷".repeat(MAX_PARKING_TEXT_CHARS + 5), "林");
    const text = readParkingLot(doc).find((t) => t.id === id)?.text ?? "";
    expect(textLength(text)).toBe(MAX_PARKING_TEXT_CHARS);
    expect(text.endsWith("𠮷")).toBe(true);
    // a topic is taken off the list, not emptied
    expect(setParkedText(doc, id ?? "", "  ")).toBe(false);
    expect(readParkingLot(doc)[0]?.text).toBe(text);
  });

  it("keeps both people's corrections of one topic", () => {
    const [a, b] = pair();
    const id = parkTopic(a, "退貨要等三天", "林") ?? "";
    sync(a, b);
    expect(setParkedText(a, id, "退貨要等三天？")).toBe(true);
    expect(setParkedText(b, id, "【客服】退貨要等三天")).toBe(true);
    sync(a, b);
    expect(readParkingLot(a)[0]?.text).toBe("【客服】退貨要等三天？");
    expect(readParkingLot(b)[0]?.text).toBe("【客服】退貨要等三天？");
  });

  it("keeps a correction that arrived while this person was typing theirs", () => {
    const [a, b] = pair();
    const id = parkTopic(a, "退貨要等三天", "林") ?? "";
    sync(a, b);
    // B starts correcting; meanwhile A's correction arrives.
    const base = parkedTextBase(b, id);
    expect(setParkedText(a, id, "【客服】退貨要等三天", parkedTextBase(a, id))).toBe(true);
    sync(a, b);
    expect(setParkedText(b, id, "退貨要等整整三天？", base)).toBe(true);
    sync(a, b);
    expect(readParkingLot(a)[0]?.text).toBe("【客服】退貨要等整整三天？");
    expect(readParkingLot(b)[0]?.text).toBe("【客服】退貨要等整整三天？");
  });

  it("writes nothing over an arrived correction when this person changed nothing", () => {
    const [a, b] = pair();
    const id = parkTopic(a, "售后电话转接太多次", "林") ?? "";
    sync(a, b);
    const base = parkedTextBase(b, id);
    setParkedText(a, id, "售后电话转接太多次，谁负责？");
    sync(a, b);
    const before = b.oplogVersion().toJSON();
    expect(setParkedText(b, id, "售后电话转接太多次", base)).toBe(true);
    expect(b.oplogVersion().toJSON()).toEqual(before);
    expect(readParkingLot(b)[0]?.text).toBe("售后电话转接太多次，谁负责？");
  });

  it("finds one changed stretch without splitting a character outside the basic plane", () => {
    expect(oneChange("退貨要等三天", "退貨要等三天？")).toEqual({ from: 6, to: 6, inserted: "？" });
    expect(oneChange("abc", "abc")).toEqual({ from: 3, to: 3, inserted: "" });
    expect(oneChange("𠮷野家", "𠮾野家")).toEqual({ from: 0, to: 2, inserted: "𠮾" });
    expect(oneChange("吉𠮷", "吉𠮾")).toEqual({ from: 1, to: 3, inserted: "𠮾" });
    const [a, b] = pair();
    const id = parkTopic(a, "𠮷野家的菜单", "林") ?? "";
    sync(a, b);
    const base = parkedTextBase(b, id);
    setParkedText(a, id, "【餐饮】𠮷野家的菜单");
    sync(a, b);
    setParkedText(b, id, "𠮷野家的新菜单", base);
    sync(a, b);
    expect(readParkingLot(a)[0]?.text).toBe("【餐饮】𠮷野家的新菜单");
  });

  it("keeps topics two people park at once, and takes one off for everyone", () => {
    const [a, b] = pair();
    const fromA = parkTopic(a, "定价页要不要做 A/B 测试？", "林");
    const fromB = parkTopic(b, "售后电话转接太多次", "陈");
    sync(a, b);
    expect(new Set(readParkingLot(a).map((t) => t.id))).toEqual(new Set([fromA, fromB]));
    unparkTopic(b, fromA ?? "");
    sync(a, b);
    expect(readParkingLot(a).map((t) => t.text)).toEqual(["售后电话转接太多次"]);
  });

  it("holds at most the host's number of topics", () => {
    const doc = map();
    const parking = doc.getMap(ROOT.parking);
    for (let i = 0; i < MAX_PARKING_ITEMS_PER_MAP; i++) {
      const item = parking.setContainer(`p${i}`, new LoroMap());
      item.set("text", "t");
      item.set("author", "a");
      item.set("created_at", i);
    }
    doc.commit();
    expect(parkingLotHasRoom(doc)).toBe(false);
    expect(parkTopic(doc, "one more", "林")).toBeNull();
    expect(readParkingLot(doc)).toHaveLength(MAX_PARKING_ITEMS_PER_MAP);
  });

  it("reads a topic whose text was written as a plain string, and edits it", () => {
    const doc = map();
    const item = doc.getMap(ROOT.parking).setContainer("old", new LoroMap());
    item.set("text", "匯入的事項");
    item.set("author", "Wayline");
    item.set("created_at", 1);
    doc.commit();
    expect(readParkingLot(doc)[0]?.text).toBe("匯入的事項");
    expect(setParkedText(doc, "old", "匯入的事項（已確認）")).toBe(true);
    expect(readParkingLot(doc)[0]?.text).toBe("匯入的事項（已確認）");
  });

  it("is followed by the store's view, edit by edit", () => {
    const doc = map();
    const store = new MapStore(doc);
    expect(store.getView().parking).toEqual([]);
    const id = parkTopic(doc, "停车场测试", "林") ?? "";
    expect(store.getView().parking.map((t) => t.text)).toEqual(["停车场测试"]);
    const before = store.getView().parking;
    setParkedText(doc, id, "停车场测试（改）");
    expect(store.getView().parking).not.toBe(before);
    expect(store.getView().parking[0]?.text).toBe("停车场测试（改）");
    unparkTopic(doc, id);
    expect(store.getView().parking).toEqual([]);
    store.dispose();
  });
});
