// One cell (stage × lane) of a card lane: its cards in position order, an "Add card" button, and
// the drop target of card drags (the drop lands between the neighbours under the pointer). When the
// map holds as many cards as it may, the button says so in its tooltip and a click says it aloud
// (boardActions `add` refuses and reports the limit) instead of adding a card.
import { Fragment, memo, useContext, useEffect, useRef, useState } from "react";
import { cellKey } from "../../doc/store";
import { useMapSlice } from "../../hooks/mapSlice";
import { useTranslation } from "../../i18n/useTranslation";
import { boardDrag, dropIndex } from "../board/BoardDrag";
import type { BoardActions } from "../board/boardActions";
import { useReadOnly } from "../shared/readOnly";
import type { CardHandlers } from "./CardView";
import { CardView } from "./CardView";
import { CardElementsContext } from "./cardElements";
import {
  CARDS_PER_STEP,
  type CellWindow,
  CellWindowContext,
  nextStep,
  PENDING_CARD_PX,
  PENDING_CELL_PX,
  useDrawnNearView,
} from "./cellWindow";

interface Props {
  stageId: string;
  laneId: string;
  department: string;
  selected: ReadonlySet<string>;
  editingId: string | null;
  hits: ReadonlySet<string>;
  currentHit: string | null;
  actions: BoardActions;
  on: CardHandlers;
  canAdd: boolean;
  /** Why no card can be added (the map is at its card limit), or null. */
  cardLimit: string | null;
  className?: string;
}

const NO_CARDS: never[] = [];

/** The cards of a cell not drawn yet: a block of about their height that asks for them when near. */
function CellTail({ win, count, onNear }: { win: CellWindow; count: number; onNear: () => void }) {
  const [el, setEl] = useState<HTMLDivElement | null>(null);
  const ask = useRef(onNear);
  ask.current = onNear;
  useEffect(() => (el ? win.watch(el, (near) => near && ask.current()) : undefined), [win, el]);
  return <div ref={setEl} className="cell-pending" style={{ height: count * PENDING_CARD_PX }} />;
}

/** Memoised and reading its own cards from the map's store: an edit elsewhere does not redraw it. */
export const CardCell = memo(function CardCell(p: Props) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  const key = cellKey(p.stageId, p.laneId);
  const cards = useMapSlice((v) => v.cells.get(key)) ?? NO_CARDS;
  const votes = useMapSlice((v) => v.votes);
  const answered = useMapSlice((v) => v.answered);
  const [slot, setSlot] = useState<number | null>(null);
  const [el, setEl] = useState<HTMLDivElement | null>(null);
  // On a large board the cell draws its cards only near the view (cellWindow.ts), and always
  // while one of them is selected, edited or the current search hit.
  const win = useContext(CellWindowContext);
  const near = useDrawnNearView(key, el);
  const elements = useContext(CardElementsContext);
  useEffect(() => (elements && el ? elements.addCell(key, el) : undefined), [elements, el, key]);
  // A cell of many cards draws them a screenful at a time as its tail comes near.
  const [limit, setLimit] = useState(() => win?.firstStep(key) ?? CARDS_PER_STEP);
  let pinned = -1;
  cards.forEach((c, i) => {
    if (c.id === p.editingId || c.id === p.currentHit || p.selected.has(c.id)) pinned = i;
  });
  const drawn = near || slot !== null || pinned >= 0;
  useEffect(() => {
    if (!drawn) setLimit(CARDS_PER_STEP);
  }, [drawn]);
  const shown = !drawn
    ? 0
    : win
      ? Math.min(cards.length, Math.max(limit, pinned + 1))
      : cards.length;
  const add = () => {
    const last = cards[cards.length - 1];
    const id = p.actions.add(p.stageId, p.laneId, p.department, last?.placement?.pos ?? null);
    if (id === null) return;
    p.on.select(id, false);
    p.on.edit(id);
  };
  const cardEls = (cell: HTMLElement) =>
    Array.from(cell.querySelectorAll("[data-testid='card']")).filter(
      (c) => !dragged().includes(c.getAttribute("data-card-id") ?? ""),
    );
  const dragged = () => {
    const d = boardDrag.get();
    return d.kind === "cards" ? d.ids : [];
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target; keyboard users move cards from the inspector-free cell focus
    <div
      ref={setEl}
      className={`${cards.length === 0 ? "cell empty" : "cell"}${slot !== null ? " drop-over" : ""}${drawn ? "" : " pending"} ${p.className ?? ""}`}
      data-testid="cell"
      data-stage-id={p.stageId}
      data-lane-id={p.laneId}
      tabIndex={-1}
      onDragOver={(e) => {
        if (boardDrag.get().kind !== "cards" || !p.canAdd || readOnly) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "move";
        setSlot(dropIndex(cardEls(e.currentTarget), e.clientY, "y"));
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setSlot(null);
      }}
      onDrop={(e) => {
        setSlot(null);
        const d = boardDrag.take("cards");
        if (!d) return;
        e.preventDefault();
        const rest = cards.filter((c) => !d.ids.includes(c.id));
        const i = dropIndex(cardEls(e.currentTarget), e.clientY, "y");
        const before = rest[i - 1]?.placement?.pos ?? null;
        const after = rest[i]?.placement?.pos ?? null;
        p.actions.moveCards(d.ids, p.stageId, p.laneId, before, after);
      }}
    >
      {!drawn && (
        <div
          className="cell-pending"
          style={{ height: cards.length * PENDING_CARD_PX + PENDING_CELL_PX }}
        />
      )}
      {drawn &&
        cards.slice(0, shown).map((c, i) => (
          <Fragment key={c.id}>
            {slot === i && <div className="drop-line" />}
            <CardView
              card={c}
              selected={p.selected.has(c.id)}
              toolbar={p.selected.size === 1 && p.selected.has(c.id)}
              editing={p.editingId === c.id}
              votes={votes.get(c.id) ?? 0}
              answeredBy={answered.get(c.id)?.length ?? 0}
              hit={p.currentHit === c.id ? "current" : p.hits.has(c.id) ? "hit" : ""}
              actions={p.actions}
              on={p.on}
            />
          </Fragment>
        ))}
      {slot !== null && slot >= shown && <div className="drop-line" />}
      {drawn && shown < cards.length && win && (
        // Keyed by how many are shown: a new element is observed anew, so a tail still in view
        // after drawing more asks for more again.
        <CellTail
          key={shown}
          win={win}
          count={cards.length - shown}
          onNear={() => setLimit(nextStep(shown))}
        />
      )}
      {drawn && p.canAdd && !readOnly && (
        <button
          type="button"
          className={p.cardLimit ? "add-card at-limit" : "add-card"}
          data-testid="add-card"
          aria-disabled={p.cardLimit ? true : undefined}
          title={p.cardLimit ?? undefined}
          onClick={add}
        >
          + {t("board.addCard")}
        </button>
      )}
    </div>
  );
});
