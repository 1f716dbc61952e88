// The parking lot (`parking`: id → map, docs/map-document.md): topics raised in a workshop and set
// aside to come back to; the PDF report lists them. A topic is written whole in one commit, its
// text container with it (two peers creating it lazily would lose one side); its text is then
// changed in place through that container (`LoroText.update` writes only the difference), so two
// people correcting the same topic keep both edits. The host refuses topics past the limits below
// (crates/model/src/parking_lot.rs).
import type { LoroDoc } from "loro-crdt";
import { LoroMap, LoroText } from "loro-crdt";
import {
  MAX_PARKING_ITEMS_PER_MAP,
  MAX_PARKING_TEXT_CHARS,
  MAX_PERSON_NAME_CHARS,
} from "../wire/limits";
import { newId } from "./actions";
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

/**
 * Changes a topic's text; false (nothing written) when it is blank (a topic is removed, not
 * emptied) or the topic is gone.
 */
export function setParkedText(doc: LoroDoc, id: string, text: string): boolean {
  const item = doc.getMap(ROOT.parking).get(id);
  const value = textHead(text.trim(), MAX_PARKING_TEXT_CHARS);
  if (!(item instanceof LoroMap) || !value) return false;
  const current = item.get("text");
  if (current instanceof LoroText) {
    if (current.toString() === value) return true;
    current.update(value);
  } else {
    // Written by hand as a plain string: replaced by a text container.
    item.setContainer("text", new LoroText()).insert(0, value);
  }
  doc.commit();
  return true;
}

export function unparkTopic(doc: LoroDoc, id: string): void {
  const parking = doc.getMap(ROOT.parking);
  if (parking.get(id) === undefined) return;
  parking.delete(id);
  doc.commit();
}
