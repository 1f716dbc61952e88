// The one control a board in wall mode keeps: leaving it (Escape does the same), in a corner of
// the screen, faint until pointed at or focused (wall.css).
import { useTranslation } from "../../i18n/useTranslation";
import type { WallMode } from "./wallMode";

export function WallExit({ wall }: { wall: WallMode }) {
  const { t } = useTranslation();
  if (!wall.on) return null;
  return (
    <button
      type="button"
      className="small-button wall-exit"
      data-testid="wall-exit"
      onClick={wall.leave}
    >
      {t("board.wall.exit")}
    </button>
  );
}
