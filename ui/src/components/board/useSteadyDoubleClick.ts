// A double click opens the card it began on. The first click selects a card and opens the
// inspector, which narrows the board's columns or, in a narrower window, comes over the board's
// right side: the second click can then land on the next card, between cards or on the inspector,
// though the pointer never moved — and the wrong card opened for
// editing, or the second click acted on whatever was now under it. The board notes where a first
// click hit a card; a second click at the same place (within a few pixels, shortly after) belongs
// to that card: its press, click and double click do nothing else, and the double click opens
// that card. A first click on one of a card's controls (a vote's +) is a click on that control:
// if what it did moved the control from under the pointer (the card's vote count appeared), the
// second click at the same place does nothing else, and the pair opens nothing.
import type { MouseEvent as ReactMouseEvent } from "react";
import { useMemo, useRef } from "react";
import { cardControlAt } from "../cards/cardControls";

/** How far (px) the pointer may be from the first click for the two to be one double click. */
const SAME_PLACE_PX = 4;
/** How long after the first click the double click may come (the usual system setting is 500). */
const PAIR_MS = 800;

interface FirstClick {
  x: number;
  y: number;
  id: string;
  at: number;
  /** The card control the first click hit (null: the card itself). */
  control: Element | null;
}

function cardIdAt(target: EventTarget): string | null {
  if (!(target instanceof Element)) return null;
  return target.closest<HTMLElement>("[data-testid=card]")?.dataset.cardId ?? null;
}

function samePlace(first: FirstClick, e: ReactMouseEvent): boolean {
  return (
    e.timeStamp - first.at <= PAIR_MS &&
    Math.abs(e.clientX - first.x) <= SAME_PLACE_PX &&
    Math.abs(e.clientY - first.y) <= SAME_PLACE_PX
  );
}

/** Capture handlers for the board and its inspector; `edit` opens a card for editing. */
export function useSteadyDoubleClick(edit: (id: string) => void) {
  const first = useRef<FirstClick | null>(null);
  return useMemo(() => {
    /** The card the first click hit, when `e` is the second click or the double click of the
     * same place and landed elsewhere; null otherwise. */
    const displaced = (e: ReactMouseEvent): FirstClick | null => {
      const f = first.current;
      if (!f || !samePlace(f, e)) return null;
      const stayed =
        f.control !== null
          ? e.target instanceof Node && f.control.contains(e.target)
          : cardIdAt(e.target) === f.id;
      return stayed ? null : f;
    };
    /** The second press, click or double click of a pair that began on a card now elsewhere:
     * it neither focuses, selects nor presses what is under it now. */
    const swallow = (e: ReactMouseEvent): boolean => {
      if (e.detail < 2 || !displaced(e)) return false;
      e.stopPropagation();
      e.preventDefault();
      return true;
    };
    return {
      onMouseDownCapture: (e: ReactMouseEvent) => {
        swallow(e);
      },
      onClickCapture: (e: ReactMouseEvent) => {
        if (e.detail <= 1) {
          const id = cardIdAt(e.target);
          first.current = id
            ? { x: e.clientX, y: e.clientY, id, at: e.timeStamp, control: cardControlAt(e.target) }
            : null;
        } else swallow(e);
      },
      onDoubleClickCapture: (e: ReactMouseEvent) => {
        const pair = displaced(e);
        if (pair && swallow(e) && pair.control === null) edit(pair.id);
        first.current = null;
      },
    };
  }, [edit]);
}
