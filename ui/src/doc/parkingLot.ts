// The parking lot (`parking`: id → map, docs/map-document.md): topics raised in a workshop and set
// aside to come back to; the PDF report lists them. A topic is written whole in one commit, its
// text container with it (two peers creating it lazily would lose one side); its text is then
// changed in place through that container, so two people correcting the same topic keep both
// edits. A correction is typed in a field and written when the person is done: it is applied as
// the change they made to the text they started from (`TextBase`), placed with Loro cursors in the
// text as it is now, so an edit that arrived meanwhile is kept rather than written over. The host
// refuses topics past the limits below (crates/model/src/parking_lot.rs).
import type { Frontiers, LoroDoc } from "loro-crdt";
import { LoroMap, LoroText } from "loro-crdt";
import {
  MAX_PARKING_ITEMS_PER_MAP,
  MAX_PARKING_TEXT_CHARS,
  MAX_PERSON_NAME_CHARS,
} from "../wire/limits";
import { type NewCard, newId, writeCard } from "./actions";
import { ROOT } from "./schema";
import { textHead } from "./textLength";

/** One parked topic as the parking lot shows it. */
export interface ParkedTopic {
  id: string;
  text: string;
  author: string;
  createdAt: number;
}

/** The parked topics, oldest first (as the report lists them). */
export function readParkingLot(doc: LoroDoc): ParkedTopic[] {
  const parking = doc.getMap(ROOT.parking);
  const out: ParkedTopic[] = [];
  for (const id of parking.keys()) {
    const item = parking.get(id);
    if (!(item instanceof LoroMap)) continue;
    const text = item.get("text");
    const author = item.get("author");
    const createdAt = item.get("created_at");
    out.push({
      id,
      text: text instanceof LoroText ? text.toString() : typeof text === "string" ? text : "",
      author: typeof author === "string" ? author : "",
      createdAt: typeof createdAt === "number" ? createdAt : 0,
    });
  }
  return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Whether the parking lot can take one more topic. */
export function parkingLotHasRoom(doc: LoroDoc): boolean {
  return doc.getMap(ROOT.parking).size < MAX_PARKING_ITEMS_PER_MAP;
}

/** Parks a topic; its id, or null (nothing written) when the text is blank or the lot full. */
export function parkTopic(doc: LoroDoc, text: string, author: string, id = newId()): string | null {
  const value = textHead(text.trim(), MAX_PARKING_TEXT_CHARS);
  if (!value || !parkingLotHasRoom(doc)) return null;
  const item = doc.getMap(ROOT.parking).setContainer(id, new LoroMap());
  item.setContainer("text", new LoroText()).insert(0, value);
  item.set("author", textHead(author, MAX_PERSON_NAME_CHARS));
  item.set("created_at", Date.now());
  doc.commit();
  return id;
}

/** A topic's text when someone started correcting it, and the document's point then. */
export interface TextBase {
  text: string;
  frontiers: Frontiers;
}

export function parkedTextBase(doc: LoroDoc, id: string): TextBase | null {
  const text = topicText(doc, id);
  return text instanceof LoroText ? { text: text.toString(), frontiers: doc.frontiers() } : null;
}

function topicText(doc: LoroDoc, id: string): unknown {
  const item = doc.getMap(ROOT.parking).get(id);
  return item instanceof LoroMap ? item.get("text") : undefined;
}

/**
 * Changes a topic's text to `text`, made from `base` (what the person saw when they started);
 * false (nothing written) when it is blank (a topic is removed, not emptied) or the topic is gone.
 */
export function setParkedText(
  doc: LoroDoc,
  id: string,
  text: string,
  base?: TextBase | null,
): boolean {
  const item = doc.getMap(ROOT.parking).get(id);
  const value = textHead(text.trim(), MAX_PARKING_TEXT_CHARS);
  if (!(item instanceof LoroMap) || !value) return false;
  const current = item.get("text");
  if (!(current instanceof LoroText)) {
    // Written by hand as a plain string: replaced by a text container.
    item.setContainer("text", new LoroText()).insert(0, value);
  } else if (!base || base.text === current.toString()) {
    if (current.toString() === value) return true;
    current.update(value);
  } else if (base.text === value) {
    // This person changed nothing; what arrived meanwhile stays.
    return true;
  } else {
    applyOnto(doc, current, base, value);
  }
  doc.commit();
  return true;
}

/** The one stretch of `base` that `next` replaced, in UTF-16 units, never splitting a pair. */
export function oneChange(
  base: string,
  next: string,
): { from: number; to: number; inserted: string } {
  const max = Math.min(base.length, next.length);
  let from = 0;
  while (from < max && base.charCodeAt(from) === next.charCodeAt(from)) from++;
  if (from > 0 && isHighSurrogate(base.charCodeAt(from - 1))) from--;
  let tail = 0;
  while (
    tail < max - from &&
    base.charCodeAt(base.length - 1 - tail) === next.charCodeAt(next.length - 1 - tail)
  ) {
    tail++;
  }
  if (tail > 0 && isLowSurrogate(base.charCodeAt(base.length - tail))) tail--;
  return { from, to: base.length - tail, inserted: next.slice(from, next.length - tail) };
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * Writes the change from `base.text` to `value` into `text` as it is now: the stretch replaced is
 * found again through cursors made on the document as it was at `base.frontiers` (a fork; cursors
 * name characters, not positions), so text others inserted or removed around it stays.
 */
function applyOnto(doc: LoroDoc, text: LoroText, base: TextBase, value: string): void {
  const change = oneChange(base.text, value);
  const fork = doc.forkAt(base.frontiers);
  try {
    const then = fork.getContainerById(text.id);
    if (!(then instanceof LoroText)) {
      text.update(value);
      return;
    }
    const now = (at: number) => {
      if (at >= base.text.length) return text.length;
      const cursor = then.getCursor(at);
      return cursor ? (doc.getCursorPos(cursor)?.offset ?? at) : at;
    };
    const from = now(change.from);
    const to = Math.max(from, now(change.to));
    if (to > from) text.delete(from, to - from);
    if (change.inserted) text.insert(from, change.inserted);
  } finally {
    fork.free();
  }
}

export function unparkTopic(doc: LoroDoc, id: string): void {
  const parking = doc.getMap(ROOT.parking);
  if (parking.get(id) === undefined) return;
  parking.delete(id);
  doc.commit();
}

/**
 * Puts topic `id` back on the board as a card at `card`'s place, in one commit (one undo step
 * brings the topic back and takes the card away): the card holds the topic's text and its author,
 * and the topic leaves the lot. Returns the card's id; null when the topic is gone (taken off or
 * put on the board by someone else meanwhile).
 */
export function topicToCard(
  doc: LoroDoc,
  id: string,
  card: Omit<NewCard, "text" | "author">,
): string | null {
  const topic = readParkingLot(doc).find((t) => t.id === id);
  if (!topic) return null;
  const cardId = writeCard(doc, { ...card, text: topic.text, author: topic.author });
  doc.getMap(ROOT.parking).delete(id);
  doc.commit();
  return cardId;
}
