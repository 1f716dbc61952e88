// Cards someone else deleted over this screen's unseen edits (lostCards.ts): found when the
// deletion had not seen the edit (offline typing), not when it had; put back as this screen had
// it, under its id and in its cell, or over the card the deleter's undo brought back.
import { LoroDoc, UndoManager } from "loro-crdt";
import { describe, expect, it } from "vitest";
import { makeMapDoc } from "../../test/doc/fixture";
import { placementFor } from "../components/cards/LostCardsNotice";
import { addCard, cardText, deleteCard, putCardBack } from "./actions";
import { lostSinceRestore, type RestoredEdits } from "./lostCards";
import { readCard } from "./read";
import type { CardRec, Placement } from "./schema";
import { MapStore } from "./store";

const flush = async () => {
  for (let i = 0; i < 3; i++) await Promise.resolve();
};

function placed(store: MapStore, card: CardRec): Placement {
  const placement = placementFor(store.getView(), card);
  if (!placement) throw new Error("no cell for the card");
  return placement;
}

function only<T>(list: readonly T[]): T {
  const [first] = list;
  if (first === undefined || list.length !== 1) throw new Error(`expected one, got ${list.length}`);
  return first;
}

/** Everything `from` has that `to` lacks. */
function sync(from: LoroDoc, to: LoroDoc): void {
  to.import(from.export({ mode: "update", from: to.oplogVersion() }));
}

/** The facilitator's map with one card, and a teammate's copy of it with a store. */
function workshop() {
  const facilitator = makeMapDoc(
    ["s1", "s2"],
    [
      { id: "l1", title: "痛点", kind: "cards" },
      { id: "l2", title: "Emotion", kind: "emotion" },
    ],
  );
  const id = addCard(facilitator, {
    stage: "s2",
    lane: "l1",
    department: "",
    author: "主持人",
    afterPos: null,
    text: "优惠码输入框找不到",
  });
  const teammate = new LoroDoc();
  sync(facilitator, teammate);
  const store = new MapStore(teammate);
  return { facilitator, teammate, store, id };
}

function type(doc: LoroDoc, id: string, more: string): void {
  const text = cardText(doc, id);
  text?.insert(text.length, more);
  doc.commit();
}

describe("cards deleted over one's unseen edits", () => {
  it("keeps a card its teammate typed into offline while someone deleted it, and puts it back", async () => {
    const { facilitator, teammate, store, id } = workshop();
    type(teammate, id, "，结账页第二步");
    deleteCard(facilitator, id);
    sync(facilitator, teammate);
    await flush();
    expect(readCard(teammate, id)).toBeNull();
    const lost = store.lostCards.get();
    expect(lost.map((c) => c.text)).toEqual(["优惠码输入框找不到，结账页第二步"]);

    const card = only(lost);
    putCardBack(teammate, card, placed(store, card));
    store.lostCards.forget(id);
    await flush();
    sync(teammate, facilitator);
    for (const doc of [teammate, facilitator]) {
      const card = readCard(doc, id);
      expect(card?.text).toBe("优惠码输入框找不到，结账页第二步");
      expect(card?.placement).toMatchObject({ stage: "s2", lane: "l1" });
      expect(card?.author).toBe("主持人");
    }
    expect(store.lostCards.get()).toEqual([]);
  });

  it("says nothing when the deleter had seen the edit, or when the card was never edited here", async () => {
    const { facilitator, teammate, store, id } = workshop();
    const other = addCard(facilitator, {
      stage: "s1",
      lane: "l1",
      department: "",
      author: "主持人",
      afterPos: null,
      text: "Other",
    });
    type(teammate, id, " — seen");
    sync(facilitator, teammate);
    sync(teammate, facilitator);
    deleteCard(facilitator, id);
    deleteCard(facilitator, other);
    sync(facilitator, teammate);
    await flush();
    expect(readCard(teammate, id)).toBeNull();
    expect(store.lostCards.get()).toEqual([]);
  });

  it("puts one's version beside the card the deleter's undo brought back, never over it", async () => {
    const { facilitator, teammate, store, id } = workshop();
    const undo = new UndoManager(facilitator, {});
    type(teammate, id, " (offline)");
    deleteCard(facilitator, id);
    sync(facilitator, teammate);
    await flush();
    const lost = only(store.lostCards.get());
    undo.undo();
    sync(facilitator, teammate);
    await flush();
    // The undo brings back the card as the facilitator last saw it.
    expect(readCard(teammate, id)?.text).toBe("优惠码输入框找不到");
    const beside = putCardBack(teammate, lost, placed(store, lost));
    sync(teammate, facilitator);
    expect(beside).not.toBe(id);
    expect(readCard(facilitator, id)?.text).toBe("优惠码输入框找不到");
    expect(readCard(facilitator, beside)?.text).toBe("优惠码输入框找不到 (offline)");
    expect(readCard(facilitator, beside)?.placement).toMatchObject({ stage: "s2", lane: "l1" });
  });

  it("finds the card when its deletion and the deleter's undo arrive together", async () => {
    const { facilitator, teammate, store, id } = workshop();
    const undo = new UndoManager(facilitator, {});
    type(teammate, id, "，第二步");
    deleteCard(facilitator, id);
    undo.undo();
    sync(facilitator, teammate);
    await flush();
    // The card is there again — the facilitator's version — and this screen's words are offered.
    expect(readCard(teammate, id)?.text).toBe("优惠码输入框找不到");
    expect(only(store.lostCards.get()).text).toBe("优惠码输入框找不到，第二步");
  });

  it("puts a card whose stage is gone into the first stage's card lane", () => {
    const { store, id } = workshop();
    const card = store.getView().cards[id];
    if (!card) throw new Error("the card is on the board");
    const moved = { ...card, id: "lost-1", placement: { stage: "gone", lane: "l1", pos: "a0" } };
    expect(placementFor(store.getView(), moved)).toMatchObject({ stage: "s1", lane: "l1" });
    const noLane = { ...card, id: "lost-2", placement: { stage: "s2", lane: "l2", pos: "a0" } };
    expect(placementFor(store.getView(), noLane)).toMatchObject({ stage: "s2", lane: "l1" });
  });
});

/**
 * A teammate typed offline, then reloaded the page: the new page's document restores the kept
 * edits (a history of another peer) before the room joins; `host` is what the host had then.
 */
function reloaded(teammate: LoroDoc): { doc: LoroDoc; restored: RestoredEdits } {
  const doc = new LoroDoc();
  doc.import(teammate.export({ mode: "snapshot" }));
  return { doc, restored: { version: doc.oplogVersion(), frontiers: doc.frontiers() } };
}

describe("cards deleted over edits kept from before a reload", () => {
  it("finds the card someone deleted while the page was reloaded with words typed offline", async () => {
    const { facilitator, teammate, id } = workshop();
    type(teammate, id, "，离线时补充的");
    const { doc, restored } = reloaded(teammate);
    deleteCard(facilitator, id);
    const host = facilitator.oplogVersion();
    // The join brings the deletion before anything listens to the new document.
    sync(facilitator, doc);
    expect(readCard(doc, id)).toBeNull();
    const { lost } = lostSinceRestore(doc, restored, host);
    expect(lost.map((c) => c.text)).toEqual(["优惠码输入框找不到，离线时补充的"]);
    expect(only(lost).placement).toMatchObject({ stage: "s2", lane: "l1" });
  });

  it("says nothing when the host had the words, the card was not edited, or this page deleted it", () => {
    const { facilitator, teammate, id } = workshop();
    const other = addCard(teammate, {
      stage: "s1",
      lane: "l1",
      department: "",
      author: "小王",
      afterPos: null,
      text: "Kept only here",
    });
    type(teammate, id, " — sent");
    sync(teammate, facilitator);
    const { doc, restored } = reloaded(teammate);
    // The deleter had seen the words: the host had them before this page joined.
    deleteCard(facilitator, id);
    const host = facilitator.oplogVersion();
    sync(facilitator, doc);
    expect(lostSinceRestore(doc, restored, host)).toMatchObject({ lost: [] });

    // Nor when the deleter had received the restored words before deleting, even though the
    // host lacked them when this page first joined.
    const late = workshop();
    type(late.teammate, late.id, "，发出去了");
    const sent = reloaded(late.teammate);
    const atJoin = late.facilitator.oplogVersion();
    sync(sent.doc, late.facilitator);
    deleteCard(late.facilitator, late.id);
    sync(late.facilitator, sent.doc);
    expect(readCard(sent.doc, late.id)).toBeNull();
    expect(lostSinceRestore(sent.doc, sent.restored, atJoin)).toMatchObject({ lost: [] });

    // This page's own deletion after the reload is no loss either.
    const second = workshop();
    type(second.teammate, second.id, "，再改一次");
    const again = reloaded(second.teammate);
    deleteCard(again.doc, second.id);
    const own = lostSinceRestore(again.doc, again.restored, second.facilitator.oplogVersion());
    expect([...own.edited.keys()]).toEqual([second.id]);
    expect(own.lost).toEqual([]);
    expect(readCard(doc, other)?.text).toBe("Kept only here");
  });

  it("notes the earlier session's edits, so a deletion arriving after the board opened is caught", async () => {
    const { facilitator, teammate, id } = workshop();
    type(teammate, id, "，还没发出去");
    const { doc, restored } = reloaded(teammate);
    const host = facilitator.oplogVersion();
    const store = new MapStore(doc);
    const { edited, lost } = lostSinceRestore(doc, restored, host);
    expect([...edited.keys()]).toEqual([id]);
    expect(lost).toEqual([]);
    store.lostCards.noteEarlierSession(edited);
    deleteCard(facilitator, id);
    sync(facilitator, doc);
    await flush();
    expect(only(store.lostCards.get()).text).toBe("优惠码输入框找不到，还没发出去");
  });
});
