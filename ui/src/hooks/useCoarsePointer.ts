// Whether the person points with a finger (a phone, a tablet): what the page tells them to do with
// a keyboard — Shift+Enter for a new line — means nothing on a screen keyboard without Shift.
import { useSyncExternalStore } from "react";

const QUERY = "(pointer: coarse)";

function subscribe(onChange: () => void): () => void {
  const list = globalThis.matchMedia?.(QUERY);
  list?.addEventListener("change", onChange);
  return () => list?.removeEventListener("change", onChange);
}

function coarse(): boolean {
  return globalThis.matchMedia?.(QUERY).matches ?? false;
}

export function useCoarsePointer(): boolean {
  return useSyncExternalStore(subscribe, coarse, () => false);
}
