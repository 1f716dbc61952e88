// One sticky note: its text on its colour, with a confidence badge, tags and votes. Click selects
// (Shift/Ctrl/Cmd-click adds to the selection), double-click or Enter edits, Escape leaves, Delete
// removes the selection; it can be dragged to another cell. Memoised so only changed cards re-render.
// A long text shows its first lines and a "more" button that opens the card in the inspector.

import { memo, useCallback, useContext } from "react";
import type { CardColor, CardRec } from "../../doc/schema";
import { CARD_COLORS } from "../../doc/schema";
import { useTranslation } from "../../i18n/useTranslation";
import { useCardPresence } from "../../presence/context";
import { EditedBy } from "../../presence/EditedBy";
import { boardDrag } from "../board/BoardDrag";
import type { BoardActions } from "../board/boardActions";
import { useReadOnly } from "../shared/readOnly";
import { useCardChange } from "../versions/cardChanges";
import { CardBallot } from "../voting/CardBallot";
import { CardEditor } from "./CardEditor";
import { CardToolbar } from "./CardToolbar";
import { useClamped } from "./cardClamp";
import { cardControlAt } from "./cardControls";
import { CardElementsContext } from "./cardElements";

export interface CardHandlers {
  /** additive: Shift/Ctrl/Cmd held. */
  select(id: string, additive: boolean): void;
  edit(id: string | null): void;
  /** Deletes the current selection (asks nothing: one undo step brings it back). */
  removeSelection(): void;
  colorSelection(c: CardColor): void;
  /** The ids a drag starting on this card carries (the selection if the card is in it). */
  dragIds(id: string): string[];
}

interface Props {
  card: CardRec;
  selected: boolean;
  /** Show the colour/delete toolbar (only when this card alone is selected). */
  toolbar: boolean;
  editing: boolean;
  votes: number;
  /** How many actions of the plan answer this card. */
  answeredBy: number;
  hit: "" | "hit" | "current";
  actions: BoardActions;
  on: CardHandlers;
}

function colorClass(c: string): string {
  return (CARD_COLORS as readonly string[]).includes(c) ? `card-color-${c}` : "card-color-yellow";
}

const BADGE: Record<string, string> = { assumption: "?", partial: "½", backed: "✓" };

export const CardView = memo(function CardView({
  card,
  selected,
  toolbar,
  editing,
  votes,
  answeredBy,
  hit,
  actions,
  on,
}: Props) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  const presence = useCardPresence();
  const change = useCardChange(card.id);
  const cls = `card ${colorClass(card.color)}${selected ? " selected" : ""}${hit ? ` search-${hit}` : ""}${change ? ` changed changed-${change}` : ""}`;
  const conf = BADGE[card.confidence] ? card.confidence : "assumption";
  // The text element is in the page only while the card is not being edited.
  const [clamped, textRef] = useClamped(card.text);
  const elements = useContext(CardElementsContext);
  const register = useCallback(
    (el: HTMLDivElement | null) => (el && elements ? elements.add(card.id, el) : undefined),
    [elements, card.id],
  );
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: double-click is a pointer shortcut; Enter on the card body is the keyboard route
    <div
      ref={register}
      className={cls}
      data-testid="card"
      data-card-id={card.id}
      draggable={!editing && !readOnly}
      onDragStart={(e) => {
        if (editing || readOnly) return;
        boardDrag.start({ kind: "cards", ids: on.dragIds(card.id) }, e);
      }}
      onDragEnd={() => boardDrag.end()}
      onDoubleClick={
        editing || readOnly
          ? undefined
          : (e) => {
              // Two quick clicks on one of the card's own controls (a vote's +) are two clicks
              // on it, not a wish to write.
              if (cardControlAt(e.target)) return;
              on.edit(card.id);
            }
      }
    >
      {editing ? (
        <CardEditor
          doc={actions.doc}
          cardId={card.id}
          onDone={() => on.edit(null)}
          presence={presence}
        />
      ) : (
        <button
          type="button"
          className="card-body"
          aria-label={t("card.label", { text: card.text || t("card.empty") })}
          aria-pressed={selected}
          onClick={(e) => on.select(card.id, e.shiftKey || e.ctrlKey || e.metaKey)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              e.stopPropagation();
              on.select(card.id, false);
              if (!readOnly) on.edit(card.id);
            } else if ((e.key === "Delete" || e.key === "Backspace") && selected && !readOnly) {
              e.preventDefault();
              e.stopPropagation();
              on.removeSelection();
            }
          }}
        >
          {card.text ? (
            <span ref={textRef} className="card-text" data-testid="card-text">
              {card.text}
            </span>
          ) : (
            <span className="card-placeholder">{t("card.empty")}</span>
          )}
        </button>
      )}
      {clamped && !editing && (
        <button
          type="button"
          className="card-more"
          data-testid="card-more"
          aria-label={t("card.moreLabel")}
          onClick={() => on.select(card.id, false)}
        >
          {t("card.more")}
        </button>
      )}
      {!editing && (
        <div className="card-meta">
          <span
            className={`card-badge conf-${conf}`}
            data-testid="confidence-badge"
            data-confidence={conf}
            title={t(`board.confidence.${conf}`)}
          >
            {BADGE[conf]}
          </span>
          {card.tags.slice(0, 3).map((tag) => (
            <span key={tag} className="card-tag">
              #{tag}
            </span>
          ))}
          {votes > 0 && (
            <span className="card-votes" title={t("board.inspector.votes", { count: votes })}>
              ● {votes}
            </span>
          )}
          {answeredBy > 0 && (
            <span
              className="card-action-badge"
              data-testid="card-action-badge"
              title={t("actions.badge", { count: answeredBy })}
            >
              {t("actions.badgeShort", { count: answeredBy })}
            </span>
          )}
          {change && (
            <span className={`card-change card-change-${change}`} data-testid="card-change">
              {t(`versions.badge.${change}`)}
            </span>
          )}
          {card.author && <span className="card-author">{card.author}</span>}
          {card.placement && (
            <CardBallot cardId={card.id} laneId={card.placement.lane} cardText={card.text} />
          )}
        </div>
      )}
      <EditedBy cardId={card.id} />
      {toolbar && !editing && !readOnly && (
        <CardToolbar color={card.color} onColor={on.colorSelection} onDelete={on.removeSelection} />
      )}
    </div>
  );
});
