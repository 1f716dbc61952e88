// On a phone the card panel is a sheet over the lower part of the screen (inspector.css): the card
// it shows is scrolled, when the sheet or the board's sticky stage headers would cover it, into the
// part of the board left between them, so the person sees what they tapped (its top, if the whole
// card does not fit).
import { type RefObject, useLayoutEffect } from "react";

/** Where the panel becomes a sheet: the breakpoint of inspector.css. */
export const SHEET_QUERY = "(max-width: 640px)";

/** Room kept between the card and the sheet's edge. */
const MARGIN = 12;

export function useAboveTheSheet(
  sheet: RefObject<HTMLElement | null>,
  cardId: string | null,
): void {
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
      if (!panel || !card || !scroller) return;
      const box = card.getBoundingClientRect();
      const floor = panel.getBoundingClientRect().top - MARGIN;
      const ceiling =
        (scroller.querySelector(".stage-header")?.getBoundingClientRect().bottom ??
          scroller.getBoundingClientRect().top) + MARGIN;
      const delta =
        box.top < ceiling || box.height > floor - ceiling
          ? box.top - ceiling
          : Math.max(0, box.bottom - floor);
      if (delta !== 0) scroller.scrollBy({ top: delta, behavior: "smooth" });
    });
    return () => cancelAnimationFrame(frame);
  }, [sheet, cardId]);
}
