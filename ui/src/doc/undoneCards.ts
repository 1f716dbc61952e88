// Cards that taking back one's own gesture removed with someone else's words in them. Undoing the
// creation of a card removes the card, and with it whatever a teammate wrote into it meanwhile —
// on every screen. Such an undo is not refused (it is what was asked), but said, with a way to
// put the card back as it was (actions.ts putCardBack), so that nobody's words go without anyone
// knowing.
import { type Frontiers, type LoroDoc, LoroMap, LoroText } from "loro-crdt";
import { putCardBack } from "./actions";
import { readCard } from "./read";
import { type CardRec, ROOT } from "./schema";

/** The cards in the document now, to tell afterwards which ones an undo removed. */
export function cardsBefore(doc: LoroDoc): { frontiers: Frontiers; ids: string[] } {
  return { frontiers: doc.frontiers(), ids: doc.getMap(ROOT.cards).keys() };
}

/**
 * The cards of `before` that are gone now and held text another peer than this one wrote, or are
 * in `shared` (read on the document as it was, forked only when a card is gone).
 */
export function removedWithOthersWords(
  doc: LoroDoc,
  before: { frontiers: Frontiers; ids: string[] },
  shared: ReadonlySet<string> = new Set(),
): CardRec[] {
  const cards = doc.getMap(ROOT.cards);
  const gone = before.ids.filter((id) => !(cards.get(id) instanceof LoroMap));
  if (gone.length === 0) return [];
  const then = doc.forkAt(before.frontiers);
  try {
    const cardsThen = then.getMap(ROOT.cards);
    const out: CardRec[] = [];
    for (const id of gone) {
      const card = cardsThen.get(id);
      const text = card instanceof LoroMap ? card.get("text") : undefined;
      if (!(text instanceof LoroText)) continue;
      if (!shared.has(id) && !writtenByOthers(text, doc.peerIdStr)) continue;
      const record = readCard(then, id);
      if (record) out.push(record);
    }
    return out;
  } finally {
    then.free();
  }
}

/**
 * Puts back each card of `removed` still gone (one brought back meanwhile is left as it is);
 * returns the ids they have now.
 */
export function putBackRemoved(doc: LoroDoc, removed: readonly CardRec[]): string[] {
  const cards = doc.getMap(ROOT.cards);
  const ids: string[] = [];
  for (const card of removed) {
    if (card.placement && !(cards.get(card.id) instanceof LoroMap)) {
      ids.push(putCardBack(doc, card, card.placement));
    }
  }
  return ids;
}

function writtenByOthers(text: LoroText, me: string): boolean {
  for (let pos = 0; pos < text.length; pos++) {
    const editor = text.getEditorOf(pos);
    if (editor !== undefined && String(editor) !== me) return true;
  }
  return false;
}
