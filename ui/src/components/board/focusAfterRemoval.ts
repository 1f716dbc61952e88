// Where the keyboard goes when the card it is on is deleted (the Delete key, the card's toolbar):
// to the next card of the same cell, else the one before, else the cell's "+ Add card" — never to
// the page itself, where a keyboard or screen-reader user loses their place.

/** Moves the focus off a card of `removing` onto what remains beside it; else does nothing. */
export function focusBesideRemoved(removing: ReadonlySet<string>): void {
  const active = document.activeElement;
  const card = active instanceof Element ? active.closest<HTMLElement>("[data-testid=card]") : null;
  if (!card || !removing.has(card.dataset.cardId ?? "")) return;
  const cell = card.closest<HTMLElement>("[data-testid=cell]");
  if (!cell) return;
  const cards = [...cell.querySelectorAll<HTMLElement>("[data-testid=card]")];
  const at = cards.indexOf(card);
  const stays = (c: HTMLElement) => !removing.has(c.dataset.cardId ?? "");
  const beside = cards.slice(at + 1).find(stays) ?? cards.slice(0, at).reverse().find(stays);
  const target =
    beside?.querySelector<HTMLElement>(".card-body") ??
    cell.querySelector<HTMLElement>("[data-testid=add-card]") ??
    cell;
  target.focus();
}
