// A card someone added and left without writing anything ("+ Add card" then Escape, or only spaces
// and line breaks) is not a note: it is removed when its editing session ends, instead of staying
// on the board as an empty sticky. The removal is committed with a no-undo origin (undoSteps.ts),
// so no undo step ever brings the empty card back, even when someone else's change arriving
// mid-session split that session into several undo steps; the step that created it is forgotten
// (UndoSteps.forget), so the next Ctrl+Z takes back what came before instead of changing nothing. Which card to remove (only one this person just added, and nobody else is typing
// in) is decided by the board (components/board/boardActions.ts).
import type { LoroDoc } from "loro-crdt";
import { cardText } from "./actions";
import { ROOT } from "./schema";
import { NO_UNDO_PREFIX } from "./undoSteps";

export const BLANK_CARD_ORIGIN = `${NO_UNDO_PREFIX}blank-card`;

/** Nothing but white space (spaces, line breaks, tabs, the full-width space of Chinese input). */
export function isBlankText(text: string): boolean {
  return text.trim() === "";
}

/** Removes the card if its text is blank; returns whether it did. */
export function removeBlankCard(doc: LoroDoc, id: string): boolean {
  const text = cardText(doc, id);
  if (!text || !isBlankText(text.toString())) return false;
  doc.getMap(ROOT.cards).delete(id);
  doc.commit({ origin: BLANK_CARD_ORIGIN });
  return true;
}
