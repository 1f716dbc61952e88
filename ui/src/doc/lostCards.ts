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

  /** Edits of an earlier session of this screen the host had not received (lostSinceRestore). */
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
    const changes = changesOf(doc, batch);
    const seenBy = new Map([...peers].map((p) => [p, seenByDeletions(doc, changes, ids, p)]));
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

/** The changes an event batch brought, as JSON. */
function changesOf(doc: LoroDoc, batch: LoroEventBatch): JsonChange[] {
  return doc.exportJsonUpdates(doc.frontiersToVV(batch.from), doc.frontiersToVV(batch.to), false)
    .changes;
}

/**
 * For each of `ids` deleted by `changes`, or replaced by a card set at its key (the deleter's
 * undo makes the card anew, as they last saw it): how much of `peer`'s history (its length) that
 * change's author had seen — the least over several such changes of the same card.
 */
function seenByDeletions(
  doc: LoroDoc,
  changes: readonly JsonChange[],
  ids: ReadonlySet<string>,
  peer: string,
): Map<string, number> {
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
 * edited, with each peer's history length after its last edit of the card. `unresolved` counts
 * the operations on containers `doc` no longer has (a deleted card's text), whose card it cannot
 * name.
 */
export function editedBetween(
  doc: LoroDoc,
  from: VersionVector,
  to: VersionVector,
  unresolved = { count: 0 },
): EditEnds {
  const ends: EditEnds = new Map();
  const paths = new Map<string, string | null | undefined>();
  for (const [peer, end] of to.toJSON()) {
    const start = from.get(peer) ?? 0;
    if (end <= start) continue;
    for (const change of doc.exportJsonInIdSpan({ peer, counter: start, length: end - start })) {
      for (const op of change.ops) {
        const id = cardOfOp(doc, op, paths);
        if (id === undefined) unresolved.count += 1;
        if (!id) continue;
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
 * screen first joined (`host`: its version then): the cards they edited (`edited`, for LostCards
 * to watch) and those of them gone since, or made anew under their id, by a change whose author
 * had not seen those edits (`lost`, each as the restored document had it). A card this screen
 * deleted itself is not lost: its deletion had seen everything restored.
 */
export function lostSinceRestore(
  doc: LoroDoc,
  restored: RestoredEdits,
  host: VersionVector,
): { edited: EditEnds; lost: CardRec[] } {
  const unsent = [...restored.version.toJSON()].some(([peer, end]) => end > (host.get(peer) ?? 0));
  if (!unsent) return { edited: new Map(), lost: [] };
  // Read on the document as it is, every edit names its card while the card is there; only when
  // one does not (its card deleted or made anew) is the restored state forked to read it from.
  const unresolved = { count: 0 };
  const edited = editedBetween(doc, host, restored.version, unresolved);
  if (unresolved.count === 0) return { edited, lost: [] };
  const then = doc.forkAt(restored.frontiers);
  try {
    const editedThen = editedBetween(then, host, restored.version);
    const cardsThen = then.getMap(ROOT.cards);
    const cardsNow = doc.getMap(ROOT.cards);
    const gone = [...editedThen.keys()].filter((id) => {
      const before = cardsThen.get(id);
      const now = cardsNow.get(id);
      return before instanceof LoroMap && !(now instanceof LoroMap && now.id === before.id);
    });
    if (gone.length === 0) return { edited: editedThen, lost: [] };
    const changes = doc.exportJsonUpdates(restored.version, doc.oplogVersion(), false).changes;
    const ids = new Set(gone);
    const seenBy = new Map<string, Map<string, number>>();
    const lost: CardRec[] = [];
    for (const id of gone) {
      const unseen = [...(editedThen.get(id) ?? [])].some(([peer, end]) => {
        let seen = seenBy.get(peer);
        if (!seen) {
          seen = seenByDeletions(doc, changes, ids, peer);
          seenBy.set(peer, seen);
        }
        const sawUpTo = seen.get(id);
        return sawUpTo !== undefined && end > sawUpTo;
      });
      const record = unseen ? readCard(then, id) : null;
      if (record) lost.push(record);
    }
    return { edited: editedThen, lost };
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

/**
 * The card an operation belongs to: a key of the cards map, or a container inside a card; null
 * for anything else, undefined for a container `doc` no longer has.
 */
function cardOfOp(
  doc: LoroDoc,
  op: JsonChange["ops"][number],
  paths: Map<string, string | null | undefined>,
): string | null | undefined {
  const content = op.content as { key?: string };
  if (op.container === CARDS_CONTAINER) return typeof content.key === "string" ? content.key : null;
  if (paths.has(op.container)) return paths.get(op.container);
  const path = doc.getPathToContainer(op.container);
  const id =
    path === undefined
      ? undefined
      : path[0] === ROOT.cards && typeof path[1] === "string"
        ? path[1]
        : null;
  paths.set(op.container, id);
  return id;
}
