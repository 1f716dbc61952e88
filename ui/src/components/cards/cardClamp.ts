// A long card is drawn as its first few lines (cards.css `.card-text`) with a "more" button that
// opens the whole text in the inspector, so a pasted page of text cannot make a card taller than
// the screen. Whether the clamp actually cut anything depends on the card's width and font, so it
// is measured, and only for texts long enough to possibly reach it.
//
// Measuring is batched for the whole board: one ResizeObserver watches every long card and reads
// their sizes in its callback, after the browser's own layout, so a board of thousands of cards is
// laid out once rather than once per card (reading `scrollHeight` right after each card mounts
// forced a layout per card: over a second on a 2,000-card board).
import { useEffect, useRef, useState } from "react";

/** How many lines of a card's text the board shows (matches `-webkit-line-clamp` in cards.css). */
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

type Report = (clamped: boolean) => void;

const isCut = (el: Element) => el.scrollHeight > el.clientHeight + 1;

/**
 * One observer for every measured card: its callback runs once per frame, after the browser's
 * layout, for all that changed. Every read happens there, so measuring never forces a layout.
 */
class ClampWatcher {
  private readonly reports = new Map<Element, Report>();
  private observer: ResizeObserver | null = null;

  watch(el: Element, report: Report): () => void {
    this.observer ??= new ResizeObserver((entries) => {
      for (const entry of entries) this.reports.get(entry.target)?.(isCut(entry.target));
    });
    this.reports.set(el, report);
    // A newly observed element is reported after the next layout: its first measurement.
    this.observer.observe(el);
    return () => {
      this.reports.delete(el);
      this.observer?.unobserve(el);
    };
  }

  /**
   * The text changed without the box changing size (still at the clamp). Observing the element
   * anew makes the observer report it after the next layout, as it does a new one (a read from a
   * frame callback instead would lay out the whole board before the frame does).
   */
  recheck(el: Element): void {
    if (!this.observer || !this.reports.has(el)) return;
    this.observer.unobserve(el);
    this.observer.observe(el);
  }
}

const watcher = new ClampWatcher();

/** True while the text in `el` is cut by its line clamp; re-measured when the element resizes. */
export function useClamped(el: HTMLElement | null, text: string): boolean {
  const [clamped, setClamped] = useState(false);
  const measure = mightClamp(text) && el !== null && typeof ResizeObserver !== "undefined";
  const measuredText = useRef<string | null>(null);
  useEffect(() => {
    if (!el || !measure) {
      setClamped(false);
      return;
    }
    return watcher.watch(el, setClamped);
  }, [el, measure]);
  useEffect(() => {
    // Watching an element measures it: only a later change of the text needs a recheck.
    const seen = measuredText.current;
    measuredText.current = el && measure ? text : null;
    if (el && measure && seen !== null && seen !== text) watcher.recheck(el);
  }, [el, measure, text]);
  return clamped;
}
