// The board's grid: the link arrows' layer, the sticky stage headers with "+" for a new stage,
// and a row per lane. Columns are sized here, once, so that no card's text can widen a stage.

import type { LaneRec, StageRec } from "../../doc/schema";
import type { MapStore } from "../../doc/store";
import { useTranslation } from "../../i18n/useTranslation";
import { CardLinkLayer } from "../cards/CardLinkLayer";
import type { CardElements } from "../cards/cardElements";
import { LaneRow, type LaneRowProps } from "../lanes/LaneRow";
import { useReadOnly } from "../shared/readOnly";
import type { BoardActions } from "./boardActions";
import { StageHeader } from "./StageHeader";

/** What every lane row is given alike. */
export type SharedRowProps = Omit<
  LaneRowProps,
  "lane" | "index" | "count" | "stages" | "phaseStart" | "collapsed"
>;

interface Props {
  attach: (el: HTMLDivElement | null) => void;
  grid: HTMLDivElement | null;
  store: MapStore;
  elements: CardElements;
  stages: StageRec[];
  lanes: LaneRec[];
  zoom: number;
  collapsed: ReadonlySet<string>;
  renamingStage: string | null;
  onRenameStage: (id: string | null) => void;
  onAddStage: (after?: string) => void;
  onDeleteStage: (stage: StageRec) => void;
  /** Why no stage can be added (the map is at its stage limit), or null. */
  stageLimit: string | null;
  actions: BoardActions;
  rows: SharedRowProps;
}

export function BoardGrid(p: Props) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  const { stages } = p;
  const phaseStart =
    stages.find((s, i) => i > 0 && s.phase === "post_sale" && stages[i - 1]?.phase !== "post_sale")
      ?.id ?? null;
  return (
    <div
      ref={p.attach}
      className="board-grid"
      style={{
        gridTemplateColumns: `var(--lane-col) repeat(${stages.length}, minmax(var(--stage-col), 1fr)) auto`,
        // A definite width, so content never widens the columns (fr tracks in a max-content grid
        // would all grow to the widest card's unwrapped text).
        width: `max(100%, calc(var(--lane-col) + ${stages.length} * var(--stage-col) + 48px))`,
        zoom: p.zoom,
      }}
    >
      <CardLinkLayer
        grid={p.grid}
        store={p.store}
        elements={p.elements}
        zoom={p.zoom}
        collapsedKey={[...p.collapsed].join()}
      />
      <div className="corner" />
      {stages.map((s, i) => (
        <StageHeader
          key={s.id}
          stage={s}
          index={i}
          count={stages.length}
          phaseStart={s.id === phaseStart}
          renaming={p.renamingStage === s.id}
          onRename={p.onRenameStage}
          onAddAfter={(id) => p.onAddStage(id)}
          stageLimit={p.stageLimit}
          onDelete={p.onDeleteStage}
          actions={p.actions}
        />
      ))}
      <div className="stage-add" style={{ gridColumn: stages.length + 2, gridRow: 1 }}>
        <button
          hidden={readOnly}
          type="button"
          className={p.stageLimit ? "icon-button at-limit" : "icon-button"}
          data-testid="add-stage"
          aria-label={t("board.stage.add")}
          aria-disabled={p.stageLimit ? true : undefined}
          title={p.stageLimit ?? t("board.stage.add")}
          onClick={() => p.onAddStage()}
        >
          +
        </button>
      </div>
      {p.lanes.map((l, i) => (
        <LaneRow
          key={l.id}
          lane={l}
          index={i}
          count={p.lanes.length}
          stages={stages}
          phaseStart={phaseStart}
          collapsed={p.collapsed.has(l.id)}
          {...p.rows}
        />
      ))}
    </div>
  );
}
