// Every write the board makes to a map document, each as one commit, following map-document.md
// (child containers created together with their card, placement written as one plain value).
import { generateKeyBetween } from "fractional-indexing";
import type { LoroDoc } from "loro-crdt";
import { LoroList, LoroMap, LoroText } from "loro-crdt";
import { participantEntry } from "./contributors";
import type { CardColor, CardRec, Placement, Rater } from "./schema";
import { EMOTION_MAX, EMOTION_MIN, emotionKey, MAX_CARD_TEXT, ROOT } from "./schema";
import { textHead } from "./textLength";

/** Random card id. Not crypto.randomUUID: teammates open the host over the LAN (plain http, not a
 * secure context), where randomUUID is missing but getRandomValues works. */
export function newId(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

export interface NewCard {
  stage: string;
  lane: string;
  department: string;
  author: string;
  /** Position of the last card in the cell, or null for an empty cell. */
  afterPos: string | null;
  color?: CardColor;
  text?: string;
}

export function addCard(doc: LoroDoc, c: NewCard, id = newId()): string {
  writeCard(doc, c, id);
  doc.commit();
  return id;
}

/** Writes a new card without committing, for a commit that also does something else. */
export function writeCard(doc: LoroDoc, c: NewCard, id = newId()): string {
  const card = doc.getMap(ROOT.cards).setContainer(id, new LoroMap());
  const text = card.setContainer("text", new LoroText());
  if (c.text) text.insert(0, textHead(c.text, MAX_CARD_TEXT));
  card.setContainer("tags", new LoroList());
  card.setContainer("links", new LoroList());
  card.set("color", c.color ?? "yellow");
  card.set("confidence", "assumption");
  card.set("department", c.department);
  card.set("author", c.author);
  card.set("created_at", Date.now());
  card.set("placement", {
    stage: c.stage,
    lane: c.lane,
    pos: generateKeyBetween(c.afterPos, null),
  });
  return id;
}

/**
 * Puts back a card someone else deleted over this screen's unseen edits (doc/lostCards.ts), as
 * this screen last showed it, in one commit: under its own id (links to it hold again) while the
 * id is free, at `placement`. If someone brought the card back meanwhile (the deleter's undo, or
 * a teammate who had lost words in it too), that card is left as it is and this one goes beside
 * it under a new id: two versions to merge by hand rather than one person's words overwritten.
 * Returns the id the card has now.
 */
export function putCardBack(doc: LoroDoc, rec: CardRec, placement: Placement): string {
  const cards = doc.getMap(ROOT.cards);
  const id = cards.get(rec.id) === undefined ? rec.id : newId();
  const card = cards.setContainer(id, new LoroMap());
  const text = card.setContainer("text", new LoroText());
  if (rec.text) text.insert(0, textHead(rec.text, MAX_CARD_TEXT));
  for (const key of ["tags", "links"] as const) {
    const list = card.setContainer(key, new LoroList());
    for (const value of rec[key]) list.push(value);
  }
  card.set("color", rec.color);
  card.set("confidence", rec.confidence);
  card.set("department", rec.department);
  card.set("author", rec.author);
  card.set("created_at", rec.createdAt);
  if (rec.example) card.set("example", true);
  card.set("placement", { ...placement });
  doc.commit();
  return id;
}

export function deleteCard(doc: LoroDoc, id: string): void {
  doc.getMap(ROOT.cards).delete(id);
  doc.commit();
}

function cardMap(doc: LoroDoc, id: string): LoroMap | null {
  const v = doc.getMap(ROOT.cards).get(id);
  return v instanceof LoroMap ? v : null;
}

export function setCardColor(doc: LoroDoc, id: string, color: CardColor): void {
  const m = cardMap(doc, id);
  if (!m) return;
  m.set("color", color);
  doc.commit();
}

/**
 * One person's rating of a stage, keyed by their id (two people called Alice never overwrite each
 * other); their name and colour are recorded in `participants` in the same commit.
 */
export function rateEmotion(
  doc: LoroDoc,
  stageId: string,
  laneId: string,
  rater: Rater,
  score: number,
): void {
  const s = Math.max(EMOTION_MIN, Math.min(EMOTION_MAX, Math.round(score)));
  doc.getMap(ROOT.participants).set(rater.id, participantEntry(rater));
  doc.getMap(ROOT.emotions).set(emotionKey(stageId, laneId, rater.id), s);
  doc.commit();
}

/** The card's text container, which the card editor edits in place; null if the card is gone. */
export function cardText(doc: LoroDoc, id: string): LoroText | null {
  const text = cardMap(doc, id)?.get("text");
  return text instanceof LoroText && !text.isDeleted() ? text : null;
}
