// Takes a change the host refused out of this screen's document while keeping everything made
// after it. A refused change can never reach the host, and every later change of the same Loro
// peer builds on it, so without this the host would refuse all of this person's later work too.
//
// The result is a new document (a new peer) that has exactly the history the host has, plus the
// changes bringing it to "what this screen shows, without the refused change": the refused change
// is reverted in a scratch copy that has it (so text positions in the changes made after it stay
// right), those later changes are merged back in one by one, and each one's difference is made
// again in the new document as a change of its own. One by one, because a later change may be
// refused too (two dots given offline after their round ended): re-made separately, it is set
// aside in its turn without taking the others with it.
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
import { voteKeyParts } from "../doc/read";
import { ROOT } from "../wire/schema";
import { ContainerRemap } from "./containerRemap";

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

/** A later change made again, as an update, and whether it is this screen's own work alone. */
export interface Remade {
  bytes: Uint8Array;
  /** Re-made from one of this room's own edits (a refusal of it may be set aside in turn). */
  own: boolean;
}

/** What setting a refused change aside gives: the new document and the changes re-made in it. */
export interface SetAside {
  doc: LoroDoc;
  /** What came after the refused change, made again, in order (empty if nothing did). */
  remade: Remade[];
  /**
   * The cards the refused change gave or took dots on, when dots were all it held (given offline,
   * they reached the host after their round ended — the one refusal the person cannot see coming);
   * null for any other change.
   */
  votedCards: string[] | null;
}

/**
 * The cards the dots `diff` gives are on, or null when it does anything else: writes other than
 * dots (the voter's own `participants` entry, written with each dot, aside), or takes a dot back.
 */
function votesOnly(diff: [ContainerID, Diff][]): string[] | null {
  // By their ids: asking the document for a root would make it appear in the document's copies.
  const votes = `cid:root-${ROOT.votes}:Map`;
  const voters = `cid:root-${ROOT.participants}:Map`;
  const cards = new Set<string>();
  for (const [id, change] of diff) {
    if (id === voters && change.type === "map") continue;
    if (id !== votes || change.type !== "map") return null;
    for (const [key, value] of Object.entries(change.updated)) {
      if (typeof value !== "number") return null;
      const card = voteKeyParts(key)?.card;
      if (card) cards.add(card);
    }
  }
  return cards.size > 0 ? [...cards] : null;
}

/**
 * A copy of `doc` without the ops of `refused` and with every later change of this screen
 * re-made on top, under a new peer id. `later` are this room's own edits made after the refused
 * ones, in order: each is re-made as a change of its own; whatever they do not cover is re-made
 * as one more change (not own). `doc` itself is not changed. Throws if Loro does, or if the copy
 * would still hold any of the refused ops.
 */
export function withoutRefused(
  doc: LoroDoc,
  refused: RefusedSpan,
  later: readonly Uint8Array[] = [],
): SetAside {
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

  const refusedFrontiers = doc.vvToFrontiers(refusedVersion);
  const votedCards = votesOnly(doc.diff(hostFrontiers, refusedFrontiers, false));
  const scratch = doc.forkAt(refusedFrontiers);
  scratch.revertTo(hostFrontiers);

  const next = doc.forkAt(hostFrontiers);
  for (const [peer, counter] of refused.start) {
    if ((next.oplogVersion().get(peer) ?? 0) > counter) {
      throw new Error("the refused change is in the copy");
    }
  }
  const remade: Remade[] = [];
  const names = new ContainerRemap();
  // Each step: what the scratch copy's next import changed, made again in the new document.
  const step = (blob: Uint8Array, own: boolean) => {
    const before = scratch.frontiers();
    scratch.import(blob);
    const diff = scratch.diff(before, scratch.frontiers(), false);
    const change = withoutNoOps(next, names.rename(next, diff));
    if (change.length === 0) return;
    const base = next.oplogVersion();
    next.applyDiff(change);
    next.commit();
    names.learn(next, diff);
    // Nothing made (every entry wrote into a container deleted since): nothing to send.
    if (next.oplogVersion().compare(base) === 0) return;
    remade.push({ bytes: next.export({ mode: "update", from: base }), own });
  };
  for (const blob of later) step(blob, true);
  if (!covers(scratch.oplogVersion(), doc.oplogVersion())) {
    step(doc.export({ mode: "update", from: scratch.oplogVersion() }), false);
  }
  return { doc: next, remade, votedCards };
}

/** Whether `version` holds everything `wanted` does. */
function covers(version: VersionVector, wanted: VersionVector): boolean {
  for (const [peer, counter] of wanted.toJSON()) {
    if ((version.get(peer) ?? 0) < counter) return false;
  }
  return true;
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
