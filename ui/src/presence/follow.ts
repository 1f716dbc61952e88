// Follow mode as a small state machine, without React or the DOM: whom this person's board
// follows and why. Clicking an avatar follows that person; a facilitator who asks everyone to
// follow them ("leading") pulls everyone else along, unless this person stopped following that
// lead (then they stay free until the facilitator leads anew). Following ends when the person
// leaves, when a lead ends, or on stop (Escape, a manual scroll, the chip's button).
import type { PeerFace } from "./state";

export type FollowWhy = "chosen" | "leader";

export interface FollowState {
  /** The presence key being followed, or null. */
  target: string | null;
  why: FollowWhy | null;
  /** The facilitator leading now (not this person), or null. */
  leader: string | null;
  /** A leader this person stopped following; not followed again while that lead lasts. */
  declined: string | null;
}

export type FollowEvent =
  | { type: "follow"; key: string }
  | { type: "stop" }
  | { type: "peers"; peers: readonly PeerFace[]; selfLeading: boolean };

export const FOLLOW_IDLE: FollowState = { target: null, why: null, leader: null, declined: null };

/** The facilitator asking everyone to follow (the first by name if several do). */
export function leaderOf(peers: readonly PeerFace[]): string | null {
  return peers.find((p) => p.leading && p.role === "facilitator")?.key ?? null;
}

function same(a: FollowState, b: FollowState): boolean {
  return (
    a.target === b.target && a.why === b.why && a.leader === b.leader && a.declined === b.declined
  );
}

/** The next state; the same object when nothing changes. */
export function followStep(s: FollowState, e: FollowEvent): FollowState {
  let next: FollowState;
  switch (e.type) {
    case "follow":
      // Choosing someone else while a facilitator leads is declining that lead.
      next = {
        ...s,
        target: e.key,
        why: "chosen",
        declined: s.leader && s.leader !== e.key ? s.leader : s.declined,
      };
      break;
    case "stop":
      next = { ...s, target: null, why: null, declined: s.leader ?? s.declined };
      break;
    case "peers": {
      const leader = e.selfLeading ? null : leaderOf(e.peers);
      const here = new Set(e.peers.map((p) => p.key));
      let { target, why, declined } = s;
      if (declined && !e.peers.some((p) => p.key === declined && p.leading)) declined = null;
      if (target && !here.has(target)) target = null;
      if (why === "leader" && target !== leader) target = null;
      if (e.selfLeading) target = null;
      if (leader && leader !== declined && target !== leader) {
        target = leader;
        why = "leader";
      }
      if (!target) why = null;
      next = { target, why, leader, declined };
      break;
    }
  }
  return same(s, next) ? s : next;
}
