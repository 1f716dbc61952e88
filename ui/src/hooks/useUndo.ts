// Undo/redo of this peer's edits for the open map: button state and the keyboard shortcuts
// (Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z, Ctrl+Y), never intercepted during an IME composition.
import { useCallback, useEffect, useSyncExternalStore } from "react";
import type { OpenMap } from "./useOpenMap";

const noop = () => () => {};

export function useUndo(open: OpenMap | null) {
  // re-render on every document change so canUndo/canRedo stay current
  useSyncExternalStore(
    open ? open.store.subscribe : noop,
    open ? () => open.store.getView().version : () => 0,
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
    canUndo: open ? open.undo.canUndo() : false,
    canRedo: open ? open.undo.canRedo() : false,
    undo,
    redo,
  };
}
