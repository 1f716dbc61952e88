// The board's stage headers stick to its top and its lane titles to its left: what lies under them
// is in the scroller's view for the browser but hidden for the person. These give the edges of
// the part left uncovered, and bring a focused control out from under them (Tab from the last
// stage's menu to the first card left the card under the lane titles: a browser scrolls a focused
// element only as far as the scroller's own edge).

/** Room kept between what is shown and the headers' edges (px). */
const MARGIN = 8;

/** Where the uncovered part of `scroller` begins: below the stage headers, right of the lane titles. */
export function uncoveredEdges(scroller: HTMLElement): { top: number; left: number } {
  const view = scroller.getBoundingClientRect();
  return {
    top:
      (scroller.querySelector(".stage-header")?.getBoundingClientRect().bottom ?? view.top) +
      MARGIN,
    left:
      (scroller.querySelector(".lane-title")?.getBoundingClientRect().right ?? view.left) + MARGIN,
  };
}

/** Scrolls `scroller` so that `target`, a control inside one of its cells, is not under the headers. */
export function revealFromUnderHeaders(scroller: HTMLElement, target: EventTarget): void {
  if (!(target instanceof HTMLElement) || !target.closest(".cell")) return;
  // The keyboard's focus only: a press of the pointer focuses what it presses, and scrolling
  // then would move it from under the pointer before the click (or the drag) is done.
  if (!target.matches(":focus-visible")) return;
  const box = target.getBoundingClientRect();
  const edges = uncoveredEdges(scroller);
  const left = Math.min(0, box.left - edges.left);
  const top = Math.min(0, box.top - edges.top);
  if (left !== 0 || top !== 0) scroller.scrollBy({ left, top });
}
