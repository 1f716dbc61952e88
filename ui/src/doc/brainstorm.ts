// The anonymous brainstorm's round (crates/model/src/workshop_brainstorm.rs): the facilitator
// asks a question and names the lane the answers go to; everyone writes ideas that nobody else
// sees until the reveal. Only the round is in the map's document — one plain value under
// `workshop.brainstorm`, written whole by the facilitator, no undo step — because every screen
// receives the whole document: the ideas themselves are kept by the host (api/brainstorm.ts) and
// written into the map by the host at the reveal, with no author.
import type { LoroDoc } from "loro-crdt";
import { MAX_BRAINSTORM_PROMPT_CHARS } from "../wire/limits";
import { ROOT } from "../wire/schema";
import type { LaneRec } from "./schema";
import { textHead } from "./textLength";
import { isWhole } from "./timer";
import { NO_UNDO_PREFIX } from "./undoSteps";

export const BRAINSTORM_KEY = "brainstorm";
export const BRAINSTORM_ORIGIN = `${NO_UNDO_PREFIX}brainstorm`;

/** As stored. */
export interface BrainstormRound {
  /** Counts up from 1; the host keeps ideas per round. */
  round: number;
  prompt: string;
  /** The card lane the revealed ideas go to. */
  lane: string;
  open: boolean;
  /** Ideas the reveal put on the board. */
  revealed: number;
}

/** The round as stored, or null when there is none or it is not one (the host refuses those). */
export function readBrainstorm(doc: LoroDoc): BrainstormRound | null {
  const v = doc.getMap(ROOT.workshop).get(BRAINSTORM_KEY) as Record<string, unknown> | undefined;
  if (!v || typeof v !== "object") return null;
  const { round, prompt, lane, open, revealed } = v;
  if (!isWhole(round) || round < 1) return null;
  if (typeof lane !== "string" || lane === "") return null;
  if (typeof open !== "boolean") return null;
  return {
    round,
    prompt: typeof prompt === "string" ? prompt : "",
    lane,
    open,
    revealed: isWhole(revealed) ? revealed : 0,
  };
}

/** The lane a new round's ideas go to unless the facilitator chooses another: pain points. */
export function defaultBrainstormLane(lanes: LaneRec[]): string | null {
  const cardLanes = lanes.filter((l) => l.kind === "cards");
  return (cardLanes.find((l) => l.role === "pain_points") ?? cardLanes[0])?.id ?? null;
}

/** Starts the next round (everyone's screens offer to write ideas at once). */
export function startBrainstorm(doc: LoroDoc, prompt: string, lane: string): BrainstormRound {
  const before = readBrainstorm(doc);
  const round: BrainstormRound = {
    round: (before?.round ?? 0) + 1,
    prompt: textHead(prompt.trim(), MAX_BRAINSTORM_PROMPT_CHARS),
    lane,
    open: true,
    revealed: 0,
  };
  doc.getMap(ROOT.workshop).set(BRAINSTORM_KEY, { ...round });
  doc.commit({ origin: BRAINSTORM_ORIGIN });
  return round;
}
