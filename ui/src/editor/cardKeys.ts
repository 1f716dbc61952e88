// The keys that end or break a line in the card editor, as in sticky-note tools: Enter finishes
// the card, Shift+Enter (or Alt/Option+Enter) starts a new line, Escape finishes. None of them act
// while an input method composes: there Enter confirms the composed text and Escape cancels it,
// and editing goes on (ime.ts).
import { isImeKey } from "./ime";

export type CardKeyAction = "finish" | "newline";

export interface CardKey {
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  isComposing: boolean;
  keyCode: number;
}

/** What the card editor does with a key press; null: the key is not its business. */
export function cardKeyAction(e: CardKey, composing: boolean): CardKeyAction | null {
  if (composing || isImeKey(e)) return null;
  if (e.key === "Escape") return "finish";
  if (e.key !== "Enter") return null;
  return e.shiftKey || e.altKey ? "newline" : "finish";
}
