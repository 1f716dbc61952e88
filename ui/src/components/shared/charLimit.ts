// The one way a text field in the UI is held to a length limit. The limits count characters
// (Unicode scalar values, doc/textLength.ts) as the host does; `maxLength` counts UTF-16 units, so
// it refused a title of 150 × 𠮷 that the host accepts and could cut a surrogate pair in half on
// paste. Like maxLength, what goes over the limit is cut from what was just typed or pasted (the
// text before the caret), never from the text after it, and the caret stays right after what was
// kept. A field the limit leaves alone is not touched, so its caret never moves.
//
// What is cut is said (the page's status line, cardNotice.ts): a title pasted at 288 characters
// and kept at 200 must not lose its end without a word.
import i18next from "i18next";
import type { ChangeEvent, CompositionEvent } from "react";
import { textHead, textLength } from "../../doc/textLength";
import { showCardNotice } from "../cards/cardNotice";
import { formatCount } from "./limitMessages";

type TextField = HTMLInputElement | HTMLTextAreaElement;

/** A field's text and caret after the limit. */
export interface KeptText {
  text: string;
  caret: number;
}

/**
 * `text` within `max` characters: the part before `caret` (where the typing or pasting just
 * happened) is shortened so the whole fits. Should the text after the caret alone be too long (a
 * value that came in over the limit), the end of the text is cut instead.
 */
export function keepWithinLimit(text: string, caret: number, max: number): KeptText {
  if (textLength(text) <= max) return { text, caret };
  const after = text.slice(caret);
  const room = max - textLength(after);
  if (room < 0) {
    const head = textHead(text, max);
    return { text: head, caret: Math.min(caret, head.length) };
  }
  const before = textHead(text.slice(0, caret), room);
  return { text: before + after, caret: before.length };
}

/**
 * Holds the field's own text to `max` characters and returns it. Written straight into the field,
 * so when React then renders the same value it leaves the field, and the caret, alone.
 */
export function limitField(field: TextField, max: number): string {
  const caret = field.selectionEnd;
  const kept = keepWithinLimit(field.value, caret ?? field.value.length, max);
  if (kept.text !== field.value) {
    showCardNotice(
      i18next.t("card.truncated", { max: formatCount(max, i18next.language) }),
      "text-cut",
    );
    field.value = kept.text;
    if (caret !== null) field.setSelectionRange(kept.caret, kept.caret);
  }
  return kept.text;
}

/**
 * The handlers of a controlled text field limited to `max` characters, to spread on it:
 * `<input value={title} {...charLimit(MAX_TITLE_CHARS, setTitle)} />`. `onText` gets the text to
 * keep on every change, and once more when a composition ended over the limit: while an input
 * method composes, the text is left as it is, since changing it would break the composition.
 */
export function charLimit(max: number, onText: (text: string) => void) {
  return {
    onChange: (e: ChangeEvent<TextField>) => {
      const composing = (e.nativeEvent as InputEvent).isComposing ?? false;
      onText(composing ? e.target.value : limitField(e.target, max));
    },
    onCompositionEnd: (e: CompositionEvent<TextField>) => {
      const composed = e.currentTarget.value;
      const kept = limitField(e.currentTarget, max);
      if (kept !== composed) onText(kept);
    },
  };
}
