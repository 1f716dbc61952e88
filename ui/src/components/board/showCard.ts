// Asking the board from outside it (the list of what changed since a version) to show a card: the
// board switches to its grid, selects the card (drawn wherever it is) and scrolls it to the middle.
import { useEffect, useRef } from "react";

const SHOW_CARD = "wayline:show-card";

export function requestShowCard(id: string): void {
  window.dispatchEvent(new CustomEvent(SHOW_CARD, { detail: id }));
}

export function useShowCardRequests(show: (id: string) => void): void {
  const latest = useRef(show);
  latest.current = show;
  useEffect(() => {
    const on = (e: Event) => {
      const id = (e as CustomEvent<unknown>).detail;
      if (typeof id === "string") latest.current(id);
    };
    window.addEventListener(SHOW_CARD, on);
    return () => window.removeEventListener(SHOW_CARD, on);
  }, []);
}
