// Dot-voting rounds: the lanes a round covers by default, the dots a person has left, the buttons'
// rules (the host's too), and that neither a round nor a dot is an undo step.
import { type LoroDoc, UndoManager } from "loro-crdt";
import { describe, expect, it } from "vitest";
import { makeMapDoc } from "../../test/doc/fixture";
import { ROOT } from "../wire/schema";
import { addCard } from "./actions";
import { readCards, readLanes } from "./read";
import { NO_UNDO_PREFIX } from "./undoSteps";
import {
  ballotOf,
  castDot,
  defaultVotingLanes,
  dotsGiven,
  endVoting,
  readBallots,
  readVoting,
  roundResults,
  startVoting,
  voteKey,
} from "./voting";

const ann = { id: "p-ann", name: "安", color: "#c33" };

function board(): { doc: LoroDoc; pain: readonly [string, string, string]; other: string } {
  const doc = makeMapDoc(
    ["s1", "s2"],
    [
      { id: "acts", title: "Actions", kind: "cards" },
      { id: "pain", title: "痛点", kind: "cards", role: "pain_points" },
      { id: "opp", title: "机会", kind: "cards", role: "opportunities" },
      { id: "emo", title: "Emotion", kind: "emotion" },
    ],
  );
  const card = (lane: string, text: string) =>
    addCard(doc, { stage: "s1", lane, text, department: "", author: "T", afterPos: null });
  const pain = [
    card("pain", "排队太久"),
    card("pain", "找不到客服"),
    card("pain", "退款慢"),
  ] as const;
  return { doc, pain, other: card("acts", "看广告") };
}

describe("dot voting", () => {
  it("opens on the pain points and opportunities by default, or on every card lane", () => {
    const { doc } = board();
    expect(defaultVotingLanes(readLanes(doc))).toEqual(["pain", "opp"]);
    const plain = makeMapDoc(
      ["s1"],
      [
        { id: "a", title: "A", kind: "cards" },
        { id: "m", title: "M", kind: "metrics" },
      ],
    );
    expect(defaultVotingLanes(readLanes(plain))).toEqual(["a"]);
  });

  it("gives dots within the round's rules, takes them back, and closes", () => {
    const { doc, pain, other } = board();
    const round = startVoting(doc, {
      label: "  哪些痛点最痛？ ",
      lanes: ["pain"],
      perPerson: 3,
      perCard: 2,
    });
    expect(round).not.toBeNull();
    expect(readVoting(doc)).toMatchObject({
      label: "哪些痛点最痛？",
      lanes: ["pain"],
      per_person: 3,
      per_card: 2,
      open: true,
    });
    const open = readVoting(doc);
    if (!open) throw new Error("no round");
    const id = open.round;
    const laneOf = (card: string) => readCards(doc)[card]?.placement?.lane;
    const given = () => dotsGiven(readBallots(doc), open, ann.id, laneOf);
    const ballot = (card: string, lane = "pain") =>
      ballotOf(readVoting(doc), readBallots(doc), card, lane, ann.id, laneOf);

    castDot(doc, pain[0], "pain", ann, 1);
    castDot(doc, pain[0], "pain", ann, 1);
    expect(ballot(pain[0])).toEqual({
      mine: 2,
      perCard: 2,
      left: 1,
      canGive: false,
      canTake: true,
    });
    castDot(doc, pain[0], "pain", ann, 1); // at the most per card: nothing happens
    castDot(doc, pain[1], "pain", ann, 1);
    expect(ballot(pain[2])).toEqual({
      mine: 0,
      perCard: 2,
      left: 0,
      canGive: false,
      canTake: false,
    });
    castDot(doc, pain[2], "pain", ann, 1); // none left
    expect(given()).toBe(3);
    expect(ballot(other, "acts")).toBeNull();
    expect(doc.getMap(ROOT.votes).get(voteKey(id, pain[0], ann.id))).toBe(2);
    // Who voted is named in the map, as for a rating.
    expect(doc.getMap(ROOT.participants).get(ann.id)).toEqual({ name: "安", color: "#c33" });

    castDot(doc, pain[0], "pain", ann, -1);
    castDot(doc, pain[1], "pain", ann, -1);
    expect(doc.getMap(ROOT.votes).get(voteKey(id, pain[1], ann.id))).toBeUndefined();
    expect(ballot(pain[0])).toEqual({ mine: 1, perCard: 2, left: 2, canGive: true, canTake: true });

    endVoting(doc, 1_800_000_000_000);
    expect(readVoting(doc)?.open).toBe(false);
    expect(ballot(pain[0])).toBeNull();
    castDot(doc, pain[0], "pain", ann, 1);
    expect(given()).toBe(1);
  });

  it("does not count dots on a card moved out of the round's lanes", () => {
    const { doc, pain } = board();
    startVoting(doc, { label: "", lanes: ["pain"], perPerson: 2, perCard: 1 });
    const open = readVoting(doc);
    if (!open) throw new Error("no round");
    const laneOf = (card: string) => readCards(doc)[card]?.placement?.lane;
    castDot(doc, pain[0], "pain", ann, 1);
    castDot(doc, pain[1], "pain", ann, 1);
    expect(dotsGiven(readBallots(doc), open, ann.id, laneOf)).toBe(2);
    const card = doc.getMap(ROOT.cards).get(pain[1]) as { set: (k: string, v: unknown) => void };
    card.set("placement", { stage: "s1", lane: "acts", pos: "a" });
    doc.commit();
    // That dot can no longer be taken back from the board: it does not hold one of hers.
    expect(dotsGiven(readBallots(doc), open, ann.id, laneOf)).toBe(1);
    expect(ballotOf(open, readBallots(doc), pain[2], "pain", ann.id, laneOf)?.canGive).toBe(true);
  });

  it("ranks a round's cards by their dots, ties sharing a rank, this round's dots only", () => {
    const { doc, pain, other } = board();
    const bob = { id: "p-bob", name: "Bob", color: "#33c" };
    const cy = { id: "p-cy", name: "陳", color: "#3c3" };
    startVoting(doc, { label: "", lanes: ["pain", "acts"], perPerson: 3, perCard: 2 });
    castDot(doc, pain[2], "pain", ann, 1);
    castDot(doc, pain[2], "pain", ann, 1);
    castDot(doc, pain[0], "pain", bob, 1);
    castDot(doc, pain[0], "pain", bob, 1);
    castDot(doc, other, "acts", cy, 1);
    castDot(doc, pain[1], "pain", cy, 1);
    const first = readVoting(doc);
    if (!first) throw new Error("no round");
    endVoting(doc, 1);
    // A later round's dots are not this round's.
    startVoting(doc, { label: "", lanes: ["pain"], perPerson: 3, perCard: 3 });
    castDot(doc, pain[1], "pain", ann, 1);
    const results = roundResults(readBallots(doc), first, readCards(doc), ["s1", "s2"]);
    // As many dots: the board's order among them (the round's lanes first: pain before actions;
    // the fixture's cards in one cell share a position, so those two in either order).
    expect(results.map((r) => [r.dots, r.rank, r.tied])).toEqual([
      [2, 1, true],
      [2, 1, true],
      [1, 3, true],
      [1, 3, true],
    ]);
    expect(
      results
        .slice(0, 2)
        .map((r) => r.card.text)
        .sort(),
    ).toEqual(["排队太久", "退款慢"].sort());
    expect(results.slice(2).map((r) => r.card.text)).toEqual(["找不到客服", "看广告"]);
    // A card deleted since is left out; the one left with one dot is no longer tied.
    doc.getMap(ROOT.cards).delete(other);
    doc.commit();
    const after = roundResults(readBallots(doc), first, readCards(doc), ["s1", "s2"]);
    expect(after.map((r) => [r.rank, r.tied])).toEqual([
      [1, true],
      [1, true],
      [3, false],
    ]);
    expect(after[2]?.card.text).toBe("找不到客服");
  });

  it("keeps the numbers in range and refuses a round without lanes", () => {
    const { doc } = board();
    expect(startVoting(doc, { label: "", lanes: [], perPerson: 3, perCard: 1 })).toBeNull();
    expect(readVoting(doc)).toBeNull();
    startVoting(doc, { label: "长".repeat(100), lanes: ["pain"], perPerson: 99, perCard: 50 });
    expect(readVoting(doc)).toMatchObject({ per_person: 20, per_card: 20 });
    expect(readVoting(doc)?.label).toHaveLength(80);
    // Something that is not a round reads as none (the host refuses it anyway).
    doc.getMap(ROOT.workshop).set("voting", { round: "r:1", lanes: ["pain"] });
    expect(readVoting(doc)).toBeNull();
  });

  it("makes no undo step of a round or a dot", () => {
    const { doc, pain } = board();
    const undo = new UndoManager(doc, {
      mergeInterval: 0,
      excludeOriginPrefixes: [NO_UNDO_PREFIX],
    });
    startVoting(doc, { label: "", lanes: ["pain"], perPerson: 3, perCard: 1 });
    castDot(doc, pain[0], "pain", ann, 1);
    expect(undo.canUndo()).toBe(false);
  });
});
