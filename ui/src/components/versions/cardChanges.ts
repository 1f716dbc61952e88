// The board's highlights while it compares with a saved version: per card id, whether the card
// is new, edited or moved since. Provided around the board by whoever compares (App); a board
// without a provider highlights nothing.
import { createContext, useContext } from "react";
import type { MapChanges } from "../../wire/MapChanges";

export type CardChangeKind = "added" | "edited" | "moved";

export const CardChangesContext = createContext<ReadonlyMap<string, CardChangeKind> | null>(null);

export function useCardChange(id: string): CardChangeKind | null {
  return useContext(CardChangesContext)?.get(id) ?? null;
}

/** One mark per card: new before edited before moved (an edited card that also moved is edited). */
export function cardChangeKinds(changes: MapChanges): Map<string, CardChangeKind> {
  const out = new Map<string, CardChangeKind>();
  for (const c of changes.cards_moved) out.set(c.id, "moved");
  for (const c of changes.cards_edited) out.set(c.id, "edited");
  for (const c of changes.cards_added) out.set(c.id, "added");
  return out;
}
