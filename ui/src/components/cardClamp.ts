// A long card is drawn as its first few lines (styles.css `.card-text`) with a "more" button that
// opens the whole text in the inspector, so a pasted page of text cannot make a card taller than
// the screen. Whether the clamp actually cut anything depends on the card's width and font, so it
// is measured, and only for texts long enough to possibly reach it.
import { useLayoutEffect, useState } from "react";

/** How many lines of a card's text the board shows (matches `-webkit-line-clamp` in styles.css). */
export const CARD_CLAMP_LINES = 8;

/**
 * Whether `text` could fill more than CARD_CLAMP_LINES lines on the narrowest card: more line
 * breaks than that, or more characters than the widest glyphs (CJK, emoji) fit in those lines.
 */
export function mightClamp(text: string): boolean {
  if (text.length > 40) return true;
  let lines = 1;
  for (const ch of text) if (ch === "\n") lines++;
  return lines > CARD_CLAMP_LINES;
}

/** True while the text in `el` is cut by its line clamp; re-measured when the element resizes. */
export function useClamped(el: HTMLElement | null, text: string): boolean {
  const [clamped, setClamped] = useState(false);
  const measure = mightClamp(text);
  // biome-ignore lint/correctness/useExhaustiveDependencies: text is the re-measure trigger
  useLayoutEffect(() => {
    if (!el || !measure || typeof ResizeObserver === "undefined") {
      setClamped(false);
      return;
    }
    const check = () => setClamped(el.scrollHeight > el.clientHeight + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(el);
    return () => observer.disconnect();
  }, [el, text, measure]);
  return clamped;
}
