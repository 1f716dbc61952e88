// Whether the person points with a finger (a phone, a tablet): what the page tells them to do with
// a keyboard — Shift+Enter for a new line — means nothing on a screen keyboard without Shift.
import { useMediaQuery } from "./useMediaQuery";

export function useCoarsePointer(): boolean {
  return useMediaQuery("(pointer: coarse)");
}
