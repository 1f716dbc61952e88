// Which changes of the map the inspector redraws for. The board's inspector shows the selected
// cards, the cards the one selected card links to, the teams of the map's lanes, the actions and
// the votes: a change elsewhere — in a workshop, every other person's keystroke in another card —
// leaves it as it is. Without this, each of those edits redrew the whole card form.
import { useRef } from "react";
import type { MapStore, MapView } from "../../doc/store";
import { useStoreSlice } from "../../hooks/mapSlice";

/**
 * The parts of `view` the inspector reads for `ids`, each as the store keeps it (a card record is
 * replaced when the card changes, a list or table when any of it does).
 */
export function inspectedParts(view: MapView, ids: readonly string[]): unknown[] {
  const parts: unknown[] = [view.lanes, view.actions, view.answered, view.votes];
  for (const id of ids) {
    const card = view.cards[id];
    parts.push(card);
    if (card && ids.length === 1) for (const linked of card.links) parts.push(view.cards[linked]);
  }
  return parts;
}

function sameParts(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

/**
 * The map's view for the inspector of `ids`: the same view object until a part it reads changes
 * (or the selection does), so a memoised inspector skips every other change.
 */
export function useInspectedView(store: MapStore, ids: readonly string[]): MapView {
  const last = useRef<{ view: MapView; parts: unknown[] } | null>(null);
  return useStoreSlice(store, (view) => {
    const parts = inspectedParts(view, ids);
    if (last.current && sameParts(last.current.parts, parts)) return last.current.view;
    last.current = { view, parts };
    return view;
  });
}
