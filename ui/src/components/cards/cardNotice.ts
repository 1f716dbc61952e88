// A short status message about a card that outlives the card's own component: when someone else
// deletes the card being edited, its editor is unmounted with it, so the message is placed at the
// end of the page (the `toast` look, role="status") and removes itself after a few seconds.
// Kept outside the React tree so no board-level state is needed for a one-off line. The board also
// shows here why an add button did nothing (the map is at one of its limits).

const SHOW_MS = 6_000;
let current: { el: HTMLElement; timer: ReturnType<typeof setTimeout> } | null = null;

export function showCardNotice(message: string, testId = "card-notice", showMs = SHOW_MS): void {
  hideCardNotice();
  const el = document.createElement("div");
  el.className = "toast card-notice";
  el.setAttribute("role", "status");
  el.dataset.testid = testId;
  el.textContent = message;
  el.addEventListener("click", hideCardNotice);
  document.body.append(el);
  current = { el, timer: setTimeout(hideCardNotice, showMs) };
}

export function hideCardNotice(): void {
  if (!current) return;
  clearTimeout(current.timer);
  current.el.remove();
  current = null;
}
