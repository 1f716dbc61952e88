// The inspector beside the board, reading the open map itself: the board above it does not read
// the cards, so that typing into a card redraws only that card's cell and this panel — and this
// panel only when the change is to something it shows (inspectedView.ts).
//
// The panel follows the map a moment behind (React's deferred value): a keystroke's own task and
// frame hold the card being typed into, and the panel's redraw — its text, tags, links and actions
// for the selected card — runs after it, yielding to the next key. Card records are read from the
// store's one card table, which is current in both; only after a checkout (which reads the whole map
// into a new table) can the deferred view lack a selected card, and then the panel uses the map as
// it is now rather than show nothing.
import { memo, useDeferredValue } from "react";
import { useMapStore } from "../../hooks/mapSlice";
import { Inspector, type InspectorProps } from "./Inspector";
import { useInspectedView } from "./inspectedView";

const MemoInspector = memo(Inspector);

export function BoardInspector(props: Omit<InspectorProps, "view">) {
  const view = useInspectedView(useMapStore(), props.ids);
  const deferred = useDeferredValue(view);
  const shown = props.ids.every((id) => deferred.cards[id] !== undefined) ? deferred : view;
  return <MemoInspector {...props} view={shown} />;
}
