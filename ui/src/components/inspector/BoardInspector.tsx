// The inspector beside the board, reading the open map itself: the board above it does not read
// the cards, so that typing into a card redraws only that card's cell and this panel.
import { useMapSlice } from "../../hooks/mapSlice";
import { Inspector, type InspectorProps } from "./Inspector";

export function BoardInspector(props: Omit<InspectorProps, "view">) {
  const view = useMapSlice((v) => v);
  return <Inspector {...props} view={view} />;
}
