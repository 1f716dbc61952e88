// The one control a board in wall mode keeps: leaving it (Escape does the same), in a corner of
// the screen, faint until pointed at or focused (wall.css). On a projector nobody touches, it
// fades out after a few seconds without the pointer moving, so it covers nothing of the board's
// last cell; moving the pointer, a tap, a key or focusing it brings it back.
import { useEffect, useState } from "react";
import { useTranslation } from "../../i18n/useTranslation";
import type { WallMode } from "./wallMode";

/** How long the pointer must rest before the exit fades out. */
export const WALL_EXIT_IDLE_MS = 3_000;

export function WallExit({ wall }: { wall: WallMode }) {
  const { t } = useTranslation();
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (!wall.on) return;
    let timer = setTimeout(() => setIdle(true), WALL_EXIT_IDLE_MS);
    const wake = () => {
      setIdle(false);
      clearTimeout(timer);
      timer = setTimeout(() => setIdle(true), WALL_EXIT_IDLE_MS);
    };
    // A tap on a touch screen moves no pointer before it: it wakes the exit too (and, the exit
    // taking no pointer while faded, does not land on it unseen).
    const events = ["pointermove", "pointerdown", "keydown"] as const;
    for (const e of events) window.addEventListener(e, wake);
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, wake);
      setIdle(false);
    };
  }, [wall.on]);
  if (!wall.on) return null;
  return (
    <button
      type="button"
      className={idle ? "small-button wall-exit idle" : "small-button wall-exit"}
      data-testid="wall-exit"
      onClick={wall.leave}
    >
      {t("board.wall.exit")}
    </button>
  );
}
