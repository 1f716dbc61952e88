// The board's actions over a map document, as a test drives them: a participant named 小林 with an
// undo manager of its own, nobody else editing, limits reported to `onLimit`.
import type { LoroDoc } from "loro-crdt";
import { makeBoardActions } from "../../src/components/board/boardActions";
import type { LimitHit } from "../../src/doc/mapLimits";
import { mapUndoManager, UndoSteps } from "../../src/doc/undoSteps";

export function boardActionsOn(
  doc: LoroDoc,
  othersEditing: (id: string) => boolean = () => false,
  onLimit: (hit: LimitHit) => void = () => {},
) {
  const undo = mapUndoManager(doc);
  const steps = new UndoSteps(undo);
  const actions = makeBoardActions(
    doc,
    steps,
    () => "小林",
    () => ({ id: "p1", name: "小林", color: "#2f6fde" }),
    othersEditing,
    onLimit,
  );
  return { undo, steps, actions };
}
