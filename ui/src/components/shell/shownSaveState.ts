// What the save indicator shows, as against what the room's state is. Each keystroke is "saving"
// until the host acknowledges it, ~5–20 ms later on a room's network: showing that would flip the
// top bar to "Saving…" and back twice per key — a repaint of the bar after every key's own frame,
// and a screen reader's live region announcing it each time. So "Saving…" shows only once edits
// have waited SAVING_SHOWN_AFTER_MS; every other state (saved, offline, error, and saving when it
// follows one of those, such as reconnecting) shows at once. The page's `data-state` keeps saying
// the room's state as it is: tests and the desktop smoke test wait on it for durability.
import { useEffect, useState } from "react";
import type { SaveState } from "../../sync/types";

/** How long edits wait for the host before the indicator says "Saving…" (ms). */
export const SAVING_SHOWN_AFTER_MS = 600;

/**
 * The state to show after `state` changed from the shown `shown`: immediately, or (when edits
 * start waiting while everything was saved) "saved" until the delay runs out.
 */
export function shownAtOnce(shown: SaveState, state: SaveState): SaveState {
  return state === "saving" && shown === "saved" ? "saved" : state;
}

export function useShownSaveState(state: SaveState): SaveState {
  const [shown, setShown] = useState<SaveState>(state);
  const now = shownAtOnce(shown, state);
  useEffect(() => {
    setShown(now);
    if (now === state) return;
    const timer = setTimeout(() => setShown(state), SAVING_SHOWN_AFTER_MS);
    return () => clearTimeout(timer);
  }, [now, state]);
  return now;
}
