// The board's write operations bound to one open map and the current user, created once per map so
// memoised cards keep stable callbacks.
import type { LoroDoc } from "loro-crdt";
import { addCard, deleteCard, editCardText, rateEmotion, setCardColor } from "../doc/actions";
import type { CardColor } from "../doc/schema";
import type { UndoSteps } from "../doc/undoSteps";

export interface BoardActions {
  /** Creates a card and opens an undo step that lasts until its editor closes. */
  add(stage: string, lane: string, department: string, afterPos: string | null): string;
  remove(id: string): void;
  color(id: string, color: CardColor): void;
  write(id: string, base: string, mine: string): string | null;
  rate(stage: string, score: number): void;
  /** The card being edited (null: none); each editing session is one undo step. */
  editing(id: string | null): void;
}

export function makeBoardActions(
  doc: LoroDoc,
  steps: UndoSteps,
  author: () => string,
): BoardActions {
  let editingId: string | null = null;
  // A discrete action is a step of its own; an editing session around it goes on as a new step.
  const discrete = <T>(f: () => T): T => {
    steps.end();
    const result = f();
    if (editingId !== null) steps.begin();
    return result;
  };
  return {
    add: (stage, lane, department, afterPos) => {
      steps.end();
      steps.begin();
      // Creating the card and typing its first text is one step: the editor opens next.
      editingId = addCard(doc, { stage, lane, department, author: author(), afterPos });
      return editingId;
    },
    remove: (id) => discrete(() => deleteCard(doc, id)),
    color: (id, color) => discrete(() => setCardColor(doc, id, color)),
    write: (id, base, mine) => editCardText(doc, id, base, mine),
    rate: (stage, score) => discrete(() => rateEmotion(doc, stage, author(), score)),
    editing: (id) => {
      if (id === editingId) return;
      steps.end();
      if (id !== null) steps.begin();
      editingId = id;
    },
  };
}
