// One sticky note: its text on its colour; click selects, double-click or Enter edits, Escape
// leaves, Delete/Backspace deletes a selected card. Memoised so only changed cards re-render.
import { memo } from "react";
import { useTranslation } from "react-i18next";
import type { CardColor, CardRec } from "../doc/schema";
import { CARD_COLORS } from "../doc/schema";
import type { BoardActions } from "./boardActions";
import { CardEditor } from "./CardEditor";
import { CardToolbar } from "./CardToolbar";

interface Props {
  card: CardRec;
  selected: boolean;
  editing: boolean;
  actions: BoardActions;
  onSelect: (id: string | null) => void;
  onEdit: (id: string | null) => void;
}

function colorClass(c: string): string {
  return (CARD_COLORS as readonly string[]).includes(c) ? `card-color-${c}` : "card-color-yellow";
}

export const CardView = memo(function CardView({
  card,
  selected,
  editing,
  actions,
  onSelect,
  onEdit,
}: Props) {
  const { t } = useTranslation();
  const cls = `card ${colorClass(card.color)}${selected ? " selected" : ""}`;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: double-click is a pointer shortcut; Enter on the card body is the keyboard route
    <div
      className={cls}
      data-testid="card"
      data-card-id={card.id}
      onDoubleClick={editing ? undefined : () => onEdit(card.id)}
    >
      {editing ? (
        <CardEditor
          text={card.text}
          onWrite={(base, mine) => actions.write(card.id, base, mine)}
          onDone={() => onEdit(null)}
        />
      ) : (
        <button
          type="button"
          className="card-body"
          aria-label={t("card.label", { text: card.text || t("card.empty") })}
          onClick={() => onSelect(card.id)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              onSelect(card.id);
              onEdit(card.id);
            } else if (e.key === "Escape") {
              onSelect(null);
            } else if ((e.key === "Delete" || e.key === "Backspace") && selected) {
              e.preventDefault();
              actions.remove(card.id);
              onSelect(null);
            }
          }}
        >
          {card.text ? card.text : <span className="card-placeholder">{t("card.empty")}</span>}
        </button>
      )}
      {card.author && !editing && <span className="card-author">{card.author}</span>}
      {selected && (
        <CardToolbar
          color={card.color}
          onColor={(c: CardColor) => actions.color(card.id, c)}
          onDelete={() => {
            actions.remove(card.id);
            onSelect(null);
          }}
        />
      )}
    </div>
  );
});
