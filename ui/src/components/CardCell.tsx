// One cell (stage × lane) of a card lane: its cards in position order, an "Add card" button, and
// the drop target of card drags (the drop lands between the neighbours under the pointer). When the
// map holds as many cards as it may, the button says so in its tooltip and a click says it aloud
// (boardActions `add` refuses and reports the limit) instead of adding a card.
import { Fragment, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CardRec } from "../doc/schema";
import { boardDrag, dropIndex } from "./BoardDrag";
import type { BoardActions } from "./boardActions";
import type { CardHandlers } from "./CardView";
import { CardView } from "./CardView";
import { useReadOnly } from "./readOnly";

interface Props {
  stageId: string;
  laneId: string;
  department: string;
  cards: CardRec[] | undefined;
  selected: ReadonlySet<string>;
  editingId: string | null;
  votes: Map<string, number>;
  hits: ReadonlySet<string>;
  currentHit: string | null;
  actions: BoardActions;
  on: CardHandlers;
  canAdd: boolean;
  /** Why no card can be added (the map is at its card limit), or null. */
  cardLimit: string | null;
  className?: string;
}

export function CardCell(p: Props) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  const cards = p.cards ?? [];
  const [slot, setSlot] = useState<number | null>(null);
  const add = () => {
    const last = cards[cards.length - 1];
    const id = p.actions.add(p.stageId, p.laneId, p.department, last?.placement?.pos ?? null);
    if (id === null) return;
    p.on.select(id, false);
    p.on.edit(id);
  };
  const cardEls = (el: HTMLElement) =>
    Array.from(el.querySelectorAll("[data-testid='card']")).filter(
      (c) => !dragged().includes(c.getAttribute("data-card-id") ?? ""),
    );
  const dragged = () => {
    const d = boardDrag.get();
    return d.kind === "cards" ? d.ids : [];
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target; keyboard users move cards from the inspector-free cell focus
    <div
      className={`${cards.length === 0 ? "cell empty" : "cell"}${slot !== null ? " drop-over" : ""} ${p.className ?? ""}`}
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
      {cards.map((c, i) => (
        <Fragment key={c.id}>
          {slot === i && <div className="drop-line" />}
          <CardView
            card={c}
            selected={p.selected.has(c.id)}
            toolbar={p.selected.size === 1 && p.selected.has(c.id)}
            editing={p.editingId === c.id}
            votes={p.votes.get(c.id) ?? 0}
            hit={p.currentHit === c.id ? "current" : p.hits.has(c.id) ? "hit" : ""}
            actions={p.actions}
            on={p.on}
          />
        </Fragment>
      ))}
      {slot !== null && slot >= cards.length && <div className="drop-line" />}
      {p.canAdd && !readOnly && (
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
}
