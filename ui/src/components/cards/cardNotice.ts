// A short status message about a card that outlives the card's own component: when someone else
// deletes the card being edited, its editor is unmounted with it, so the message is placed at the
// end of the page (the `toast` look, said through a live region) and removes itself after a few
// seconds.
// Kept outside the React tree so no board-level state is needed for a one-off line. The board also
// shows here why an add button did nothing (the map is at one of its limits).

const SHOW_MS = 6_000;
let current: { el: HTMLElement; timer: ReturnType<typeof setTimeout> } | null = null;
let live: HTMLElement | null = null;

/**
 * Screen readers read a live region's text when it changes, not one put into the page with its
 * text already in it: the message is said through one empty region kept in the page (the toast
 * itself is only for the eyes).
 */
function announce(message: string): void {
  if (!live?.isConnected) {
    live = document.createElement("div");
    live.setAttribute("role", "status");
    live.className = "sr-only";
    live.dataset.testid = "notice-said";
    document.body.append(live);
  }
  const region = live;
  // Emptied first, so the same message twice in a row is said twice.
  region.textContent = "";
  setTimeout(() => {
    region.textContent = message;
  }, 50);
}

/** A button beside a notice's words: "Undo" after a deletion. */
export interface NoticeAction {
  label: string;
  run: () => void;
}

export function showCardNotice(
  message: string,
  testId = "card-notice",
  showMs = SHOW_MS,
  action?: NoticeAction,
): void {
  hideCardNotice();
  const el = document.createElement("div");
  el.className = "toast card-notice";
  el.dataset.testid = testId;
  const words = document.createElement("span");
  words.textContent = message;
  // The words are said through the live region; the toast itself is for the eyes, but its button
  // stays reachable (by keyboard and screen reader) while it is shown.
  words.setAttribute("aria-hidden", "true");
  el.append(words);
  if (action) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.dataset.testid = `${testId}-action`;
    button.textContent = action.label;
    button.addEventListener("click", () => action.run());
    el.append(button);
  } else {
    el.setAttribute("aria-hidden", "true");
  }
  el.addEventListener("click", () => hideCardNotice());
  document.body.append(el);
  current = { el, timer: setTimeout(() => hideCardNotice(), showMs) };
  announce(message);
}

/** Takes the notice away (only if it is the one of `testId`, when given). */
export function hideCardNotice(testId?: string): void {
  if (testId !== undefined && current?.el.dataset.testid !== testId) return;
  if (live) live.textContent = "";
  if (!current) return;
  clearTimeout(current.timer);
  current.el.remove();
  current = null;
}
