// Takes a change the host refused out of this screen's document while keeping everything made
// after it. A refused change can never reach the host, and every later change of the same Loro
// peer builds on it, so without this the host would refuse all of this person's later work too.
//
// The result is a new document (a new peer) that has exactly the history the host has, plus one
// new change bringing it to "what this screen shows, without the refused change": the refused
// change is reverted in a scratch copy that has it (so text positions in the changes made after
// it stay right), those later changes are merged back in, and the difference from the host's
// version is applied to the new document.
import {
  type ContainerID,
  type Diff,
  decodeImportBlobMeta,
  type LoroDoc,
  LoroMap,
  type MapDiff,
  type PeerID,
  VersionVector,
} from "loro-crdt";

/** The counter range each peer's ops in the refused updates cover: `[start, end)`. */
export interface RefusedSpan {
  start: Map<PeerID, number>;
  end: Map<PeerID, number>;
}

/** The span of one or more consecutive update blobs (a batch the host answered as one). */
export function spanOfUpdates(blobs: readonly Uint8Array[]): RefusedSpan {
  const start = new Map<PeerID, number>();
  const end = new Map<PeerID, number>();
  for (const blob of blobs) {
    const meta = decodeImportBlobMeta(blob, false);
    for (const [peer, counter] of meta.partialStartVersionVector.toJSON()) {
      const was = start.get(peer);
      if (was === undefined || counter < was) start.set(peer, counter);
    }
    for (const [peer, counter] of meta.partialEndVersionVector.toJSON()) {
      if (counter > (end.get(peer) ?? 0)) end.set(peer, counter);
    }
  }
  return { start, end };
}

/** What setting a refused change aside gives: the new document and its one change, as an update. */
export interface SetAside {
  doc: LoroDoc;
  /** The change that re-made what came after the refused one (empty if nothing did). */
  remade: Uint8Array;
}

/**
 * A copy of `doc` without the ops of `refused` and with every later change of this screen
 * re-made on top, under a new peer id. `doc` itself is not changed. Throws if Loro does, or if
 * the copy would still hold any of the refused ops.
 */
export function withoutRefused(doc: LoroDoc, refused: RefusedSpan): SetAside {
  const now = doc.oplogVersion().toJSON();
  // What the host has: everything here but the refused ops and what this peer made after them
  // (the ops of other peers came from the host, and none of them can build on a change it lacks).
  const hostHas = new Map(now);
  // The host's version with the refused change on top.
  const withRefused = new Map(now);
  for (const [peer, counter] of refused.start) {
    hostHas.set(peer, Math.min(counter, now.get(peer) ?? 0));
    withRefused.set(peer, Math.min(refused.end.get(peer) ?? counter, now.get(peer) ?? 0));
  }
  const hostVersion = new VersionVector(hostHas);
  const refusedVersion = new VersionVector(withRefused);
  const hostFrontiers = doc.vvToFrontiers(hostVersion);

  const scratch = doc.forkAt(doc.vvToFrontiers(refusedVersion));
  scratch.revertTo(hostFrontiers);
  scratch.import(doc.export({ mode: "update", from: refusedVersion }));
  const kept = scratch.diff(hostFrontiers, scratch.frontiers(), false);

  const next = doc.forkAt(hostFrontiers);
  const base = next.oplogVersion();
  for (const [peer, counter] of refused.start) {
    if ((base.get(peer) ?? 0) > counter) throw new Error("the refused change is in the copy");
  }
  next.applyDiff(withoutNoOps(next, kept));
  next.commit();
  return { doc: next, remade: next.export({ mode: "update", from: base }) };
}

/**
 * The diff without what would write to a map and change nothing: deleting a key the map does not
 * hold still makes an op, and a host that checks who may write which key (votes, a participant's
 * own ratings) would refuse the whole change for it.
 */
function withoutNoOps(target: LoroDoc, diff: [ContainerID, Diff][]): [ContainerID, Diff][] {
  const out: [ContainerID, Diff][] = [];
  for (const [id, change] of diff) {
    if (change.type !== "map") {
      out.push([id, change]);
      continue;
    }
    const held = target.getContainerById(id);
    const map = held instanceof LoroMap ? held : null;
    const updated: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(change.updated)) {
      if (value !== undefined || map?.get(key) !== undefined) updated[key] = value;
    }
    if (Object.keys(updated).length > 0) out.push([id, { ...change, updated } as MapDiff]);
  }
  return out;
}
