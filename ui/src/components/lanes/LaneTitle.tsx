// The sticky title of a lane: double-click renames inline, drag to reorder (drop on another lane
// title), a collapse toggle (per-user view state) and a menu (blueprint line, team, move, delete).
// The box fills the lane's row (its background and borders); the head inside it sticks below the
// stage headers, so the title stays in view while a tall lane scrolls past.
import { useRef, useState } from "react";
import type { LaneRec } from "../../doc/schema";
import { useTranslation } from "../../i18n/useTranslation";
import { boardDrag } from "../board/BoardDrag";
import { BoardTitleInput } from "../board/BoardTitleInput";
import type { BoardActions } from "../board/boardActions";
import { useReadOnly } from "../shared/readOnly";
import { LaneMenu } from "./LaneMenu";
import { MetricImport, type MetricImportHandle } from "./MetricImport";

interface Props {
  lane: LaneRec;
  index: number;
  count: number;
  /** The lane's kind, or "" when the title already says it (laneKindLabel.ts). */
  kindLabel: string;
  collapsed: boolean;
  onCollapse: (id: string) => void;
  onDelete: (lane: LaneRec) => void;
  actions: BoardActions;
}

export function LaneTitle(p: Props) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  const { lane } = p;
  const [renaming, setRenaming] = useState(false);
  const [menu, setMenu] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const [over, setOver] = useState(false);
  const importer = useRef<MetricImportHandle>(null);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: drag-to-reorder has a keyboard route in the lane menu (move up/down)
    <div
      className={`lane-title${over ? " drop-over" : ""}`}
      data-testid="lane-title"
      data-lane-id={lane.id}
      draggable={!renaming && !readOnly}
      onDragStart={(e) => boardDrag.start({ kind: "lane", id: lane.id }, e)}
      onDragEnd={() => boardDrag.end()}
      onDragOver={(e) => {
        if (boardDrag.get().kind !== "lane" || readOnly) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        const d = boardDrag.take("lane");
        if (!d) return;
        e.preventDefault();
        p.actions.moveLane(d.id, p.index);
      }}
    >
      <div className="lane-title-head">
        <div className="lane-title-row">
          <button
            type="button"
            className="collapse-button"
            data-testid="collapse-lane"
            aria-expanded={!p.collapsed}
            aria-label={t(p.collapsed ? "board.lane.expand" : "board.lane.collapse")}
            title={t(p.collapsed ? "board.lane.expand" : "board.lane.collapse")}
            onClick={() => p.onCollapse(lane.id)}
          >
            {p.collapsed ? "▸" : "▾"}
          </button>
          {renaming && !readOnly ? (
            <BoardTitleInput
              initial={lane.title}
              label={t("board.lane.title")}
              testId="lane-title-input"
              onSave={(title) => {
                p.actions.laneField(lane.id, "title", title);
                setRenaming(false);
              }}
              onCancel={() => setRenaming(false)}
            />
          ) : (
            // biome-ignore lint/a11y/noStaticElementInteractions: double-click is a shortcut; the menu has "Rename"
            <span
              className="lane-name"
              title={lane.title}
              onDoubleClick={() => setRenaming(!readOnly)}
            >
              {lane.title}
            </span>
          )}
          <button
            ref={menuButton}
            type="button"
            className="head-menu-button"
            hidden={readOnly}
            data-testid="lane-menu"
            aria-label={t("board.lane.menu", { title: lane.title })}
            aria-expanded={menu}
            onClick={() => setMenu((m) => !m)}
          >
            ⋯
          </button>
        </div>
        {p.kindLabel && <span className="lane-kind">{p.kindLabel}</span>}
        {menu && !readOnly && (
          <LaneMenu
            lane={lane}
            index={p.index}
            count={p.count}
            actions={p.actions}
            onRename={() => setRenaming(true)}
            onDelete={() => p.onDelete(lane)}
            onClose={() => setMenu(false)}
            toggle={menuButton}
            onImport={lane.kind === "metrics" ? () => importer.current?.open() : undefined}
          />
        )}
        {lane.kind === "metrics" && !readOnly && (
          <MetricImport ref={importer} actions={p.actions} />
        )}
      </div>
    </div>
  );
}
