// Follow mode's state machine: following someone chosen, stopping, the followed person leaving,
// a facilitator's lead pulling everyone along, declining that lead until it is given anew, and
// the leader never following anyone.
import { describe, expect, it } from "vitest";
import { FOLLOW_IDLE, type FollowState, followStep, leaderOf } from "./follow";
import type { PeerFace } from "./state";

const ann: PeerFace = {
  key: "ann",
  name: "Ann",
  color: "#d32f2f",
  role: "facilitator",
  editing: null,
  leading: false,
};
const bob: PeerFace = { ...ann, key: "bob", name: "Bob", role: "editor" };
const leadingAnn: PeerFace = { ...ann, leading: true };

function run(s: FollowState, ...steps: Parameters<typeof followStep>[1][]): FollowState {
  return steps.reduce(followStep, s);
}
const peers = (...p: PeerFace[]) => ({ type: "peers" as const, peers: p, selfLeading: false });

describe("follow mode", () => {
  it("follows the person chosen until stopped", () => {
    const s = run(FOLLOW_IDLE, peers(ann, bob), { type: "follow", key: "bob" });
    expect(s).toMatchObject({ target: "bob", why: "chosen" });
    expect(run(s, { type: "stop" })).toMatchObject({ target: null, why: null });
  });

  it("stops when the followed person leaves", () => {
    const s = run(FOLLOW_IDLE, peers(ann, bob), { type: "follow", key: "bob" }, peers(ann));
    expect(s.target).toBeNull();
  });

  it("returns the same object when nothing changes", () => {
    const s = run(FOLLOW_IDLE, peers(ann, bob), { type: "follow", key: "bob" });
    expect(followStep(s, peers(ann, bob))).toBe(s);
  });

  it("follows a leading facilitator by itself and lets go when the lead ends", () => {
    const s = run(FOLLOW_IDLE, peers(leadingAnn, bob));
    expect(s).toMatchObject({ target: "ann", why: "leader", leader: "ann" });
    expect(run(s, peers(ann, bob))).toMatchObject({ target: null, leader: null });
  });

  it("a lead overrides following someone else", () => {
    const s = run(FOLLOW_IDLE, peers(ann, bob), { type: "follow", key: "bob" });
    expect(run(s, peers(leadingAnn, bob))).toMatchObject({ target: "ann", why: "leader" });
  });

  it("after stop, stays free while that lead lasts, and follows a new lead", () => {
    let s = run(FOLLOW_IDLE, peers(leadingAnn, bob), { type: "stop" });
    expect(s).toMatchObject({ target: null, declined: "ann" });
    s = run(s, peers(leadingAnn, bob), peers(leadingAnn, bob));
    expect(s.target).toBeNull();
    s = run(s, peers(ann, bob)); // the lead ends
    expect(s.declined).toBeNull();
    s = run(s, peers(leadingAnn, bob)); // and is given again
    expect(s).toMatchObject({ target: "ann", why: "leader" });
  });

  it("choosing someone else during a lead declines the lead", () => {
    const s = run(FOLLOW_IDLE, peers(leadingAnn, bob), { type: "follow", key: "bob" });
    expect(s).toMatchObject({ target: "bob", why: "chosen", declined: "ann" });
    expect(run(s, peers(leadingAnn, bob)).target).toBe("bob");
  });

  it("a leader follows nobody", () => {
    const s = run(
      FOLLOW_IDLE,
      { type: "follow", key: "bob" },
      { type: "peers", peers: [leadingAnn, bob], selfLeading: true },
    );
    expect(s.target).toBeNull();
  });

  it("only a facilitator leads", () => {
    expect(leaderOf([{ ...bob, leading: true }])).toBeNull();
    expect(leaderOf([bob, leadingAnn])).toBe("ann");
  });
});
