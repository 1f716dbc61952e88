// The action list keeps its order while someone works in it: sorted by due date, a row whose date
// is changed would jump away under the pointer, and the next click or keystroke land on another
// action. While the focus is inside the list the rows keep the order they had when it came in
// (new ones at the end, removed ones gone); when it leaves, the list is sorted again.
import { type RefObject, useEffect, useLayoutEffect, useRef, useState } from "react";

export function useSteadyOrder<T extends { id: string }>(
  sorted: T[],
  box: RefObject<HTMLElement | null>,
): T[] {
  const [held, setHeld] = useState<string[] | null>(null);
  const latest = useRef(sorted);
  latest.current = sorted;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const enter = () => setHeld((h) => h ?? latest.current.map((item) => item.id));
    const leave = (e: FocusEvent) => {
      const next = e.relatedTarget;
      if (!(next instanceof Node && el.contains(next))) setHeld(null);
    };
    el.addEventListener("focusin", enter);
    el.addEventListener("focusout", leave);
    return () => {
      el.removeEventListener("focusin", enter);
      el.removeEventListener("focusout", leave);
    };
  }, [box]);
  // The focused row went (filtered out by a change of status, deleted by someone): no focusout
  // comes, and the list would stay held with the focus elsewhere.
  useLayoutEffect(() => {
    const el = box.current;
    if (held && el && !el.contains(document.activeElement)) setHeld(null);
  });
  if (!held) return sorted;
  const rank = new Map(held.map((id, i) => [id, i]));
  const at = (item: T) => rank.get(item.id) ?? Number.POSITIVE_INFINITY;
  return [...sorted].sort((a, b) => at(a) - at(b));
}
