// The links of the inspected card to other cards (hand-offs): the list with jump and remove, and a
// picker that searches card text across the map. The picker is a combobox: the first result is
// the one Enter takes, the arrow keys move through them, Escape clears the search, and the results
// are scrolled into sight in the inspector as they appear.

import { useEffect, useId, useRef, useState } from "react";
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
  const [active, setActive] = useState(0);
  const listId = useId();
  const resultsRef = useRef<HTMLDivElement | null>(null);
  const searching = q.trim() !== "";
  // The inspector redraws only for the cards it shows (inspectedView.ts); while a search is typed
  // its results follow every card of the map.
  const live = useMapSlice((v) => (searching ? v : null));
  const found = searching
    ? searchCards(live ?? view, q)
        .filter((id) => id !== card.id && !card.links.includes(id))
        .slice(0, 8)
    : [];
  const chosen = Math.min(active, found.length - 1);
  const resultKey = found.join(",");

  // The inspector scrolls: bring the whole result list into sight when it changes, and the chosen
  // result when the arrow keys move past the edge.
  // biome-ignore lint/correctness/useExhaustiveDependencies: resultKey says when the results changed
  useEffect(() => {
    resultsRef.current?.scrollIntoView?.({ block: "nearest" });
  }, [resultKey]);
  useEffect(() => {
    resultsRef.current?.children[chosen]?.scrollIntoView?.({ block: "nearest" });
  }, [chosen]);

  const pick = (id: string) => {
    actions.addToList(card.id, "links", id);
    setQ("");
    setActive(0);
  };
  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    // The board's shortcuts never see keys typed into the search.
    e.stopPropagation();
    // Safari and WKWebView end a composition with an Enter whose isComposing is false.
    if (e.nativeEvent.isComposing || e.keyCode === 229) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (found.length === 0) return;
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive((chosen + step + found.length) % found.length);
    } else if (e.key === "Enter") {
      const id = found[chosen];
      if (id === undefined) return;
      e.preventDefault();
      pick(id);
    } else if (e.key === "Escape" && q !== "") {
      e.preventDefault();
      setQ("");
      setActive(0);
    }
  };
  const optionId = (i: number) => `${listId}-${i}`;
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
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={found.length > 0}
        aria-controls={listId}
        aria-activedescendant={found.length > 0 ? optionId(chosen) : undefined}
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      {found.length > 0 && !readOnly && (
        <div
          className="link-results"
          data-testid="link-results"
          id={listId}
          role="listbox"
          ref={resultsRef}
        >
          {found.map((id, i) => (
            <div
              key={id}
              id={optionId(i)}
              role="option"
              tabIndex={-1}
              aria-selected={i === chosen}
              className="menu-item link-result"
              data-testid="link-result"
              data-active={i === chosen}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(id)}
              onKeyDown={(e) => {
                if (e.key !== "Enter" && e.key !== " ") return;
                e.preventDefault();
                pick(id);
              }}
              onMouseMove={() => i !== chosen && setActive(i)}
            >
              {short((live ?? view).cards[id]?.text ?? "", t("card.empty"))}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
