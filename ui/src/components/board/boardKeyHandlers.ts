// What the board's keys do (BoardKeys.ts listens; this says what each key means on this map):
// Enter edits the selected card of the focused cell or adds one there, Alt+arrows move a card,
// F6 jumps between the card and the inspector. Everything is read from the store and refs when
// the key comes, so the board does not redraw to keep these current.
import type { Dispatch, RefObject, SetStateAction } from "react";
import { keyboardMove } from "../../doc/cardMoves";
import type { MapStore } from "../../doc/store";
import type { CardHandlers } from "../cards/CardView";
import { useBoardKeys } from "./BoardKeys";
import type { BoardActions } from "./boardActions";
import { cardInFocus, focusCard, focusInspector, inInspector } from "./paneJump";

export interface BoardKeyContext {
  store: MapStore;
  actions: BoardActions;
  on: CardHandlers;
  scrollRef: RefObject<HTMLElement | null>;
  readOnlyRef: RefObject<boolean>;
  selRef: RefObject<ReadonlySet<string>>;
  setSelected: Dispatch<SetStateAction<ReadonlySet<string>>>;
  startEdit: (id: string) => void;
  /** Lanes folded away: Alt+arrows skip them. */
  collapsed: ReadonlySet<string>;
  onSearch: () => void;
  onHelp: () => void;
  /** The card F6 left for the inspector, which the next F6 returns to. */
  jumpedFrom: RefObject<string | null>;
}

export function useBoardKeyHandlers(k: BoardKeyContext): void {
  const { store, actions, scrollRef, readOnlyRef, selRef, setSelected, jumpedFrom } = k;
  useBoardKeys(scrollRef, {
    stageIds: () => store.getView().stages.map((s) => s.id),
    laneIds: () => store.getView().lanes.map((l) => l.id),
    onSearch: k.onSearch,
    onEscape: () => setSelected(new Set()),
    onDelete: () => {
      if (readOnlyRef.current || selRef.current.size === 0) return false;
      k.on.removeSelection();
      return true;
    },
    onEnterCell: (stageId, laneId) => {
      if (readOnlyRef.current) return;
      const v = store.getView();
      const lane = v.lanes.find((l) => l.id === laneId);
      if (!lane || (lane.kind !== "cards" && lane.kind !== "department")) return;
      const cell = v.cells.get(`${stageId}\u0000${laneId}`) ?? [];
      const sel = cell.find((c) => selRef.current.has(c.id));
      if (sel) return k.startEdit(sel.id);
      const id = actions.add(stageId, laneId, lane.department, cell.at(-1)?.placement?.pos ?? null);
      if (id === null) return;
      setSelected(new Set([id]));
      k.startEdit(id);
    },
    onMoveCard: (focused, stageStep, laneStep) => {
      const v = store.getView();
      const sel = selRef.current;
      const id = focused ?? (sel.size === 1 ? [...sel][0] : undefined);
      if (!id || !v.cards[id]) return false;
      if (readOnlyRef.current) return true;
      const cardLanes = v.lanes
        .filter((l) => (l.kind === "cards" || l.kind === "department") && !k.collapsed.has(l.id))
        .map((l) => l.id);
      const to = keyboardMove(v, cardLanes, id, { stages: stageStep, lanes: laneStep });
      if (to) actions.moveCards([id], to.stage, to.lane, to.before, to.after);
      if (!sel.has(id)) setSelected(new Set([id]));
      // The card is drawn anew in its new cell: give it the focus again there.
      requestAnimationFrame(() => scrollRef.current && focusCard(scrollRef.current, id));
      return true;
    },
    onPaneJump: () => {
      const board = scrollRef.current;
      const active = document.activeElement;
      if (!board) return false;
      const sel = selRef.current;
      if (inInspector(active)) {
        const back = jumpedFrom.current && sel.has(jumpedFrom.current) ? jumpedFrom.current : null;
        const id = back ?? [...sel][0];
        return id ? focusCard(board, id) : false;
      }
      if (active && active !== document.body && !board.contains(active)) return false;
      const id = cardInFocus(board, active, sel);
      if (!id || !store.getView().cards[id]) return false;
      jumpedFrom.current = id;
      if (!sel.has(id)) setSelected(new Set([id]));
      // The inspector shows once the selection is drawn.
      requestAnimationFrame(() => focusInspector());
      return true;
    },
    onHelp: k.onHelp,
  });
}
