// Whether a scroller has more to show past its right or left edge, as `data-more-right` and
// `data-more-left` on the element, so the stylesheet can shade that edge: a wide table in a narrow
// pane (the action plan beside the changes panel) otherwise gives no sign that it scrolls sideways.
import { type RefObject, useEffect } from "react";

export function useScrollsOn(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => {
      const rest = el.scrollWidth - el.clientWidth;
      // scrollLeft is negative in a right-to-left layout; both edges are read from its size.
      const from = Math.abs(el.scrollLeft);
      el.toggleAttribute("data-more-left", from > 1);
      el.toggleAttribute("data-more-right", rest - from > 1);
    };
    update();
    el.addEventListener("scroll", update, { passive: true });
    const resized = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(update);
    resized?.observe(el);
    const table = el.firstElementChild;
    if (table) resized?.observe(table);
    return () => {
      el.removeEventListener("scroll", update);
      resized?.disconnect();
    };
  }, [ref]);
}
