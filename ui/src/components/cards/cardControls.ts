// The controls drawn on a card (a vote's − and +, "more", the colour toolbar): a click on one of
// them acts on it, and two quick clicks on one are two clicks on it, never a double click that
// opens the card's text for writing.

const CONTROLS = "button, input, select, textarea, a[href], [role='button']";

/** The card control `target` is in, if any (the card's text, a button itself, is not one). */
export function cardControlAt(target: EventTarget | null): Element | null {
  if (!(target instanceof Element)) return null;
  const control = target.closest(CONTROLS);
  if (!control || control.matches(".card-body")) return null;
  const card = control.closest("[data-testid=card]");
  return card && card !== control ? control : null;
}
