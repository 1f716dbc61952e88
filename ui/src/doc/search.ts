// Search over card text: substring matching (works for Chinese, which has no word breaks),
// case-insensitive for Latin letters, width-insensitive (NFKC) and script-insensitive (Simplified
// and Traditional characters match each other, scriptFold.ts), in board order.
import { foldScript } from "./scriptFold";
import type { MapView } from "./store";
import { cellKey } from "./store";

export function normalise(s: string): string {
  return foldScript(s.normalize("NFKC").toLowerCase());
}

/**
 * Normalised card texts, by text: a search re-runs on every keystroke over every card, and on a
 * large map most texts are the same from one keystroke to the next. Emptied when it grows past
 * the limit, so texts that were edited away do not pile up.
 */
const CACHE_LIMIT = 20_000;
const cache = new Map<string, string>();

function normalisedText(text: string): string {
  let n = cache.get(text);
  if (n === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    n = normalise(text);
    cache.set(text, n);
  }
  return n;
}

/** A query normalised once, to test many texts. Null for a blank query, which matches nothing. */
function compile(query: string): string | null {
  const q = normalise(query.trim());
  return q === "" ? null : q;
}

export function matches(text: string, query: string): boolean {
  const q = compile(query);
  return q !== null && normalisedText(text).includes(q);
}

/** Ids of the visible cards whose text matches, by stage, then lane, then position in the cell. */
export function searchCards(view: Pick<MapView, "stages" | "lanes" | "cells">, query: string) {
  const out: string[] = [];
  const q = compile(query);
  if (q === null) return out;
  for (const s of view.stages)
    for (const l of view.lanes)
      for (const c of view.cells.get(cellKey(s.id, l.id)) ?? [])
        if (normalisedText(c.text).includes(q)) out.push(c.id);
  return out;
}
