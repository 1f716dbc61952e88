// On a phone the card panel is a sheet over the lower part of the screen (inspector.css): the card
// it shows is scrolled, when the sheet or the board's sticky stage headers would cover it, into the
// part of the board left between them, so the person sees what they tapped (its top, if the whole
// card does not fit) — and followed when the sheet moves it to another cell.
import { type RefObject, useLayoutEffect } from "react";
import { PHONE_QUERY } from "../../hooks/useMediaQuery";
import { requestShowCard } from "../board/showCard";
import { uncoveredEdges } from "../board/underHeaders";

/** Where the panel becomes a sheet (inspector.css): on a phone. */
export const SHEET_QUERY = PHONE_QUERY;

/** Room kept between the card and the sheet's edge. */
const MARGIN = 12;

/**
 * `place`: where the card is (its stage and lane), so that a card moved from the sheet is followed
 * to its new cell.
 */
export function useAboveTheSheet(
  sheet: RefObject<HTMLElement | null>,
  cardId: string | null,
  place: string,
): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: `place` is what re-runs it when the card moves
  useLayoutEffect(() => {
    if (
      !cardId ||
      typeof window.matchMedia !== "function" ||
      !window.matchMedia(SHEET_QUERY).matches
    )
      return;
    const frame = requestAnimationFrame(() => {
      const panel = sheet.current;
      const card = document.querySelector<HTMLElement>(
        `[data-testid="card"][data-card-id="${CSS.escape(cardId)}"]`,
      );
      const scroller = card?.closest<HTMLElement>(".board-scroll");
      if (!card) {
        // Not drawn (a large map draws the cells near the view only): the board finds it.
        requestShowCard(cardId);
        return;
      }
      if (!panel || !scroller) return;
      const box = card.getBoundingClientRect();
      const floor = panel.getBoundingClientRect().top - MARGIN;
      const { top: ceiling, left } = uncoveredEdges(scroller);
      const delta =
        box.top < ceiling || box.height > floor - ceiling
          ? box.top - ceiling
          : Math.max(0, box.bottom - floor);
      // Sideways, between the sticky lane titles and the screen's right edge.
      const right = scroller.getBoundingClientRect().right - MARGIN;
      const across =
        box.left < left
          ? box.left - left
          : box.right > right
            ? Math.min(box.right - right, box.left - left)
            : 0;
      if (delta !== 0 || across !== 0)
        scroller.scrollBy({ top: delta, left: across, behavior: "smooth" });
    });
    return () => cancelAnimationFrame(frame);
  }, [sheet, cardId, place]);
}
