// The links of the inspected card to other cards (hand-offs): the list with jump and remove, and a
// picker that searches card text across the map.

import { useState } from "react";
import type { CardRec } from "../../doc/schema";
import { searchCards } from "../../doc/search";
import type { MapView } from "../../doc/store";
import { textPreview } from "../../doc/textLength";
import { useMapSlice } from "../../hooks/mapSlice";
import { useTranslation } from "../../i18n/useTranslation";
import type { BoardActions } from "../board/boardActions";
import { useReadOnly } from "../shared/readOnly";

interface Props {
  card: CardRec;
  view: MapView;
  actions: BoardActions;
  onJump: (id: string) => void;
}

function short(text: string, empty: string): string {
  const s = text.trim() || empty;
  return textPreview(s, 40);
}

export function InspectorLinks({ card, view, actions, onJump }: Props) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  const [q, setQ] = useState("");
  const searching = q.trim() !== "";
  // The inspector redraws only for the cards it shows (inspectedView.ts); while a search is typed
  // its results follow every card of the map.
  const live = useMapSlice((v) => (searching ? v : null));
  const found = searching
    ? searchCards(live ?? view, q)
        .filter((id) => id !== card.id && !card.links.includes(id))
        .slice(0, 8)
    : [];
  return (
    <div className="field">
      <span>{t("board.inspector.links")}</span>
      <ul className="link-list">
        {card.links.map((id) => {
          const other = view.cards[id];
          return (
            <li key={id} data-testid="card-link">
              <button type="button" className="link-button" onClick={() => onJump(id)}>
                → {other ? short(other.text, t("card.empty")) : t("board.inspector.missingCard")}
              </button>
              <button
                type="button"
                className="chip-remove"
                hidden={readOnly}
                aria-label={t("board.inspector.removeLink")}
                onClick={() => actions.removeFromList(card.id, "links", id)}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
      <input
        type="search"
        hidden={readOnly}
        data-testid="link-picker"
        aria-label={t("board.inspector.linkSearch")}
        placeholder={t("board.inspector.linkSearch")}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => e.stopPropagation()}
      />
      {found.length > 0 && !readOnly && (
        <ul className="link-results" data-testid="link-results">
          {found.map((id) => (
            <li key={id}>
              <button
                type="button"
                className="menu-item"
                data-testid="link-result"
                onClick={() => {
                  actions.addToList(card.id, "links", id);
                  setQ("");
                }}
              >
                {short((live ?? view).cards[id]?.text ?? "", t("card.empty"))}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
