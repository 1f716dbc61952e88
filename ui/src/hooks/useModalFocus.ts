// Keyboard behaviour of a modal dialog: the focus moves into it when it opens, Tab and Shift+Tab
// stay inside it, and when it closes the focus goes back to where it was (the button that opened
// it), so a keyboard user never lands on the page behind.
import { type KeyboardEvent, type RefObject, useCallback, useLayoutEffect } from "react";

const FOCUSABLE =
  'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [href], [tabindex]:not([tabindex="-1"])';

/** Focuses `dialog` (give it tabIndex={-1}); returns the onKeyDown that keeps Tab inside it. */
export function useModalFocus(
  dialog: RefObject<HTMLElement | null>,
): (e: KeyboardEvent<HTMLElement>) => void {
  useLayoutEffect(() => {
    const back = document.activeElement;
    dialog.current?.focus();
    return () => {
      if (back instanceof HTMLElement && back.isConnected) back.focus({ preventScroll: true });
    };
  }, [dialog]);

  return useCallback(
    (e: KeyboardEvent<HTMLElement>) => {
      const root = dialog.current;
      if (e.key !== "Tab" || !root) return;
      const items = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
        (el) => !el.closest("[hidden]"),
      );
      const first = items[0];
      const last = items[items.length - 1];
      if (!first || !last) {
        e.preventDefault();
        return;
      }
      const active = document.activeElement;
      if (e.shiftKey && (active === first || active === root)) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && active === last) {
        e.preventDefault();
        first.focus();
      }
    },
    [dialog],
  );
}
