// A popover anchored under its opener; closes on Escape (anywhere) or a pointer press outside it.
// A press on the opener (`toggle`) counts as inside, so the opener's own click can close it.
import { type ReactNode, type RefObject, useEffect, useRef } from "react";

interface Props {
  label: string;
  testId?: string;
  onClose: () => void;
  /** The button that opens and closes this popover: presses on it are not "outside". */
  toggle?: RefObject<HTMLElement | null>;
  children: ReactNode;
  className?: string;
}

/** True while a board popover is open (the board's own keys then leave Escape to it). */
export function popoverOpen(): boolean {
  return document.querySelector("[data-board-popover]") !== null;
}

export function BoardPopover({ label, testId, onClose, toggle, children, className }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  // The latest callbacks, read when an event arrives: the listeners are registered once, so a
  // parent re-rendering with a new `onClose` (or `toggle`) never drops an event in flight.
  const close = useRef(onClose);
  close.current = onClose;
  const opener = useRef(toggle);
  opener.current = toggle;
  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      const el = ref.current;
      if (!el || !(e.target instanceof Node) || el.contains(e.target)) return;
      if (opener.current?.current?.contains(e.target)) return;
      close.current();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.isComposing || e.defaultPrevented) return;
      e.preventDefault();
      const back = opener.current?.current;
      // Focus was inside the popover (which is going away): give it back to the opener.
      const inside = ref.current?.contains(document.activeElement) ?? false;
      close.current();
      if (inside && back?.isConnected) back.focus({ preventScroll: true });
    };
    // Registered after the opening click has finished.
    const id = window.setTimeout(() => window.addEventListener("pointerdown", onDown), 0);
    window.addEventListener("keydown", onKey);
    return () => {
      window.clearTimeout(id);
      window.removeEventListener("pointerdown", onDown);
      window.removeEventListener("keydown", onKey);
    };
  }, []);
  return (
    <div
      ref={ref}
      className={`popover ${className ?? ""}`}
      role="dialog"
      aria-label={label}
      data-testid={testId}
      data-board-popover=""
    >
      {children}
    </div>
  );
}
