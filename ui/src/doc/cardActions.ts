// Writes that act on one or several cards at once (a multi-selection is one commit, so one undo
// step): move to a cell position, recolour, delete, and the inspector's fields (tags, team,
// confidence, links). Placement is always written as one plain value (map-document.md).

import { generateNKeysBetween } from "fractional-indexing";
import type { LoroDoc } from "loro-crdt";
import { LoroList, LoroMap } from "loro-crdt";
import { parseCellKey } from "./cellKey";
import { parseHistoryKey } from "./metricHistory";
import type { CardColor, Confidence } from "./schema";
import { ROOT } from "./schema";

function cardMap(doc: LoroDoc, id: string): LoroMap | null {
  const v = doc.getMap(ROOT.cards).get(id);
  return v instanceof LoroMap ? v : null;
}

function list(m: LoroMap, key: string): LoroList | null {
  const v = m.get(key);
  return v instanceof LoroList ? v : null;
}

/** Fractional keys for `n` cards placed between two neighbours' positions (null: open end). */
export function positionsBetween(before: string | null, after: string | null, n: number): string[] {
  // A tie (same pos on both sides, from concurrent inserts) cannot be split: place after it.
  if (before !== null && after !== null && before >= after)
    return generateNKeysBetween(before, null, n);
  return generateNKeysBetween(before, after, n);
}

/** Moves the cards, in the given order, into one cell between two neighbour positions. */
export function moveCards(
  doc: LoroDoc,
  ids: string[],
  stage: string,
  lane: string,
  before: string | null,
  after: string | null,
): void {
  const keys = positionsBetween(before, after, ids.length);
  ids.forEach((id, i) => {
    cardMap(doc, id)?.set("placement", { stage, lane, pos: keys[i] });
  });
  doc.commit();
}

export function colorCards(doc: LoroDoc, ids: string[], color: CardColor): void {
  for (const id of ids) cardMap(doc, id)?.set("color", color);
  doc.commit();
}

export function deleteCards(doc: LoroDoc, ids: string[]): void {
  const cards = doc.getMap(ROOT.cards);
  for (const id of ids) cards.delete(id);
  doc.commit();
}

export function setCardField(
  doc: LoroDoc,
  id: string,
  field: "department" | "confidence",
  value: string | Confidence,
): void {
  const m = cardMap(doc, id);
  if (!m || m.get(field) === value) return;
  m.set(field, value);
  doc.commit();
}

/** Adds a string to a card's `tags` or `links` list unless it is already there. */
export function addToList(doc: LoroDoc, id: string, key: "tags" | "links", value: string): void {
  const m = cardMap(doc, id);
  const l = m ? list(m, key) : null;
  const v = value.trim();
  if (!l || !v || l.toArray().includes(v)) return;
  l.push(v);
  doc.commit();
}

export function removeFromList(
  doc: LoroDoc,
  id: string,
  key: "tags" | "links",
  value: string,
): void {
  const m = cardMap(doc, id);
  const l = m ? list(m, key) : null;
  if (!l) return;
  const arr = l.toArray();
  for (let i = arr.length - 1; i >= 0; i--) if (arr[i] === value) l.delete(i, 1);
  doc.commit();
}

/**
 * Deletes every card, metric (with its dated values), action and saved version marked `example`
 * and the sample participants' emotion ratings (they came with a template), in one commit.
 */
export function clearExamples(doc: LoroDoc): number {
  let n = 0;
  const meta = doc.getMap(ROOT.meta);
  const raters = meta.get("example_raters");
  if (Array.isArray(raters)) {
    const names = new Set(raters.filter((r): r is string => typeof r === "string"));
    const emotions = doc.getMap(ROOT.emotions);
    for (const key of emotions.keys()) {
      const who = parseCellKey(key)?.rest;
      if (who !== undefined && names.has(who)) {
        emotions.delete(key);
        n++;
      }
    }
    meta.delete("example_raters");
  }
  const goneMetrics = new Set<string>();
  for (const root of [ROOT.cards, ROOT.metrics, ROOT.actions, ROOT.versions]) {
    const m = doc.getMap(root);
    for (const id of m.keys()) {
      const v = m.get(id);
      if (v instanceof LoroMap && v.get("example") === true) {
        m.delete(id);
        if (root === ROOT.metrics) goneMetrics.add(id);
        n++;
      }
    }
  }
  // The example metrics' dated values go with them.
  const history = doc.getMap(ROOT.metric_history);
  for (const key of history.keys()) {
    const metric = parseHistoryKey(key)?.metric;
    if (metric !== undefined && goneMetrics.has(metric)) history.delete(key);
  }
  if (n > 0) doc.commit();
  return n;
}
