// Which pane of the board area shows (the board, its action plan or its parking lot) and the moves
// between the board and the plan:
// a card made into an action opens the plan at the new action, an action's card opens the board
// with that card selected and centred.
import { type RefObject, useState } from "react";
import type { MapStore } from "../../doc/store";
import { useTranslation } from "../../i18n/useTranslation";
import type { BoardPane } from "../board/BoardToolbar";
import type { BoardActions } from "../board/boardActions";
import { centerCardSoon, focusCard } from "../board/paneJump";

export function useActionPane(
  store: MapStore,
  actions: BoardActions,
  scrollRef: RefObject<HTMLElement | null>,
  select: (ids: ReadonlySet<string>) => void,
) {
  const { t } = useTranslation();
  const [pane, setPane] = useState<BoardPane>("board");
  /** An action to show with its title focused once the action plan is drawn. */
  const [focusAction, setFocusAction] = useState<string | null>(null);
  const openAction = (id: string) => {
    setFocusAction(id);
    setPane("actions");
  };
  const makeAction = (cardId: string) => {
    const v = store.getView();
    const card = v.cards[cardId];
    if (!card) return;
    const lane = v.lanes.find((l) => l.id === card.placement?.lane);
    const title = card.text.trim().split("\n")[0]?.trim() || t("actions.newTitle");
    const team = card.department || (lane?.kind === "department" ? lane.department : "");
    const id = actions.addAction({ title, team, cards: [cardId] });
    if (id) openAction(id);
  };
  const showCard = (id: string) => {
    setPane("board");
    select(new Set([id]));
    requestAnimationFrame(() => {
      const board = scrollRef.current;
      if (!board) return;
      centerCardSoon(board, id);
      // The control that asked (an action's card, "Put on the board") went with its pane: the
      // focus goes to the card rather than to the page's body. Focus elsewhere is left alone.
      requestAnimationFrame(() => {
        const lost = document.activeElement === document.body || !document.activeElement;
        if (lost && board.isConnected) focusCard(board, id);
      });
    });
  };
  return {
    pane,
    setPane,
    focusAction,
    focused: () => setFocusAction(null),
    openAction,
    makeAction,
    showCard,
  };
}
