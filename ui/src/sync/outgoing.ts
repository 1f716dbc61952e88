// What a room still has to get acknowledged, in order: edits waiting to be sent, batches on their
// way, and edits the host sent back (needs history, not allowed now, could not store). Each edit is
// one Loro update; "own" edits are this room's own local commits, the only ones a refusal may set
// aside (sync/setAside.ts) — an update of everything the host lacks, or a change re-made after a
// set-aside, may hold edits of an earlier session, and setting those aside would lose them.
//
// After a join, the edits the host lacks go one batch each (neighbouring edits share a batch past
// MAX_CATCH_UP_BATCHES waiting), at most MAX_IN_FLIGHT batches on their way and at most one of them
// in fragments (the host assembles few at once per connection, crates/host/src/ws/limits.rs).

import { decodeImportBlobMeta, type VersionVector } from "loro-crdt";
import type { HexString } from "loro-protocol";
import { FRAGMENT_LIMIT } from "./fragments";

/**
 * Batches sent and not yet answered, at most. A refused batch is followed by at most this many
 * that build on it, each refused for history: three such rounds stay under the host's
 * MAX_REFUSALS_IN_A_ROW (50, crates/host/src/ws/limits.rs), which closes the connection. Edits
 * re-made after a set-aside, any of which may be refused again (a second late dot), go one batch
 * at a time, so a run of such refusals costs one refusal each.
 */
export const MAX_IN_FLIGHT = 16;
/** Past this many edits waiting (a long time offline), neighbouring edits share a batch. */
export const MAX_CATCH_UP_BATCHES = 256;

export interface Edit {
  bytes: Uint8Array;
  /** Made by this room's document as a local commit (a refusal of it may be set aside). */
  own: boolean;
}

export class OutgoingEdits {
  private waiting: Edit[] = [];
  /** In the order sent. */
  private inFlight = new Map<HexString, { edits: Edit[]; fragmented: boolean }>();
  private returned: Edit[] = [];
  /** Edits the last join found waiting that are not sent yet, and how many go in one batch. */
  private catchUpLeft = 0;
  private catchUpPerBatch = 1;

  /** Edits given at the start (re-made after a set-aside) that are not answered yet. */
  private readonly careful = new Set<Edit>();

  constructor(initial: Edit[] = []) {
    this.waiting = [...initial];
    for (const edit of initial) this.careful.add(edit);
  }

  add(edit: Edit): void {
    this.waiting.push(edit);
  }

  /** Edits not yet acknowledged (waiting, on their way or sent back). */
  count(): number {
    let n = this.waiting.length + this.returned.length;
    for (const b of this.inFlight.values()) n += b.edits.length;
    return n;
  }

  onTheirWay(): number {
    return this.inFlight.size;
  }

  /** The batch answered `id`, taken off the batches on their way (undefined if not ours). */
  answered(id: HexString): Edit[] | undefined {
    const batch = this.inFlight.get(id);
    this.inFlight.delete(id);
    for (const edit of batch?.edits ?? []) this.careful.delete(edit);
    return batch?.edits;
  }

  /** Edits the host sent back, to go again after the next join (answers come in the order sent). */
  sendBack(edits: Edit[]): void {
    this.returned.push(...edits);
  }

  /** Every edit not acknowledged, in the order it was made (returned, in flight, waiting). */
  unanswered(): Edit[] {
    return [
      ...this.returned,
      ...[...this.inFlight.values()].flatMap((b) => b.edits),
      ...this.waiting,
    ];
  }

  /**
   * Everything unacknowledged goes back to waiting, in order: the socket closed, or a join was
   * answered — the host answers in order, so a batch sent before the join and not answered by
   * then never reached it (a dropped message).
   */
  requeue(): void {
    this.waiting = this.unanswered();
    this.returned = [];
    this.inFlight.clear();
  }

  /**
   * After a join answered with the host's version: keeps the waiting edits the host lacks if
   * they are all it lacks, or else waits with one update of everything past its version
   * (`everything`, not own: it may hold edits of an earlier session).
   */
  joined(host: VersionVector, local: VersionVector, everything: () => Uint8Array): void {
    this.requeue();
    const lacked = editsTheHostLacks(host, this.waiting, local);
    if (lacked) this.waiting = lacked;
    else {
      const bytes = everything();
      this.waiting = bytes.length > 0 ? [{ bytes, own: false }] : [];
    }
    for (const edit of this.careful) if (!this.waiting.includes(edit)) this.careful.delete(edit);
    this.catchUpLeft = this.waiting.length;
    this.catchUpPerBatch = Math.ceil(this.waiting.length / MAX_CATCH_UP_BATCHES);
  }

  /** The next batch to send, or null while the window is full or nothing waits. */
  next(): Edit[] | null {
    const window = this.careful.size > 0 ? 1 : MAX_IN_FLIGHT;
    if (this.inFlight.size >= window || this.waiting.length === 0) return null;
    for (const b of this.inFlight.values()) if (b.fragmented) return null;
    const perBatch = this.catchUpLeft > 0 ? Math.min(this.catchUpPerBatch, this.catchUpLeft) : 1;
    let count = 0;
    let bytes = 0;
    for (const edit of this.waiting) {
      if (count === perBatch || (count > 0 && bytes + edit.bytes.length > FRAGMENT_LIMIT)) break;
      count += 1;
      bytes += edit.bytes.length;
    }
    this.catchUpLeft = Math.max(0, this.catchUpLeft - count);
    return this.waiting.splice(0, count);
  }

  sent(id: HexString, edits: Edit[], fragmented: boolean): void {
    this.inFlight.set(id, { edits, fragmented });
  }
}

/** A blob's Loro metadata, or null if it cannot be read. */
function metaOf(bytes: Uint8Array): ReturnType<typeof decodeImportBlobMeta> | null {
  try {
    return decodeImportBlobMeta(bytes, false);
  } catch {
    return null;
  }
}

/**
 * The waiting edits the host still lacks, if they are all it lacks and each builds only on what
 * the host has or on the edits before it (the host's own check, crates/host/src/room_checks.rs);
 * null otherwise.
 */
function editsTheHostLacks(
  host: VersionVector,
  waiting: Edit[],
  local: VersionVector,
): Edit[] | null {
  const known = new Map(host.toJSON());
  const lacked: Edit[] = [];
  for (const edit of waiting) {
    const meta = metaOf(edit.bytes);
    if (!meta) return null;
    const end = meta.partialEndVersionVector.toJSON();
    if ([...end].every(([peer, counter]) => (known.get(peer) ?? 0) >= counter)) continue;
    for (const [peer, counter] of meta.partialStartVersionVector.toJSON()) {
      if ((known.get(peer) ?? 0) < counter) return null;
    }
    for (const [peer, counter] of end) {
      if (counter > (known.get(peer) ?? 0)) known.set(peer, counter);
    }
    lacked.push(edit);
  }
  for (const [peer, counter] of local.toJSON()) {
    if ((known.get(peer) ?? 0) < counter) return null;
  }
  return lacked;
}
