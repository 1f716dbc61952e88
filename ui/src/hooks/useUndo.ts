// Undo/redo of this peer's edits for the open map: button state and the keyboard shortcuts
// (Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z, Ctrl+Y), never intercepted during an IME composition.
import { useCallback, useEffect, useSyncExternalStore } from "react";
import type { OpenMap } from "./useOpenMap";

const noop = () => () => {};

export function useUndo(open: OpenMap | null) {
  // Checked on every document change, but the owner re-renders only when a button's state
  // changes (a number, not the view's version: that changes on every keystroke).
  const state = useSyncExternalStore(
    open ? open.store.subscribe : noop,
    open ? () => Number(open.undo.canUndo()) + 2 * Number(open.undo.canRedo()) : () => 0,
  );
  const undo = useCallback(() => {
    open?.steps.end();
    open?.undo.undo();
  }, [open]);
  const redo = useCallback(() => {
    open?.steps.end();
    open?.undo.redo();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing || e.keyCode === 229) return;
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === "z") {
        e.preventDefault();
        open.steps.end();
        if (e.shiftKey) open.undo.redo();
        else open.undo.undo();
      } else if (key === "y" && e.ctrlKey) {
        e.preventDefault();
        open.steps.end();
        open.undo.redo();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);

  return {
    canUndo: (state & 1) !== 0,
    canRedo: (state & 2) !== 0,
    undo,
    redo,
  };
}
