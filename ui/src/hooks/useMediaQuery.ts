// Whether a CSS media query holds now, followed as it changes (a window resized, a phone turned):
// for what the style sheets cannot do alone, such as putting controls in the order a screen shows
// them so that Tab reaches them in that order.
import { useCallback, useSyncExternalStore } from "react";

/** A phone held upright: where the style sheets' `@media (max-width: 640px)` rules apply. */
export const PHONE_QUERY = "(max-width: 640px)";

function matches(query: string): boolean {
  return globalThis.matchMedia?.(query).matches ?? false;
}

export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = globalThis.matchMedia?.(query);
      list?.addEventListener("change", onChange);
      return () => list?.removeEventListener("change", onChange);
    },
    [query],
  );
  return useSyncExternalStore(
    subscribe,
    () => matches(query),
    () => false,
  );
}
