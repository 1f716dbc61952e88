// Dot-voting rounds (crates/model/src/workshop_voting.rs): the facilitator opens a round on
// chosen lanes with N dots per person; everyone gives dots to the cards of those lanes, at most
// `per_card` on one card; the facilitator closes the round and the votes stand. The round is one
// plain value under `workshop.voting`, written whole by the facilitator; the dots are flat `votes`
// entries `round:card:participant → count`. The host refuses whatever breaks these rules, so the
// checks here only keep the buttons honest. Neither is an undo step: Ctrl+Z after typing must
// not take back a vote, nor close everyone's round.
import type { LoroDoc } from "loro-crdt";
import { MAX_VOTES_PER_PERSON, MAX_VOTING_LABEL_CHARS } from "../wire/limits";
import { ROOT } from "../wire/schema";
import { participantEntry } from "./contributors";
import { readCard, voteKeyParts } from "./read";
import type { CardRec, LaneRec, Rater } from "./schema";
import { textHead } from "./textLength";
import { isWhole } from "./timer";
import { NO_UNDO_PREFIX } from "./undoSteps";

export const VOTING_KEY = "voting";
export const VOTING_ORIGIN = `${NO_UNDO_PREFIX}voting`;
/** Dots each person has in a new round unless the facilitator says otherwise. */
export const DEFAULT_DOTS = 3;
/** Card roles a new round covers unless the facilitator chooses others. */
const DEFAULT_ROLES = new Set(["pain_points", "opportunities"]);

/** As stored. */
export interface VotingRound {
  round: string;
  label: string;
  lanes: string[];
  per_person: number;
  per_card: number;
  open: boolean;
  /** When it was closed, on the host's clock; dots on their way then are still taken for a moment. */
  closed_at: number | null;
}

/** The round as stored, or null when there is none or it is not one (the host refuses those). */
export function readVoting(doc: LoroDoc): VotingRound | null {
  const v = doc.getMap(ROOT.workshop).get(VOTING_KEY) as Record<string, unknown> | undefined;
  if (!v || typeof v !== "object") return null;
  const { round, label, lanes, per_person, per_card, open, closed_at } = v;
  if (typeof round !== "string" || !/^[A-Za-z0-9_-]{1,40}$/.test(round)) return null;
  if (!Array.isArray(lanes) || !lanes.every((l) => typeof l === "string")) return null;
  if (!isWhole(per_person) || per_person < 1 || per_person > MAX_VOTES_PER_PERSON) return null;
  if (!isWhole(per_card) || per_card < 1 || per_card > per_person) return null;
  if (typeof open !== "boolean") return null;
  return {
    round,
    label: typeof label === "string" ? label : "",
    lanes: lanes as string[],
    per_person,
    per_card,
    open,
    closed_at: isWhole(closed_at) ? closed_at : null,
  };
}

export function voteKey(round: string, cardId: string, participant: string): string {
  return `${round}:${cardId}:${participant}`;
}

/** Every `votes` entry, as stored (what a card's ballot reads its own dots from). */
export function readBallots(doc: LoroDoc): Map<string, number> {
  const m = doc.getMap(ROOT.votes);
  const out = new Map<string, number>();
  for (const key of m.keys()) {
    const n = m.get(key);
    if (typeof n === "number" && n > 0) out.set(key, n);
  }
  return out;
}

/** Where a card is now (undefined: gone). */
export type LaneOf = (cardId: string) => string | undefined;

/**
 * Dots `participant` has given in the round, over the cards still in its lanes (dots on a card
 * since moved out or deleted cannot be taken back from the board, so they do not count; the host
 * counts the same way).
 */
export function dotsGiven(
  ballots: Map<string, number>,
  round: VotingRound,
  participant: string,
  laneOf: LaneOf,
): number {
  let n = 0;
  for (const [key, count] of ballots) {
    const vote = voteKeyParts(key);
    if (vote?.round !== round.round || vote.voter !== participant) continue;
    const lane = laneOf(vote.card);
    if (lane !== undefined && round.lanes.includes(lane)) n += count;
  }
  return n;
}

/** People who gave at least one dot in `round`. */
export function votersIn(ballots: Map<string, number>, round: string): number {
  const who = new Set<string>();
  for (const key of ballots.keys()) {
    const vote = voteKeyParts(key);
    if (vote?.round === round) who.add(vote.voter);
  }
  return who.size;
}

/** A card's place in a round's results. */
export interface VoteResult {
  card: CardRec;
  dots: number;
  /** 1 for the most dots; cards with as many share a rank (1, 2, 2, 4). */
  rank: number;
  /** Another card has as many dots. */
  tied: boolean;
}

/**
 * The cards of `round` that got dots, most first, counted as `dotsGiven` counts them (a card since
 * moved out of the round's lanes or deleted is left out); cards with as many dots share a rank and
 * keep the board's order among them (stage, then the order of `cards`).
 */
export function roundResults(
  ballots: Map<string, number>,
  round: VotingRound,
  cards: Record<string, CardRec>,
  stageOrder: readonly string[],
): VoteResult[] {
  const dots = new Map<string, number>();
  for (const [key, count] of ballots) {
    const vote = voteKeyParts(key);
    if (vote?.round !== round.round) continue;
    const lane = cards[vote.card]?.placement?.lane;
    if (lane === undefined || !round.lanes.includes(lane)) continue;
    dots.set(vote.card, (dots.get(vote.card) ?? 0) + count);
  }
  const stageIndex = (c: CardRec) => stageOrder.indexOf(c.placement?.stage ?? "");
  const laneIndex = (c: CardRec) => round.lanes.indexOf(c.placement?.lane ?? "");
  const counted = [...dots]
    .flatMap(([id, n]) => {
      const card = cards[id];
      return card ? [{ card, dots: n }] : [];
    })
    .sort(
      (a, b) =>
        b.dots - a.dots ||
        stageIndex(a.card) - stageIndex(b.card) ||
        laneIndex(a.card) - laneIndex(b.card) ||
        (a.card.placement?.pos ?? "").localeCompare(b.card.placement?.pos ?? "") ||
        a.card.id.localeCompare(b.card.id),
    );
  const howMany = new Map<number, number>();
  for (const r of counted) howMany.set(r.dots, (howMany.get(r.dots) ?? 0) + 1);
  return counted.map((r) => ({
    ...r,
    rank: 1 + counted.filter((o) => o.dots > r.dots).length,
    tied: (howMany.get(r.dots) ?? 0) > 1,
  }));
}

/** Where each card of the board's view is now. */
export function laneOfCard(cards: Record<string, CardRec>): LaneOf {
  return (id) => cards[id]?.placement?.lane;
}

/** The lanes a new round covers by default: pain points and opportunities, or every card lane. */
export function defaultVotingLanes(lanes: LaneRec[]): string[] {
  const cardLanes = lanes.filter((l) => l.kind === "cards");
  const chosen = cardLanes.filter((l) => DEFAULT_ROLES.has(l.role));
  return (chosen.length > 0 ? chosen : cardLanes).map((l) => l.id);
}

const clampDots = (n: number) => Math.min(MAX_VOTES_PER_PERSON, Math.max(1, Math.round(n) || 1));

function write(doc: LoroDoc, round: VotingRound | null): void {
  const map = doc.getMap(ROOT.workshop);
  if (round) map.set(VOTING_KEY, { ...round, lanes: [...round.lanes] });
  else map.delete(VOTING_KEY);
  doc.commit({ origin: VOTING_ORIGIN });
}

function newRoundId(): string {
  return `r-${crypto.randomUUID().slice(0, 8)}`;
}

export interface RoundSettings {
  label: string;
  lanes: string[];
  perPerson: number;
  perCard: number;
}

/** Opens a new round for everyone (the previous round's votes stand). */
export function startVoting(doc: LoroDoc, s: RoundSettings): VotingRound | null {
  if (s.lanes.length === 0) return null;
  const perPerson = clampDots(s.perPerson);
  const round: VotingRound = {
    round: newRoundId(),
    label: textHead(s.label.trim(), MAX_VOTING_LABEL_CHARS),
    lanes: s.lanes,
    per_person: perPerson,
    per_card: Math.min(perPerson, clampDots(s.perCard)),
    open: true,
    closed_at: null,
  };
  write(doc, round);
  return round;
}

/**
 * Closes the open round at `hostNow` (the host's clock): its votes stand and nobody may change
 * them (dots already on their way are still taken for a few seconds).
 */
export function endVoting(doc: LoroDoc, hostNow: number): void {
  const round = readVoting(doc);
  if (round?.open) write(doc, { ...round, open: false, closed_at: Math.round(hostNow) });
}

/** What `rater` may still do on a card in the open round. */
export interface Ballot {
  mine: number;
  /** The most dots one person may give a card in this round. */
  perCard: number;
  left: number;
  canGive: boolean;
  canTake: boolean;
}

export function ballotOf(
  round: VotingRound | null,
  ballots: Map<string, number>,
  cardId: string,
  laneId: string,
  participant: string,
  laneOf: LaneOf,
): Ballot | null {
  if (!round?.open || !round.lanes.includes(laneId)) return null;
  const mine = ballots.get(voteKey(round.round, cardId, participant)) ?? 0;
  const left = round.per_person - dotsGiven(ballots, round, participant, laneOf);
  return {
    mine,
    perCard: round.per_card,
    left,
    canGive: left > 0 && mine < round.per_card,
    canTake: mine > 0,
  };
}

/** Gives one more dot (`+1`) or takes one back (`-1`) on a card of the open round. */
export function castDot(doc: LoroDoc, cardId: string, laneId: string, rater: Rater, step: 1 | -1) {
  const round = readVoting(doc);
  const ballot = ballotOf(
    round,
    readBallots(doc),
    cardId,
    laneId,
    rater.id,
    (id) => readCard(doc, id)?.placement?.lane,
  );
  if (!round || !ballot || (step > 0 ? !ballot.canGive : !ballot.canTake)) return;
  const next = ballot.mine + step;
  const votes = doc.getMap(ROOT.votes);
  const key = voteKey(round.round, cardId, rater.id);
  doc.getMap(ROOT.participants).set(rater.id, participantEntry(rater));
  if (next > 0) votes.set(key, next);
  else votes.delete(key);
  doc.commit({ origin: VOTING_ORIGIN });
}
