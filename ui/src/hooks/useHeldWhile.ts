// A value that stops following its source while `held` and catches up when released. The open
// map's preview in the rail waits until its board closes: the board already shows the map, and
// each refresh would be a drawing to decode on every participant's tab during the workshop.
import { useState } from "react";

export function useHeldWhile<T>(value: T, held: boolean): T {
  const [kept, setKept] = useState(value);
  // Derived state kept from earlier renders: React re-renders at once with the new value.
  if (!held && !Object.is(kept, value)) setKept(value);
  return held ? kept : value;
}
