// Asking the board from outside it (the list of what changed since a version, a voting round's
// results) to show a card: the board switches to its grid, selects the card (drawn wherever it is)
// and scrolls it to the middle; or a lane (the brainstorm's, once its ideas are revealed): the board
// scrolls it to the top of the view.
import { useEffect, useRef } from "react";

const SHOW_CARD = "wayline:show-card";
const SHOW_LANE = "wayline:show-lane";

export function requestShowCard(id: string): void {
  window.dispatchEvent(new CustomEvent(SHOW_CARD, { detail: id }));
}

export function requestShowLane(id: string): void {
  window.dispatchEvent(new CustomEvent(SHOW_LANE, { detail: id }));
}

function useRequests(name: string, show: (id: string) => void): void {
  const latest = useRef(show);
  latest.current = show;
  useEffect(() => {
    const on = (e: Event) => {
      const id = (e as CustomEvent<unknown>).detail;
      if (typeof id === "string") latest.current(id);
    };
    window.addEventListener(name, on);
    return () => window.removeEventListener(name, on);
  }, [name]);
}

export function useShowCardRequests(show: (id: string) => void): void {
  useRequests(SHOW_CARD, show);
}

export function useShowLaneRequests(show: (id: string) => void): void {
  useRequests(SHOW_LANE, show);
}
