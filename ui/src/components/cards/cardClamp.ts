// A long card is drawn as its first few lines (cards.css `.card-text`) with a "more" button that
// opens the whole text in the inspector, so a pasted page of text cannot make a card taller than
// the screen. Whether the clamp actually cut anything depends on the card's width and font, so it
// is measured, and only for texts long enough to possibly reach it.
//
// Measuring is batched for the whole board: one ResizeObserver watches every long card and reads
// their sizes in its callback, after the browser's own layout, so a board of thousands of cards is
// laid out once rather than once per card (reading `scrollHeight` right after each card mounts
// forced a layout per card: over a second on a 2,000-card board).
import { useCallback, useEffect, useRef, useState } from "react";

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

interface Watched {
  report: Report;
  /** What was last reported (or what the card shows now, when it is first watched). */
  shown: boolean;
}

/**
 * One observer for every measured card: its callback runs once per frame, after the browser's
 * layout, for all that changed. Every read happens there, so measuring never forces a layout.
 * Only a change is reported: a card whose clamp cuts nothing, as most do, is not drawn again.
 */
class ClampWatcher {
  private readonly watched = new Map<Element, Watched>();
  private observer: ResizeObserver | null = null;

  watch(el: Element, report: Report, shown: boolean): () => void {
    this.observer ??= new ResizeObserver((entries) => {
      for (const entry of entries) {
        const w = this.watched.get(entry.target);
        if (!w) continue;
        const cut = isCut(entry.target);
        if (cut !== w.shown) {
          w.shown = cut;
          w.report(cut);
        }
      }
    });
    this.watched.set(el, { report, shown });
    // A newly observed element is reported after the next layout: its first measurement.
    this.observer.observe(el);
    return () => {
      this.watched.delete(el);
      this.observer?.unobserve(el);
    };
  }

  /**
   * The text changed without the box changing size (still at the clamp). Observing the element
   * anew makes the observer report it after the next layout, as it does a new one (a read from a
   * frame callback instead would lay out the whole board before the frame does).
   */
  recheck(el: Element): void {
    if (!this.observer || !this.watched.has(el)) return;
    this.observer.unobserve(el);
    this.observer.observe(el);
  }
}

const watcher = new ClampWatcher();

/**
 * Whether the text is cut by its line clamp, and the ref for the element that shows it (measured
 * while it is in the page, again when it resizes or the text changes). A ref rather than state
 * holding the element: setting that state drew every card on the board a second time as it
 * mounted.
 */
export function useClamped(text: string): [boolean, (el: HTMLElement | null) => void] {
  const [clamped, setClamped] = useState(false);
  const measure = mightClamp(text) && typeof ResizeObserver !== "undefined";
  const live = useRef({ el: null as HTMLElement | null, stop: null as (() => void) | null });
  const shown = useRef(clamped);
  shown.current = clamped;
  const measureNow = useRef(measure);
  measureNow.current = measure;
  const measuredText = useRef<string | null>(null);

  const textRef = useCallback((el: HTMLElement | null) => {
    const w = live.current;
    if (el === w.el) return;
    w.stop?.();
    w.stop = null;
    w.el = el;
    if (el && measureNow.current) w.stop = watcher.watch(el, setClamped, shown.current);
  }, []);

  useEffect(() => {
    const w = live.current;
    const seen = measuredText.current;
    measuredText.current = measure ? text : null;
    if (!measure) {
      // Short (or empty) now, shown or not (it may have been edited out of the page): nothing to
      // measure, nothing cut.
      w.stop?.();
      w.stop = null;
      setClamped(false);
      return;
    }
    if (!w.el) return;
    if (!w.stop) w.stop = watcher.watch(w.el, setClamped, shown.current);
    // Watching an element measures it: only a later change of the text needs a recheck.
    else if (seen !== null && seen !== text) watcher.recheck(w.el);
  }, [measure, text]);

  useEffect(
    () => () => {
      live.current.stop?.();
      live.current.stop = null;
    },
    [],
  );
  return [clamped, textRef];
}
