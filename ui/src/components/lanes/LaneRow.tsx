// One lane of the board: the blueprint line above it (if any), the sticky lane title and its cells,
// drawn according to the lane's kind (cards, channels, emotion, metrics, team-tinted department).
import { type CSSProperties, memo } from "react";
import type { LaneRec, StageRec } from "../../doc/schema";
import { useMapSlice } from "../../hooks/mapSlice";
import { useTranslation } from "../../i18n/useTranslation";
import type { BoardActions } from "../board/boardActions";
import { CardCell } from "../cards/CardCell";
import type { CardHandlers } from "../cards/CardView";
import { useMapT } from "../shared/mapLanguage";
import { ChannelCell, channelsOfCell } from "./ChannelCell";
import { EmotionRow } from "./EmotionRow";
import { isBuiltInTeam, teamHue } from "./LaneTeamField";
import { LaneTitle } from "./LaneTitle";
import { laneKindLabel, titleRepeatsKind } from "./laneKindLabel";
import { MetricCell, metricsOfCell } from "./MetricCell";

export interface LaneRowProps {
  lane: LaneRec;
  index: number;
  count: number;
  stages: StageRec[];
  /** The first post-sale stage after a pre-sale one (phase divider), or null. */
  phaseStart: string | null;
  /** The map's language (the lane title is written in it). */
  locale: string;
  participant: string;
  selected: ReadonlySet<string>;
  editingId: string | null;
  hits: ReadonlySet<string>;
  currentHit: string | null;
  collapsed: boolean;
  onCollapse: (id: string) => void;
  onDelete: (lane: LaneRec) => void;
  actions: BoardActions;
  on: CardHandlers;
  /** Why no card can be added (the map is at its card limit), or null. */
  cardLimit: string | null;
}

/** Whether a lane's cells hold cards: every kind but the emotion curve, channels and metrics. */
export function drawsCards(lane: LaneRec): boolean {
  return lane.kind !== "emotion" && lane.kind !== "channels" && lane.kind !== "metrics";
}

export function laneClass(lane: LaneRec, collapsed = false): string {
  let cls = `lane lane-${lane.kind}`;
  if (lane.kind === "department") {
    cls += isBuiltInTeam(lane.department) ? ` team-${lane.department}` : " team-custom";
  }
  if (lane.separator !== "none") cls += ` sep-${lane.separator}`;
  if (collapsed) cls += " collapsed";
  return cls;
}

/**
 * Memoised: a lane re-renders when its own props or the slices it reads change; its card cells
 * read their own cards (CardCell), so typing into one card redraws that card's cell only.
 */
export const LaneRow = memo(function LaneRow(p: LaneRowProps) {
  const { t } = useTranslation();
  const mapT = useMapT();
  const { lane, locale } = p;
  const emotions = useMapSlice((v) => v.emotions);
  const channels = useMapSlice((v) => v.channels);
  const metrics = useMapSlice((v) => v.metrics);
  // Shown in the map's language (shared/mapLanguage.ts); a title in either language says it.
  const kindLabel = laneKindLabel(lane, mapT);
  const repeated = titleRepeatsKind(lane.title, [kindLabel, laneKindLabel(lane, t)], locale);
  const style =
    lane.kind === "department" && !isBuiltInTeam(lane.department)
      ? ({ "--team-hue": teamHue(lane.department) } as CSSProperties)
      : undefined;
  const divider = (stageId: string) => (stageId === p.phaseStart ? "phase-start" : "");
  return (
    <div className={laneClass(lane, p.collapsed)} style={{ display: "contents", ...style }}>
      {lane.separator !== "none" && (
        <div
          className={`blueprint-line blueprint-${lane.separator}`}
          data-testid="blueprint-line"
          data-separator={lane.separator}
        >
          <span>{t(`board.separator.${lane.separator}`)}</span>
        </div>
      )}
      <LaneTitle
        lane={lane}
        index={p.index}
        count={p.count}
        kindLabel={repeated ? "" : kindLabel}
        collapsed={p.collapsed}
        onCollapse={p.onCollapse}
        onDelete={p.onDelete}
        actions={p.actions}
      />
      {lane.kind === "emotion" ? (
        <EmotionRow
          lane={lane}
          stages={p.stages}
          emotions={emotions}
          participant={p.participant}
          actions={p.actions}
          collapsed={p.collapsed}
        />
      ) : (
        p.stages.map((s) =>
          lane.kind === "channels" ? (
            <ChannelCell
              key={s.id}
              stageId={s.id}
              laneId={lane.id}
              active={channelsOfCell(channels, s.id, lane.id)}
              actions={p.actions}
              className={divider(s.id)}
            />
          ) : lane.kind === "metrics" ? (
            <MetricCell
              key={s.id}
              stageId={s.id}
              laneId={lane.id}
              metrics={metricsOfCell(metrics, s.id, lane.id)}
              actions={p.actions}
              className={divider(s.id)}
            />
          ) : (
            <CardCell
              key={s.id}
              stageId={s.id}
              laneId={lane.id}
              department={lane.kind === "department" ? lane.department : ""}
              selected={p.selected}
              editingId={p.editingId}
              hits={p.hits}
              currentHit={p.currentHit}
              actions={p.actions}
              on={p.on}
              canAdd={lane.kind === "cards" || lane.kind === "department"}
              cardLimit={p.cardLimit}
              className={divider(s.id)}
            />
          ),
        )
      )}
    </div>
  );
});
