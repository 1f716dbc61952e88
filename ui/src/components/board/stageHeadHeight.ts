// Lane titles stay in view while a tall lane scrolls past: the head of each lane title is sticky
// and sticks just below the stage headers, which are sticky at the top themselves. How tall the
// headers are depends on their text, so it is measured here and handed to CSS.
import { useEffect } from "react";

/** The CSS variable (on the board grid) that holds the height of the stage header row. */
export const STAGE_HEAD_HEIGHT = "--stage-head-height";

/**
 * Keeps `--stage-head-height` on `grid` equal to the stage header row's height. It is set on the
 * element directly rather than through React state, so a change never re-renders the board.
 */
export function useStageHeadHeight(grid: HTMLElement | null): void {
  useEffect(() => {
    // The corner cell spans exactly the header row.
    const corner = grid?.querySelector<HTMLElement>(":scope > .corner");
    if (!grid || !corner) return;
    // offsetHeight is in the grid's own (unzoomed) pixels, the unit its sticky offsets use. Set
    // only when it changes: the variable is inherited by the whole grid, so each change restyles
    // every cell.
    const apply = () => {
      const height = `${corner.offsetHeight}px`;
      if (grid.style.getPropertyValue(STAGE_HEAD_HEIGHT) !== height)
        grid.style.setProperty(STAGE_HEAD_HEIGHT, height);
    };
    // The observer's first call comes once the board is laid out, with nothing left to lay out:
    // measuring here instead forced the first layout of the whole board inside React's effects,
    // and the change it made cost a second one (~30 ms each at 600 cards on two cores).
    if (typeof ResizeObserver === "undefined") {
      apply();
      return;
    }
    const observer = new ResizeObserver(apply);
    observer.observe(corner);
    return () => observer.disconnect();
  }, [grid]);
}
