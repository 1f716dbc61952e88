// Putting a parked topic back on the board when the workshop comes back to it: the person picks
// the stage and the lane, and the topic becomes a card at the end of that cell (its text and its
// author kept), leaving the lot in the same step, so one Ctrl+Z parks it again.
import { useId, useState } from "react";
import type { LaneRec } from "../../doc/schema";
import { useMapSlice, useMapStore } from "../../hooks/mapSlice";
import { useTranslation } from "../../i18n/useTranslation";

export interface ToBoardProps {
  /** Writes the card at the end of the cell: its stage, lane, the lane's department, after `afterPos`. */
  onPut: (stage: string, lane: string, department: string, afterPos: string | null) => void;
  onCancel: () => void;
}

/** The lanes a card can be put in (not the emotion curve, the channels or the metrics). */
function holdsCards(lane: LaneRec): boolean {
  return lane.kind === "cards" || lane.kind === "department";
}

export function ToBoardForm({ onPut, onCancel }: ToBoardProps) {
  const { t } = useTranslation();
  const id = useId();
  const store = useMapStore();
  const stages = useMapSlice((v) => v.stages);
  const lanes = useMapSlice((v) => v.lanes);
  const cardLanes = lanes.filter(holdsCards);
  const [stage, setStage] = useState("");
  const [lane, setLane] = useState("");
  const stageId = stages.some((s) => s.id === stage) ? stage : (stages[0]?.id ?? "");
  const laneRec = cardLanes.find((l) => l.id === lane) ?? cardLanes[0];
  if (!stageId || !laneRec) {
    return (
      <p className="muted parked-to-board-form" role="status">
        {t("parking.toBoardNoPlace")}
      </p>
    );
  }
  return (
    <form
      className="parked-to-board-form"
      data-testid="parked-to-board-form"
      onSubmit={(e) => {
        e.preventDefault();
        const cell = store.getView().cells.get(`${stageId}\u0000${laneRec.id}`) ?? [];
        onPut(stageId, laneRec.id, laneRec.department, cell.at(-1)?.placement?.pos ?? null);
      }}
      onKeyDown={(e) => {
        // Board shortcuts stay out of the form; Escape puts it away.
        e.stopPropagation();
        if (e.key === "Escape") {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <label className="field" htmlFor={`${id}-stage`}>
        <span>{t("parking.toBoardStage")}</span>
        <select
          id={`${id}-stage`}
          data-testid="parked-to-board-stage"
          value={stageId}
          // biome-ignore lint/a11y/noAutofocus: the person just asked where to put the topic
          autoFocus
          onChange={(e) => setStage(e.target.value)}
        >
          {stages.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
      </label>
      <label className="field" htmlFor={`${id}-lane`}>
        <span>{t("parking.toBoardLane")}</span>
        <select
          id={`${id}-lane`}
          data-testid="parked-to-board-lane"
          value={laneRec.id}
          onChange={(e) => setLane(e.target.value)}
        >
          {cardLanes.map((l) => (
            <option key={l.id} value={l.id}>
              {l.title}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary-button" data-testid="parked-to-board-put">
        {t("parking.toBoardPut")}
      </button>
      <button type="button" className="small-button" onClick={onCancel}>
        {t("board.cancel")}
      </button>
    </form>
  );
}
