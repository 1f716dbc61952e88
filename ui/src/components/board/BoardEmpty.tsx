// What the board area says while there is no grid to show: loading, a map without stages (with
// the button that adds the first one), a map without lanes.
import { useTranslation } from "../../i18n/useTranslation";
import { useReadOnly } from "../shared/readOnly";

interface Props {
  ready: boolean;
  stages: number;
  lanes: number;
  onAddStage: () => void;
}

export function BoardEmpty({ ready, stages, lanes, onAddStage }: Props) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  if (!ready && stages === 0) return <p className="board-message">{t("board.loading")}</p>;
  if (ready && stages === 0)
    return (
      <div className="board-empty">
        <p className="board-message">{t("board.noStages")}</p>
        <button
          hidden={readOnly}
          type="button"
          className="primary-button"
          data-testid="add-stage"
          onClick={onAddStage}
        >
          {t("board.stage.addFirst")}
        </button>
      </div>
    );
  if (ready && lanes === 0) return <p className="board-message">{t("board.noLanes")}</p>;
  return null;
}
