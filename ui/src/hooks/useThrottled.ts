// A value that follows its source at most once per interval: a change inside the interval shows
// when the interval ends (the latest one wins), so nothing is left behind, only later.
import { useEffect, useRef, useState } from "react";

export function useThrottled<T>(value: T, intervalMs: number, now: () => number = Date.now): T {
  const [shown, setShown] = useState(value);
  const lastChange = useRef(Number.NEGATIVE_INFINITY);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const show = () => {
      lastChange.current = now();
      setShown(value);
    };
    const wait = lastChange.current + intervalMs - now();
    if (wait <= 0) {
      show();
      return;
    }
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [value, shown, intervalMs, now]);
  return shown;
}
