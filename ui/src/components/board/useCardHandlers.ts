// The handlers every card on the board shares: selecting, starting an edit, deleting, colouring
// and dragging the selection. One stable object for the memoised cards: it reads the current
// selection through a ref, so a new selection does not redraw every card.
import { type Dispatch, type RefObject, type SetStateAction, useMemo } from "react";
import type { CardColor } from "../../doc/schema";
import type { BoardMap } from "../../hooks/useOpenMap";
import { useTranslation } from "../../i18n/useTranslation";
import type { CardHandlers } from "../cards/CardView";
import { showCardNotice } from "../cards/cardNotice";
import type { BoardActions } from "./boardActions";
import { focusBesideRemoved } from "./focusAfterRemoval";

/** How long "Card deleted · Undo" stays. */
const DELETED_NOTICE_MS = 8_000;

export function useCardHandlers(
  open: BoardMap,
  actions: BoardActions,
  startEdit: (id: string | null) => void,
  selRef: RefObject<ReadonlySet<string>>,
  setSelected: Dispatch<SetStateAction<ReadonlySet<string>>>,
): CardHandlers {
  const { t } = useTranslation();
  return useMemo<CardHandlers>(
    () => ({
      select: (id, additive) =>
        setSelected((old) => {
          if (!additive) return new Set([id]);
          const next = new Set(old);
          if (next.has(id)) next.delete(id);
          else next.add(id);
          return next;
        }),
      edit: (id) => startEdit(id),
      removeSelection: () => {
        const ids = [...selRef.current];
        setSelected(new Set());
        if (ids.length === 0) return;
        focusBesideRemoved(new Set(ids));
        actions.removeCards(ids);
        // One tap deletes (a phone's sheet, the Delete key): the way back is offered at once, for
        // as long as nothing else of one's own was done since.
        const doc = open.doc;
        const mark = doc.oplogVersion().get(doc.peerIdStr);
        showCardNotice(
          t("board.deleted", { count: ids.length }),
          "deleted-notice",
          DELETED_NOTICE_MS,
          {
            label: t("history.undo"),
            run: () => {
              if (doc.oplogVersion().get(doc.peerIdStr) === mark) open.steps.undoLast();
            },
          },
        );
      },
      colorSelection: (c: CardColor) => actions.colorCards([...selRef.current], c),
      dragIds: (id) => (selRef.current.has(id) ? [...selRef.current] : [id]),
    }),
    [actions, startEdit, open, t, selRef, setSelected],
  );
}
