// The board's write operations bound to one open map and the current user, created once per map so
// memoised cards keep stable callbacks.
import type { LoroDoc } from "loro-crdt";
import { addCard, deleteCard, editCardText, rateEmotion, setCardColor } from "../doc/actions";
import type { CardColor } from "../doc/schema";

export interface BoardActions {
  add(stage: string, lane: string, department: string, afterPos: string | null): string;
  remove(id: string): void;
  color(id: string, color: CardColor): void;
  write(id: string, base: string, mine: string): string | null;
  rate(stage: string, score: number): void;
}

export function makeBoardActions(doc: LoroDoc, author: () => string): BoardActions {
  return {
    add: (stage, lane, department, afterPos) =>
      addCard(doc, { stage, lane, department, author: author(), afterPos }),
    remove: (id) => deleteCard(doc, id),
    color: (id, color) => setCardColor(doc, id, color),
    write: (id, base, mine) => editCardText(doc, id, base, mine),
    rate: (stage, score) => rateEmotion(doc, stage, author(), score),
  };
}
