// The card being edited on the board or in the inspector, one session at a time. Starting one
// ends the previous: a card added here and left blank then goes (boardActions.ts
// dropIfAbandoned), and the keyboard focus comes back to the card, or to its cell when the card
// went, unless something else took it. Leaving the page ends the session the same way.
import { type RefObject, useCallback, useEffect, useRef, useState } from "react";
import type { MapStore } from "../../doc/store";
import { focusCell } from "./BoardKeys";
import type { BoardActions } from "./boardActions";
import { focusCard, focusInspector, revealCardSoon } from "./paneJump";

export type Editing = { id: string; where: "board" | "inspector" } | null;

export interface EditingSession {
  editing: Editing;
  /** Starts editing `id` (null: stops); nothing while the board is read-only. */
  startEdit: (id: string | null, where?: "board" | "inspector") => void;
  /** Ends any session at once, without the after-editing steps (the board turned read-only). */
  closeEditing: () => void;
}

export function useEditingSession(
  store: MapStore,
  actions: BoardActions,
  scrollRef: RefObject<HTMLElement | null>,
  readOnlyRef: RefObject<boolean>,
): EditingSession {
  const [editing, setEditing] = useState<Editing>(null);
  // The session as of the last change, read at once (the next one may start in the same event).
  const editingRef = useRef<Editing>(null);
  /**
   * After an editing session: the card goes if it was added here and left blank, and the keyboard
   * focus comes back to the card (or to its cell, when the card went) unless something took it.
   */
  const afterEditing = useCallback(
    (left: NonNullable<Editing>) => {
      const placement = store.getView().cards[left.id]?.placement;
      // A tick later: a click into the inspector's text field ends the board's session just before
      // the inspector's begins on the same card, which must then stay.
      window.setTimeout(() => {
        const dropped = !readOnlyRef.current && actions.dropIfAbandoned(left.id);
        requestAnimationFrame(() => {
          const board = scrollRef.current;
          const active = document.activeElement;
          if (!board || editingRef.current || (active && active !== document.body)) return;
          if (dropped && placement) focusCell(board, placement.stage, placement.lane);
          else if (left.where === "board") focusCard(board, left.id);
          else focusInspector();
        });
      }, 0);
    },
    [actions, store, readOnlyRef, scrollRef],
  );
  // Capture phase: at the window, before the outbox's own pagehide keeps the session's edits.
  useEffect(() => {
    const onHide = () => {
      if (!readOnlyRef.current) actions.dropOnPageHide();
    };
    window.addEventListener("pagehide", onHide, { capture: true });
    return () => window.removeEventListener("pagehide", onHide, { capture: true });
  }, [actions, readOnlyRef]);
  const startEdit = useCallback(
    (id: string | null, where: "board" | "inspector" = "board") => {
      if (id !== null && readOnlyRef.current) return;
      actions.editing(id);
      const left = editingRef.current;
      const next: Editing = id === null ? null : { id, where };
      editingRef.current = next;
      setEditing(next);
      if (left && left.id !== id) afterEditing(left);
      // The whole card in view, not only its caret (which is all the editor's focus scrolls to).
      const board = scrollRef.current;
      if (next?.where === "board" && left?.id !== next.id && board) revealCardSoon(board, next.id);
    },
    [actions, afterEditing, readOnlyRef, scrollRef],
  );
  const closeEditing = useCallback(() => {
    actions.editing(null);
    editingRef.current = null;
    setEditing(null);
  }, [actions]);
  return { editing, startEdit, closeEditing };
}
