// A popover anchored under its opener; closes on Escape (anywhere) or a pointer press outside it.
// A press on the opener (`toggle`) counts as inside, so the opener's own click can close it. On a
// touch screen a tap outside only closes it: with a mouse one sees what is under the pointer and
// clicks it on purpose, but a finger tapping the board to put a panel away would otherwise also
// select the card it landed on and open that card's sheet.
import { type ReactNode, type RefObject, useEffect, useLayoutEffect, useRef } from "react";

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

/** How long after a tap its click may come (a slow tap on a phone); past that none is dropped. */
const TAP_CLICK_MS = 800;

/** Drops the click the tap under way will make, and nothing else (the next press ends the wait). */
function dropTheTapsClick(): void {
  const drop = (e: MouseEvent) => {
    e.preventDefault();
    e.stopPropagation();
    done();
  };
  const nextPress = () => done();
  const done = () => {
    window.clearTimeout(timer);
    window.removeEventListener("click", drop, true);
    window.removeEventListener("pointerdown", nextPress, true);
  };
  const timer = window.setTimeout(done, TAP_CLICK_MS);
  window.addEventListener("click", drop, true);
  // Registered after this press has finished reaching its listeners.
  window.setTimeout(() => window.addEventListener("pointerdown", nextPress, true), 0);
}

export function BoardPopover({ label, testId, onClose, toggle, children, className }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  // The latest callbacks, read when an event arrives: the listeners are registered once, so a
  // parent re-rendering with a new `onClose` (or `toggle`) never drops an event in flight.
  const close = useRef(onClose);
  close.current = onClose;
  const opener = useRef(toggle);
  opener.current = toggle;
  // Closed by a button inside it (Start, a timer preset, Reveal): the focus would go with the
  // popover to the page's body, and a keyboard or screen-reader user would lose their place. It
  // goes back to the opener. Read before React takes the popover out of the page.
  useLayoutEffect(
    () => () => {
      const back = opener.current?.current;
      if (ref.current?.contains(document.activeElement) && back?.isConnected) {
        back.focus({ preventScroll: true });
      }
    },
    [],
  );
  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      const el = ref.current;
      if (!el || !(e.target instanceof Node) || el.contains(e.target)) return;
      if (opener.current?.current?.contains(e.target)) return;
      if (e.pointerType === "touch") dropTheTapsClick();
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
