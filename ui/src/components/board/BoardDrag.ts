// The board's drag interaction as one small state machine: idle → dragging (cards, a stage or a
// lane) → idle on drop or cancel. HTML drag-and-drop carries no typed payload across elements, so
// the payload lives here; only one drag can run in a window at a time.
export type DragState =
  | { kind: "idle" }
  | { kind: "cards"; ids: string[] }
  | { kind: "stage"; id: string }
  | { kind: "lane"; id: string };

let state: DragState = { kind: "idle" };

export const boardDrag = {
  get: (): DragState => state,
  start(next: Exclude<DragState, { kind: "idle" }>, e: React.DragEvent): void {
    state = next;
    e.dataTransfer.effectAllowed = "move";
    // Firefox starts a drag only with some data set.
    e.dataTransfer.setData("text/plain", next.kind === "cards" ? next.ids.join(",") : next.id);
  },
  end(): void {
    state = { kind: "idle" };
  },
  /** Takes the payload of a drop of the given kind (and ends the drag), or null. */
  take<K extends DragState["kind"]>(kind: K): Extract<DragState, { kind: K }> | null {
    const s = state;
    if (s.kind !== kind) return null;
    state = { kind: "idle" };
    return s as Extract<DragState, { kind: K }>;
  },
};

/** Index of the drop slot among `els` (top-to-bottom or left-to-right) for a pointer at `at`. */
export function dropIndex(els: Element[], at: number, axis: "x" | "y"): number {
  for (let i = 0; i < els.length; i++) {
    const r = (els[i] as Element).getBoundingClientRect();
    const mid = axis === "y" ? r.top + r.height / 2 : r.left + r.width / 2;
    if (at < mid) return i;
  }
  return els.length;
}
