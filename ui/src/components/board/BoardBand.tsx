// Rubber-band selection as a small state machine: idle → pressed (pointer down on the board's
// background) → banding (moved a few pixels; draws the rectangle) → idle on release, selecting the
// cards the rectangle touches. A press released without moving clears the selection. A finger
// never draws a rectangle: on a touch screen a swipe scrolls the board (the browser then cancels
// the pointer, which ends the press), and a tap on the background clears the selection.
import { type RefObject, useEffect, useRef, useState } from "react";

type State =
  | { kind: "idle" }
  | { kind: "pressed"; x: number; y: number; additive: boolean; touch: boolean }
  | { kind: "banding"; x: number; y: number; x2: number; y2: number; additive: boolean };

const INTERACTIVE =
  "[data-testid='card'], button, input, select, textarea, a, label, .popover, .stage-header, .lane-title";

interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

function rectOf(s: { x: number; y: number; x2: number; y2: number }): Rect {
  return {
    left: Math.min(s.x, s.x2),
    top: Math.min(s.y, s.y2),
    width: Math.abs(s.x2 - s.x),
    height: Math.abs(s.y2 - s.y),
  };
}

export function useRubberBand(
  root: RefObject<HTMLElement | null>,
  onBand: (ids: string[], additive: boolean) => void,
): Rect | null {
  const state = useRef<State>({ kind: "idle" });
  const [rect, setRect] = useState<Rect | null>(null);
  const cb = useRef(onBand);
  cb.current = onBand;
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    const down = (e: PointerEvent) => {
      if (e.button !== 0 || !(e.target instanceof Element) || e.target.closest(INTERACTIVE)) return;
      state.current = {
        kind: "pressed",
        x: e.clientX,
        y: e.clientY,
        additive: e.shiftKey || e.ctrlKey || e.metaKey,
        touch: e.pointerType === "touch",
      };
    };
    const move = (e: PointerEvent) => {
      const s = state.current;
      if (s.kind === "idle") return;
      if (s.kind === "pressed" && (s.touch || Math.hypot(e.clientX - s.x, e.clientY - s.y) < 5))
        return;
      const next: State = { ...s, kind: "banding", x2: e.clientX, y2: e.clientY };
      state.current = next;
      setRect(rectOf(next));
    };
    const up = () => {
      const s = state.current;
      state.current = { kind: "idle" };
      if (s.kind === "pressed") {
        if (!s.additive) cb.current([], false);
        return;
      }
      if (s.kind !== "banding") return;
      setRect(null);
      const r = rectOf(s);
      const ids: string[] = [];
      for (const c of el.querySelectorAll<HTMLElement>("[data-testid='card']")) {
        const b = c.getBoundingClientRect();
        const hit =
          b.right >= r.left &&
          b.left <= r.left + r.width &&
          b.bottom >= r.top &&
          b.top <= r.top + r.height;
        if (hit && c.dataset.cardId) ids.push(c.dataset.cardId);
      }
      cb.current(ids, s.additive);
    };
    // The browser took the pointer over (a swipe became a scroll): nothing is selected.
    const cancel = () => {
      state.current = { kind: "idle" };
      setRect(null);
    };
    el.addEventListener("pointerdown", down);
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
    window.addEventListener("pointercancel", cancel);
    return () => {
      el.removeEventListener("pointerdown", down);
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      window.removeEventListener("pointercancel", cancel);
    };
  }, [root]);
  return rect;
}

export function BandRect({ rect }: { rect: Rect | null }) {
  if (!rect) return null;
  return <div className="rubber-band" style={rect} aria-hidden="true" />;
}
