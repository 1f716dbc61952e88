// One lane of the board: the sticky lane title and its cells, drawn according to the lane's kind.
import { useTranslation } from "react-i18next";
import type { LaneRec, StageRec } from "../doc/schema";
import type { MapView } from "../doc/store";
import { cellKey } from "../doc/store";
import type { BoardActions } from "./boardActions";
import { CardCell } from "./CardCell";
import { EmotionRow } from "./EmotionRow";

const TEAMS = ["marketing", "sales", "service"];

interface Props {
  lane: LaneRec;
  stages: StageRec[];
  view: MapView;
  participant: string;
  selectedId: string | null;
  editingId: string | null;
  actions: BoardActions;
  onSelect: (id: string | null) => void;
  onEdit: (id: string | null) => void;
}

export function laneClass(lane: LaneRec): string {
  let cls = `lane lane-${lane.kind}`;
  if (lane.kind === "department") {
    cls += TEAMS.includes(lane.department) ? ` team-${lane.department}` : " team-custom";
  }
  if (lane.separator !== "none") cls += ` sep-${lane.separator}`;
  return cls;
}

export function LaneRow(p: Props) {
  const { t } = useTranslation();
  const { lane } = p;
  const kindLabel =
    lane.kind === "department"
      ? t(`dept.${lane.department}`, { defaultValue: lane.department || t("kind.department") })
      : t(`kind.${lane.kind}`);
  return (
    <div className={laneClass(lane)} style={{ display: "contents" }}>
      <div className="lane-title" data-testid="lane-title" data-lane-id={lane.id}>
        <span className="lane-name">{lane.title}</span>
        <span className="lane-kind">{kindLabel}</span>
      </div>
      {lane.kind === "emotion" ? (
        <EmotionRow
          lane={lane}
          stages={p.stages}
          emotions={p.view.emotions}
          participant={p.participant}
          actions={p.actions}
        />
      ) : (
        p.stages.map((s) => (
          <CardCell
            key={s.id}
            stageId={s.id}
            laneId={lane.id}
            department={lane.kind === "department" ? lane.department : ""}
            cards={p.view.cells.get(cellKey(s.id, lane.id))}
            selectedId={p.selectedId}
            editingId={p.editingId}
            actions={p.actions}
            onSelect={p.onSelect}
            onEdit={p.onEdit}
            canAdd={lane.kind === "cards" || lane.kind === "department"}
          />
        ))
      )}
    </div>
  );
}
