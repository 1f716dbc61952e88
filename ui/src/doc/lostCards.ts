// Cards someone else deleted while this screen had changes to them that the deleter had not seen:
// text typed offline, or the last keystrokes still on their way. Loro merges a deletion of a card
// with concurrent edits inside it by removing the card, edits and all, so those words would vanish
// without a word to anyone (and the deleter's undo brings the card back as *they* last saw it).
// The store keeps each such card as this screen last showed it, for the board to offer it back.
//
// Telling "deleted over my edits" from "deleted after seeing them": each card this screen edits
// notes where its own history stood after the edit; a deletion that arrives names, through its
// change's dependencies, how much of this screen's history its author had seen. Only edits made by
// this screen's document since the map was opened count (a reload gives it a new history of its
// own): the common case — Wi-Fi drops, typing goes on, the room reconnects — is that one.
import type { LoroDoc, LoroEventBatch } from "loro-crdt";
import type { CardRec } from "./schema";
import { ROOT } from "./schema";

const CARDS_CONTAINER = `cid:root-${ROOT.cards}:Map`;

export class LostCards {
  /** Per card this screen edited: its own history's length right after that edit. */
  private ownEditEnds = new Map<string, number>();
  private lost: readonly CardRec[] = [];
  private listeners = new Set<() => void>();

  /** After a local change to these cards (their records after it: null when deleted here). */
  noteLocal(batch: LoroEventBatch, peer: string, cards: Iterable<[string, CardRec | null]>): void {
    const own = batch.to.find((f) => f.peer === peer);
    if (!own) return;
    for (const [id, card] of cards) {
      if (card) this.ownEditEnds.set(id, own.counter + 1);
      else this.ownEditEnds.delete(id);
    }
  }

  /**
   * After an import that deleted these cards, or replaced them with a card made anew under the
   * same id (their records before it): keeps those whose deletion had not seen this screen's last
   * edit to them.
   */
  noteDeleted(doc: LoroDoc, batch: LoroEventBatch, deleted: readonly CardRec[]): void {
    const ends = new Map<string, number>();
    for (const c of deleted) {
      const end = this.ownEditEnds.get(c.id);
      if (end !== undefined) ends.set(c.id, end);
      this.ownEditEnds.delete(c.id);
    }
    if (ends.size === 0) return;
    const seen = ownHistorySeenByDeletions(doc, batch, new Set(ends.keys()), doc.peerIdStr);
    const found = deleted.filter((c) => {
      const end = ends.get(c.id);
      const sawUpTo = seen.get(c.id);
      return end !== undefined && sawUpTo !== undefined && end > sawUpTo;
    });
    if (found.length === 0) return;
    const ids = new Set(found.map((c) => c.id));
    this.lost = [...this.lost.filter((c) => !ids.has(c.id)), ...found];
    this.emit();
  }

  get = (): readonly CardRec[] => this.lost;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** The person put the card back or let it go. */
  forget(id: string): void {
    if (!this.lost.some((c) => c.id === id)) return;
    this.lost = this.lost.filter((c) => c.id !== id);
    this.emit();
  }

  private emit(): void {
    for (const fn of this.listeners) fn();
  }
}

/**
 * For each of `ids` deleted by the imported changes, or replaced by a card set at its key (the
 * deleter's undo makes the card anew, as they last saw it): how much of `peer`'s history (its
 * length) that change's author had seen — the least over several such changes of the same card.
 */
export function ownHistorySeenByDeletions(
  doc: LoroDoc,
  batch: LoroEventBatch,
  ids: ReadonlySet<string>,
  peer: string,
): Map<string, number> {
  const changes = doc.exportJsonUpdates(
    doc.frontiersToVV(batch.from),
    doc.frontiersToVV(batch.to),
    false,
  ).changes;
  const seen = new Map<string, number>();
  for (const change of changes) {
    for (const op of change.ops) {
      const content = op.content as { type?: string; key?: string };
      const removes = content.type === "delete" || content.type === "insert";
      if (op.container !== CARDS_CONTAINER || !removes) continue;
      if (content.key === undefined || !ids.has(content.key)) continue;
      const deps = change.deps.map((d) => {
        const [counter, from] = d.split("@");
        return { peer: from as `${number}`, counter: Number(counter) };
      });
      const sawUpTo = doc.frontiersToVV(deps).get(peer as `${number}`) ?? 0;
      seen.set(content.key, Math.min(seen.get(content.key) ?? sawUpTo, sawUpTo));
    }
  }
  return seen;
}
