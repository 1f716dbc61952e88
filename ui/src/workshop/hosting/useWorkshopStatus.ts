// Keeps the running workshop's status fresh: polled every 2 s while the hosting panel is open
// (participants come and go), every 10 s otherwise (the top bar's "Workshop · N online"), and
// replaced at once by the answer of each change the facilitator makes. A poll that started before a
// change never overwrites that change's newer answer.
import { useCallback, useEffect, useRef, useState } from "react";
import type { WorkshopApi } from "../../api/workshop";
import type { WorkshopStatus } from "../../wire/WorkshopStatus";

export const FAST_POLL_MS = 2_000;
export const SLOW_POLL_MS = 10_000;

export interface WorkshopState {
  /** The running workshop, or null; undefined until the first answer. */
  status: WorkshopStatus | null | undefined;
  /** The last poll failed (the host is unreachable); the status shown may be stale. */
  stale: boolean;
  /** Shows the answer of a change right away (null after ending the workshop). */
  apply: (status: WorkshopStatus | null) => void;
  refresh: () => void;
}

export function useWorkshopStatus(api: WorkshopApi, fast: boolean): WorkshopState {
  const [status, setStatus] = useState<WorkshopStatus | null | undefined>(undefined);
  const [stale, setStale] = useState(false);
  const generation = useRef(0);
  const [tick, setTick] = useState(0);

  const apply = useCallback((s: WorkshopStatus | null) => {
    generation.current += 1;
    setStatus(s);
    setStale(false);
  }, []);
  const refresh = useCallback(() => setTick((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` restarts the poll on refresh()
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const started = generation.current;
      try {
        const s = await api.status();
        if (alive && started === generation.current) {
          setStatus(s);
          setStale(false);
        }
      } catch {
        if (alive) setStale(true);
      }
      if (alive) timer = setTimeout(poll, fast ? FAST_POLL_MS : SLOW_POLL_MS);
    };
    void poll();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [api, fast, tick]);

  return { status, stale, apply, refresh };
}
