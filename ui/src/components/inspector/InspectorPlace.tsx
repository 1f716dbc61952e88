// Where the card is — its stage and its lane — as two lists that move it to the end of the cell
// chosen: the way to move a card where nothing can be dragged (a phone, a tablet) and no key held
// (Alt+arrows), and a quick one across a wide map.
import type { CardRec } from "../../doc/schema";
import { cellKey, type MapView } from "../../doc/store";
import { useTranslation } from "../../i18n/useTranslation";
import type { BoardActions } from "../board/boardActions";
import { useReadOnly } from "../shared/readOnly";

interface Props {
  card: CardRec;
  view: MapView;
  actions: BoardActions;
}

export function InspectorPlace({ card, view, actions }: Props) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  const lanes = view.lanes.filter((l) => l.kind === "cards" || l.kind === "department");
  if (!card.placement) return null;
  const { stage, lane } = card.placement;
  const moveTo = (toStage: string, toLane: string) => {
    if (toStage === stage && toLane === lane) return;
    const cell = view.cells.get(cellKey(toStage, toLane)) ?? [];
    const last = cell.filter((c) => c.id !== card.id).at(-1)?.placement?.pos ?? null;
    actions.moveCards([card.id], toStage, toLane, last, null);
  };
  return (
    <div className="field inspector-place">
      <span>{t("board.inspector.place")}</span>
      <div className="inspector-place-row">
        <select
          data-testid="place-stage"
          aria-label={t("board.inspector.placeStage")}
          disabled={readOnly}
          value={stage}
          onChange={(e) => moveTo(e.target.value, lane)}
        >
          {view.stages.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title.trim() || "…"}
            </option>
          ))}
        </select>
        <select
          data-testid="place-lane"
          aria-label={t("board.inspector.placeLane")}
          disabled={readOnly}
          value={lane}
          onChange={(e) => moveTo(stage, e.target.value)}
        >
          {lanes.map((l) => (
            <option key={l.id} value={l.id}>
              {l.title.trim() || "…"}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
