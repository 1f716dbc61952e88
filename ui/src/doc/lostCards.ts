// Cards someone else deleted while this screen had changes to them that the deleter had not seen:
// text typed offline, or the last keystrokes still on their way. Loro merges a deletion of a card
// with concurrent edits inside it by removing the card, edits and all, so those words would vanish
// without a word to anyone (and the deleter's undo brings the card back as *they* last saw it).
// The store keeps each such card as this screen last showed it, for the board to offer it back.
//
// Telling "deleted over my edits" from "deleted after seeing them": each card this screen edits
// notes where its own history stood after the edit; a deletion that arrives names, through its
// change's dependencies, how much of this screen's history its author had seen. The common case —
// Wi-Fi drops, typing goes on, the room reconnects — is edits of this screen's document. A reload
// gives the document a new history of its own, and the edits kept from the earlier one are
// restored into it before the room joins: those the host had not received at the join count as
// this screen's too (`lostSinceRestore`, `noteEarlierSession`).
import {
  type Frontiers,
  type JsonChange,
  type LoroDoc,
  type LoroEventBatch,
  LoroMap,
  type PeerID,
  type VersionVector,
} from "loro-crdt";
import { readCard } from "./read";
import type { CardRec } from "./schema";
import { ROOT } from "./schema";

const CARDS_CONTAINER = `cid:root-${ROOT.cards}:Map`;

/** Per card: for each history of this screen that edited it, its length right after the edit. */
type EditEnds = Map<string, Map<string, number>>;

export class LostCards {
  private ownEditEnds: EditEnds = new Map();
  private lost: readonly CardRec[] = [];
  private listeners = new Set<() => void>();

  /** After a local change to these cards (their records after it: null when deleted here). */
  noteLocal(batch: LoroEventBatch, peer: string, cards: Iterable<[string, CardRec | null]>): void {
    const own = batch.to.find((f) => f.peer === peer);
    if (!own) return;
    for (const [id, card] of cards) {
      if (card) this.noteEnd(id, peer, own.counter + 1);
      else this.ownEditEnds.delete(id);
    }
  }

  /** Edits of an earlier session of this screen the host had not received (editedBySpans). */
  noteEarlierSession(ends: EditEnds): void {
    for (const [id, byPeer] of ends) for (const [peer, end] of byPeer) this.noteEnd(id, peer, end);
  }

  /**
   * Cards found gone over this screen's unseen edits. A card offered already keeps its first
   * record, unless `replace`: the editor's, which holds words of a composition that never
   * reached the document (CardEditor).
   */
  add(found: readonly CardRec[], replace = false): void {
    const fresh = replace ? found : found.filter((c) => !this.lost.some((l) => l.id === c.id));
    if (fresh.length === 0) return;
    const ids = new Set(fresh.map((c) => c.id));
    this.lost = [...this.lost.filter((c) => !ids.has(c.id)), ...fresh];
    this.emit();
  }

  private noteEnd(id: string, peer: string, end: number): void {
    const byPeer = this.ownEditEnds.get(id) ?? new Map<string, number>();
    byPeer.set(peer, Math.max(byPeer.get(peer) ?? 0, end));
    this.ownEditEnds.set(id, byPeer);
  }

  /**
   * After an import that deleted these cards, or replaced them with a card made anew under the
   * same id (their records before it): keeps those whose deletion had not seen this screen's last
   * edit to them.
   */
  noteDeleted(doc: LoroDoc, batch: LoroEventBatch, deleted: readonly CardRec[]): void {
    const ends: EditEnds = new Map();
    for (const c of deleted) {
      const byPeer = this.ownEditEnds.get(c.id);
      if (byPeer) ends.set(c.id, byPeer);
      this.ownEditEnds.delete(c.id);
    }
    if (ends.size === 0) return;
    const ids = new Set(ends.keys());
    const peers = new Set([...ends.values()].flatMap((byPeer) => [...byPeer.keys()]));
    const seenBy = new Map(
      [...peers].map((p) => [p, ownHistorySeenByDeletions(doc, batch, ids, p)]),
    );
    this.add(
      deleted.filter((c) =>
        [...(ends.get(c.id) ?? [])].some(([peer, end]) => {
          const sawUpTo = seenBy.get(peer)?.get(c.id);
          return sawUpTo !== undefined && end > sawUpTo;
        }),
      ),
    );
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

/** Where this screen's document stood once the edits kept from an earlier session were restored. */
export interface RestoredEdits {
  version: VersionVector;
  frontiers: Frontiers;
}

/**
 * The cards the changes of `doc` between `from` (exclusive, per peer: the host's version) and `to`
 * edited, with each peer's history length after its last edit of the card.
 */
export function editedBetween(doc: LoroDoc, from: VersionVector, to: VersionVector): EditEnds {
  const ends: EditEnds = new Map();
  const paths = new Map<string, string | null>();
  for (const [peer, end] of to.toJSON()) {
    const start = from.get(peer) ?? 0;
    if (end <= start) continue;
    for (const change of doc.exportJsonInIdSpan({ peer, counter: start, length: end - start })) {
      for (const op of change.ops) {
        const id = cardOfOp(doc, op, paths);
        if (id === null) continue;
        const opEnd = Math.min(op.counter + opLength(op.content as OpContent), end);
        const byPeer = ends.get(id) ?? new Map<string, number>();
        byPeer.set(peer, Math.max(byPeer.get(peer) ?? 0, opEnd));
        ends.set(id, byPeer);
      }
    }
  }
  return ends;
}

/**
 * What the edits restored from an earlier session did that the host had not received when this
 * screen joined (`host`: its version then): the cards they edited (`edited`, for LostCards to
 * watch) and those of them gone now, or made anew under their id, by someone else (`lost`, each
 * as the restored document had it). A card this screen deleted itself since is not lost.
 */
export function lostSinceRestore(
  doc: LoroDoc,
  restored: RestoredEdits,
  host: VersionVector,
): { edited: EditEnds; lost: CardRec[] } {
  const unsent = [...restored.version.toJSON()].some(([peer, end]) => end > (host.get(peer) ?? 0));
  if (!unsent) return { edited: new Map(), lost: [] };
  // Read where the restored document stood: a card deleted since has no path in `doc`.
  const then = doc.forkAt(restored.frontiers);
  try {
    const edited = editedBetween(then, host, restored.version);
    if (edited.size === 0) return { edited, lost: [] };
    const deletedHere = deletedBy(doc, doc.peerIdStr);
    const cardsThen = then.getMap(ROOT.cards);
    const cardsNow = doc.getMap(ROOT.cards);
    const lost: CardRec[] = [];
    for (const id of edited.keys()) {
      const before = cardsThen.get(id);
      if (!(before instanceof LoroMap) || deletedHere.has(id)) continue;
      const now = cardsNow.get(id);
      if (now instanceof LoroMap && now.id === before.id) continue;
      const record = readCard(then, id);
      if (record) lost.push(record);
    }
    return { edited, lost };
  } finally {
    then.free();
  }
}

type OpContent = { type?: string; len?: number; text?: string; value?: unknown[] };

/** How many operation ids one operation takes (a text insertion: one per character). */
function opLength(content: OpContent): number {
  if (content.type === "insert" && typeof content.text === "string")
    return [...content.text].length;
  if (content.type === "insert" && Array.isArray(content.value)) return content.value.length;
  if (content.type === "delete" && typeof content.len === "number") return Math.abs(content.len);
  return 1;
}

/** The card an operation belongs to: a key of the cards map, or a container inside a card. */
function cardOfOp(
  doc: LoroDoc,
  op: JsonChange["ops"][number],
  paths: Map<string, string | null>,
): string | null {
  const content = op.content as { key?: string };
  if (op.container === CARDS_CONTAINER) return typeof content.key === "string" ? content.key : null;
  let id = paths.get(op.container);
  if (id === undefined) {
    const path = doc.getPathToContainer(op.container);
    id = path && path[0] === ROOT.cards && typeof path[1] === "string" ? path[1] : null;
    paths.set(op.container, id);
  }
  return id;
}

/** The cards whose key `peer`'s changes removed from the cards map. */
function deletedBy(doc: LoroDoc, peer: string): Set<string> {
  const end = doc.oplogVersion().get(peer as PeerID) ?? 0;
  const ids = new Set<string>();
  if (end === 0) return ids;
  for (const change of doc.exportJsonInIdSpan({ peer: peer as PeerID, counter: 0, length: end })) {
    for (const op of change.ops) {
      const content = op.content as { type?: string; key?: string };
      if (op.container === CARDS_CONTAINER && content.type === "delete" && content.key)
        ids.add(content.key);
    }
  }
  return ids;
}
