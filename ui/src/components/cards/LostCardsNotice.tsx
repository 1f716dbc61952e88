// The board's word about cards someone else deleted while this screen was changing them (typed
// offline, or the last keystrokes on their way: doc/lostCards.ts). Each is shown with the text as
// this screen last had it, to put back — under its own id, in its cell, as one undo step — or to
// let go. It stays until the person chooses: a card's words are not lost behind a toast.

import { generateKeyBetween } from "fractional-indexing";
import type { LoroDoc } from "loro-crdt";
import { useEffect, useId, useRef, useSyncExternalStore } from "react";
import { putCardBack } from "../../doc/actions";
import type { CardRec, Placement } from "../../doc/schema";
import { cellKey, type MapView } from "../../doc/store";
import { useMapStore } from "../../hooks/mapSlice";
import { useTranslation } from "../../i18n/useTranslation";
import { useReadOnly } from "../shared/readOnly";
import "./lostCards.css";

/**
 * Where a lost card goes back: its own cell and place if the stage and lane are still there, else
 * the end of the first card lane of its stage (or of the first stage). If someone brought the card
 * back meanwhile, this version goes at the end of that card's cell, beside it (`putCardBack`).
 */
export function placementFor(
  view: Pick<MapView, "stages" | "lanes" | "cells" | "cards">,
  card: CardRec,
): Placement | null {
  const holdsCards = (kind: string) => kind === "cards" || kind === "department";
  const back = view.cards[card.id];
  const old = back?.placement ?? card.placement;
  const stage = view.stages.find((s) => s.id === old?.stage) ?? view.stages[0];
  const lane =
    view.lanes.find((l) => l.id === old?.lane && holdsCards(l.kind)) ??
    view.lanes.find((l) => holdsCards(l.kind));
  if (!stage || !lane) return null;
  if (!back && old && old.stage === stage.id && old.lane === lane.id) return { ...old };
  const last = (view.cells.get(cellKey(stage.id, lane.id)) ?? []).at(-1)?.placement?.pos ?? null;
  return { stage: stage.id, lane: lane.id, pos: generateKeyBetween(last, null) };
}

export function LostCardsNotice({ doc }: { doc: LoroDoc }) {
  const { t } = useTranslation();
  const store = useMapStore();
  const lost = useSyncExternalStore(store.lostCards.subscribe, store.lostCards.get);
  const readOnly = useReadOnly();
  const titleId = useId();
  const firstButton = useRef<HTMLButtonElement>(null);
  const shown = useRef(0);
  // A card lost while it was being edited closes its editor, and the focus falls to the page:
  // it comes here, to the first "Put it back", rather than nowhere.
  useEffect(() => {
    const more = lost.length > shown.current;
    shown.current = lost.length;
    const nowhere = !document.activeElement || document.activeElement === document.body;
    if (more && nowhere) firstButton.current?.focus();
  }, [lost]);
  if (lost.length === 0) return null;
  return (
    <section className="lost-cards" data-testid="lost-cards" aria-labelledby={titleId}>
      <h2 id={titleId}>{t("lostCards.title", { count: lost.length })}</h2>
      <p>{t("lostCards.explain")}</p>
      <ul>
        {lost.map((card, i) => (
          <li key={card.id} data-testid="lost-card">
            <blockquote className="lost-card-text">{card.text || t("card.empty")}</blockquote>
            <div className="lost-card-buttons">
              <button
                ref={i === 0 ? firstButton : undefined}
                type="button"
                className="primary-button"
                data-testid="lost-card-put-back"
                disabled={readOnly || !placementFor(store.getView(), card)}
                title={readOnly ? t("lostCards.readOnly") : undefined}
                onClick={() => {
                  // Where it goes is read now: the board may have changed since it was drawn.
                  const placement = placementFor(store.getView(), card);
                  if (!placement) return;
                  putCardBack(doc, card, placement);
                  store.lostCards.forget(card.id);
                }}
              >
                {t("lostCards.putBack")}
              </button>
              <button
                type="button"
                className="small-button"
                data-testid="lost-card-let-go"
                onClick={() => store.lostCards.forget(card.id)}
              >
                {t("lostCards.letGo")}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
