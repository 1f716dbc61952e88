// Keeps a card editor focused when the board moves its card in the page. Someone else moving the
// card being edited (Alt+↓, or a drag below its neighbour) makes React move the card's element
// within its cell, and a focused element that is moved loses the focus: Chromium blurs it just
// before taking it out, which would finish editing; WebKit says nothing, and the next keys go to
// the page. Either way the person never left the field, and what they typed next was lost. A
// mutation observer on the card's cell tells a move from a person leaving: a blur followed, within
// the same task, by the card's element being taken out or put back is a move, and the editor takes
// the focus back instead of finishing.
import type { EditorView } from "@codemirror/view";

export interface FocusGuard {
  /** From the editor's blur handler: runs `left` once it is clear the person left the field;
   * when the blur came from the card being moved, the editor takes the focus back instead. */
  onBlur(left: () => void): void;
  dispose(): void;
}

function nothingFocused(): boolean {
  const active = document.activeElement;
  return active === null || active === document.body;
}

/** `card`: the element the board moves (the editor's card; none in the inspector). */
export function guardFocusThroughMoves(view: EditorView, card: Element | null): FocusGuard {
  const container = card?.parentElement ?? null;
  if (!card || !container || typeof MutationObserver === "undefined") {
    return { onBlur: (left) => left(), dispose: () => {} };
  }
  let hadFocus = view.hasFocus;
  let disposed = false;
  const onFocus = () => {
    hadFocus = true;
  };
  view.contentDOM.addEventListener("focus", onFocus);
  const moved = (records: MutationRecord[]) =>
    records.some(
      (r) =>
        Array.prototype.includes.call(r.addedNodes, card) ||
        Array.prototype.includes.call(r.removedNodes, card),
    );
  const takeBack = () => {
    if (!disposed && hadFocus && card.isConnected && !view.hasFocus && nothingFocused())
      view.focus();
  };
  // A move this observer was told of in the current task. Mutation observers are all notified
  // in one microtask, which may have been queued before the blur's (another observer, such as
  // CodeMirror's own, had records waiting): then the records of the move come here first.
  let justMoved = false;
  // WebKit: no blur at all; the records arrive once the move is done.
  const observer = new MutationObserver((records) => {
    if (!moved(records)) return;
    justMoved = true;
    queueMicrotask(() => {
      justMoved = false;
    });
    takeBack();
  });
  observer.observe(container, { childList: true });
  return {
    onBlur: (left) => {
      // The blur comes before the move; the records of the move are there once the code that
      // moves the card (React's commit) has run, which is before the next microtask.
      queueMicrotask(() => {
        if (disposed) return;
        if (justMoved || moved(observer.takeRecords())) takeBack();
        else {
          hadFocus = false;
          left();
        }
      });
    },
    dispose: () => {
      disposed = true;
      observer.disconnect();
      view.contentDOM.removeEventListener("focus", onFocus);
    },
  };
}
