// Deleting a stage or a lane from the board: at once when it holds no card, else after a
// confirmation that says how many cards go with it (undo brings them back). Both are stable, so
// the memoised headers and lanes are not redrawn for a new function on every edit.
import { useCallback } from "react";
import type { LaneRec, StageRec } from "../../doc/schema";
import type { MapStore } from "../../doc/store";
import { useTranslation } from "../../i18n/useTranslation";
import { type ConfirmRequest, countCards } from "../shared/BoardConfirm";
import type { BoardActions } from "./boardActions";

export function useStructureDeletes(
  store: MapStore,
  actions: BoardActions,
  confirm: (req: ConfirmRequest) => void,
) {
  const { t } = useTranslation();
  const deleteStage = useCallback(
    (s: StageRec) => {
      const v = store.getView();
      const n = countCards(
        v,
        (stage, lane) => stage === s.id && v.lanes.some((l) => l.id === lane),
      );
      if (n === 0) return actions.deleteStage(s.id);
      confirm({
        message: t("board.stage.deleteConfirm", { title: s.title, count: n }),
        okLabel: t("board.stage.delete"),
        onOk: () => actions.deleteStage(s.id),
      });
    },
    [actions, store, confirm, t],
  );
  const deleteLane = useCallback(
    (l: LaneRec) => {
      const v = store.getView();
      const n = countCards(
        v,
        (stage, lane) => lane === l.id && v.stages.some((s) => s.id === stage),
      );
      if (n === 0) return actions.deleteLane(l.id);
      confirm({
        message: t("board.lane.deleteConfirm", { title: l.title, count: n }),
        okLabel: t("board.lane.delete"),
        onOk: () => actions.deleteLane(l.id),
      });
    },
    [actions, store, confirm, t],
  );
  return { deleteStage, deleteLane };
}
