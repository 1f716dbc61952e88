// Undo/redo of this peer's edits for the open map, one gesture at a time (doc/undoSteps.ts): button
// state and the keyboard shortcuts (Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z, Ctrl+Y), never intercepted
// during an IME composition. An undo or redo that removes a card someone else wrote in says so,
// with a button that puts the card back as it was (doc/undoneCards.ts).
import { useCallback, useEffect, useRef, useSyncExternalStore } from "react";
import { hideCardNotice, showCardNotice } from "../components/cards/cardNotice";
import { CARD_NAME_CHARS, textPreview } from "../doc/textLength";
import { cardsBefore, putBackRemoved, removedWithOthersWords } from "../doc/undoneCards";
import { useTranslation } from "../i18n/useTranslation";
import type { OpenMap } from "./useOpenMap";

const noop = () => () => {};

/** The notice stays longer than a plain one: it offers to undo a loss. */
const REMOVED_NOTICE_MS = 15_000;

export function useUndo(open: OpenMap | null) {
  const { t } = useTranslation();
  // Checked on every document change, but the owner re-renders only when a button's state
  // changes (a number, not the view's version: that changes on every keystroke).
  const state = useSyncExternalStore(
    open ? open.store.subscribe : noop,
    open ? () => Number(open.undo.canUndo()) + 2 * Number(open.undo.canRedo()) : () => 0,
  );
  // Cards known to hold someone else's words though this screen wrote them last: one it put back
  // after an undo (every character of it is then this peer's).
  const shared = useRef(new Set<string>());
  const current = useRef(open);
  current.current = open;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again for each map opened
  useEffect(() => {
    shared.current = new Set();
    // An offer to put a card back belongs to the map it was made on.
    return () => hideCardNotice("undo-removed");
  }, [open]);

  /** Runs an undo or redo, and says so when it removed a card someone else wrote in. */
  const replaying = useCallback(
    (step: (o: OpenMap) => void) => {
      if (!open) return;
      const before = cardsBefore(open.doc);
      step(open);
      const removed = removedWithOthersWords(open.doc, before, shared.current);
      const first = removed[0];
      if (!first) return;
      showCardNotice(
        t("history.removedOthers", {
          card: textPreview(first.text, CARD_NAME_CHARS) || t("card.empty"),
        }),
        "undo-removed",
        REMOVED_NOTICE_MS,
        {
          label: t("history.putBack"),
          run: () => {
            if (current.current !== open) return;
            for (const id of putBackRemoved(open.doc, removed)) shared.current.add(id);
          },
        },
      );
    },
    [open, t],
  );
  const undo = useCallback(() => replaying((o) => o.steps.undoGesture()), [replaying]);
  const redo = useCallback(() => replaying((o) => o.steps.redoGesture()), [replaying]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing || e.keyCode === 229) return;
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === "z") {
        e.preventDefault();
        if (e.shiftKey) redo();
        else undo();
      } else if (key === "y" && e.ctrlKey) {
        e.preventDefault();
        redo();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open, undo, redo]);

  return {
    canUndo: (state & 1) !== 0,
    canRedo: (state & 2) !== 0,
    undo,
    redo,
  };
}
