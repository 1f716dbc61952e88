// One cell of a metrics lane: the stage's metric tiles and "Add metric" (kind picked first).
import { useState } from "react";
import type { MetricKind, MetricRec } from "../../doc/schema";
import { METRIC_KINDS } from "../../doc/schema";
import { cellKey } from "../../doc/store";
import { useTranslation } from "../../i18n/useTranslation";
import type { BoardActions } from "../board/boardActions";
import { useDrawnNearView } from "../cards/cellWindow";
import { useMapT } from "../shared/mapLanguage";
import { useReadOnly } from "../shared/readOnly";
import { MetricTile } from "./MetricTile";

interface Props {
  stageId: string;
  laneId: string;
  metrics: MetricRec[];
  actions: BoardActions;
  className?: string;
}

/** The metrics of one cell (stage and metrics lane) in a stable order (kind order, then id). */
export function metricsOfCell(
  all: Record<string, MetricRec>,
  stageId: string,
  laneId: string,
): MetricRec[] {
  const order = (k: string) => (METRIC_KINDS as readonly string[]).indexOf(k);
  return Object.values(all)
    .filter((m) => m.stage === stageId && m.lane === laneId)
    .sort((a, b) => order(a.kind) - order(b.kind) || (a.id < b.id ? -1 : 1));
}

export function MetricCell({ stageId, laneId, metrics, actions, className }: Props) {
  const { t } = useTranslation();
  const mapT = useMapT();
  const readOnly = useReadOnly();
  const [kind, setKind] = useState<MetricKind>("nps");
  const [el, setEl] = useState<HTMLDivElement | null>(null);
  // On a large board, from when it first comes near the view (cellWindow.ts): the tiles' trends
  // format numbers, and a page's first number format loads the browser's locale data (15–35 ms).
  const drawn = useDrawnNearView(cellKey(stageId, laneId), el, true);
  return (
    <div
      ref={setEl}
      className={`cell metric-cell ${className ?? ""}`}
      data-testid="cell"
      data-stage-id={stageId}
      data-lane-id={laneId}
      tabIndex={-1}
    >
      {drawn && metrics.map((m) => <MetricTile key={m.id} m={m} actions={actions} />)}
      {drawn && (
        <div className="metric-add row" hidden={readOnly}>
          <select
            aria-label={t("board.metric.kindLabel")}
            data-testid="add-metric-kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as MetricKind)}
          >
            {/* The metrics' names in the map's language, as the tile it adds will say them. */}
            {METRIC_KINDS.map((k) => (
              <option key={k} value={k}>
                {mapT(`board.metric.kind.${k}`)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="add-card visible"
            data-testid="add-metric"
            onClick={() => actions.addMetric(stageId, laneId, kind)}
          >
            + {t("board.metric.add")}
          </button>
        </div>
      )}
    </div>
  );
}
