// The lane options popover: rename, the blueprint line drawn above the lane, the team of a
// department lane, move up/down (the keyboard route for reordering) and delete.
import { type RefObject, useState } from "react";
import type { LaneRec } from "../../doc/schema";
import { SEPARATORS } from "../../doc/schema";
import { useTranslation } from "../../i18n/useTranslation";
import { BoardPopover } from "../board/BoardPopover";
import type { BoardActions } from "../board/boardActions";
import { TeamField } from "./LaneTeamField";

interface Props {
  lane: LaneRec;
  index: number;
  count: number;
  actions: BoardActions;
  onRename: () => void;
  onDelete: () => void;
  onClose: () => void;
  /** The ⋯ button that opens and closes the menu. */
  toggle?: RefObject<HTMLElement | null>;
  /** A metrics lane's "Import values (CSV)…". */
  onImport?: () => void;
}

export function LaneMenu({ lane, index, count, actions, ...p }: Props) {
  const { t } = useTranslation();
  const [team, setTeam] = useState(lane.department);
  const act = (f: () => void) => () => {
    p.onClose();
    f();
  };
  return (
    <BoardPopover
      label={t("board.lane.menu", { title: lane.title })}
      onClose={p.onClose}
      toggle={p.toggle}
    >
      <button type="button" className="menu-item" onClick={act(p.onRename)}>
        {t("board.lane.rename")}
      </button>
      <label className="field">
        <span>{t("board.separator.label")}</span>
        <select
          data-testid="separator-select"
          value={lane.separator}
          onChange={(e) => actions.laneField(lane.id, "separator", e.target.value)}
        >
          {SEPARATORS.map((s) => (
            <option key={s} value={s}>
              {t(`board.separator.${s}`)}
            </option>
          ))}
        </select>
      </label>
      {lane.kind === "department" && (
        <TeamField
          value={team}
          onChange={(v) => {
            setTeam(v);
            if (v.trim()) actions.laneField(lane.id, "department", v);
          }}
        />
      )}
      <div className="row">
        <button
          type="button"
          className="menu-item"
          disabled={index === 0}
          onClick={() => actions.moveLane(lane.id, index - 1)}
        >
          ↑ {t("board.lane.moveUp")}
        </button>
        <button
          type="button"
          className="menu-item"
          disabled={index >= count - 1}
          onClick={() => actions.moveLane(lane.id, index + 1)}
        >
          ↓ {t("board.lane.moveDown")}
        </button>
      </div>
      {p.onImport && (
        <button
          type="button"
          className="menu-item"
          data-testid="metric-import"
          onClick={act(p.onImport)}
        >
          {t("board.metric.importMenu")}
        </button>
      )}
      <button
        type="button"
        className="menu-item danger"
        data-testid="delete-lane"
        onClick={act(p.onDelete)}
      >
        {t("board.lane.delete")}
      </button>
    </BoardPopover>
  );
}
