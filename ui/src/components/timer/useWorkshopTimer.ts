// The workshop timer as this screen shows it: read from the map's document whenever it changes,
// and redrawn once a second (on the second's boundary, so every screen turns together) while it
// runs. Nothing ticks while there is no timer or it is paused. The agenda is read the same way.
import type { LoroDoc } from "loro-crdt";
import { useEffect, useState, useSyncExternalStore } from "react";
import { readTimer, type TimerRec, type TimerState, timerState } from "../../doc/timer";
import { ROOT } from "../../wire/schema";

/** A value read from the `workshop` root, kept equal (same object) until the document changes it. */
export function useWorkshopValue<T>(doc: LoroDoc, read: (doc: LoroDoc) => T): T {
  const [store] = useState(() => {
    let current = read(doc);
    let key = JSON.stringify(current);
    return {
      subscribe: (onChange: () => void) =>
        doc.getMap(ROOT.workshop).subscribe(() => {
          const next = read(doc);
          const nextKey = JSON.stringify(next);
          if (nextKey === key) return;
          current = next;
          key = nextKey;
          onChange();
        }),
      get: () => current,
    };
  });
  return useSyncExternalStore(store.subscribe, store.get);
}

function useTimerRec(doc: LoroDoc): TimerRec | null {
  return useWorkshopValue(doc, readTimer);
}

/** What the timer shows now; `hostNow` gives the host's clock (sync/room.ts). */
export function useWorkshopTimer(doc: LoroDoc, hostNow: () => number): TimerState | null {
  const rec = useTimerRec(doc);
  const [, setTick] = useState(0);
  const state = timerState(rec, hostNow());
  const running = state?.phase === "running";
  const left = state?.leftMs ?? 0;
  useEffect(() => {
    if (!running) return;
    // Wake just after the shown second changes.
    const wait = (left % 1000 || 1000) + 5;
    const id = window.setTimeout(() => setTick((n) => n + 1), wait);
    return () => window.clearTimeout(id);
  }, [running, left]);
  return state;
}
