// Search over card text: substring matching (works for Chinese, which has no word breaks),
// case-insensitive for Latin letters and width-insensitive (NFKC), in board order.
import type { MapView } from "./store";
import { cellKey } from "./store";

export function normalise(s: string): string {
  return s.normalize("NFKC").toLowerCase();
}

export function matches(text: string, query: string): boolean {
  const q = normalise(query.trim());
  return q !== "" && normalise(text).includes(q);
}

/** Ids of the visible cards whose text matches, by stage, then lane, then position in the cell. */
export function searchCards(view: Pick<MapView, "stages" | "lanes" | "cells">, query: string) {
  const out: string[] = [];
  if (!query.trim()) return out;
  for (const s of view.stages)
    for (const l of view.lanes)
      for (const c of view.cells.get(cellKey(s.id, l.id)) ?? [])
        if (matches(c.text, query)) out.push(c.id);
  return out;
}
