// The anonymous brainstorm's round (crates/model/src/workshop_brainstorm.rs): the facilitator
// asks a question and names the lane the answers go to; everyone writes ideas that nobody else
// sees until the reveal. Only the round is in the map's document — one plain value under
// `workshop.brainstorm`, which the host writes when the facilitator starts or reveals a round
// (api/brainstorm.ts) — because every screen receives the whole document: the ideas themselves
// are kept by the host and written into the map by it at the reveal, with no author.
import type { LoroDoc } from "loro-crdt";
import { ROOT } from "../wire/schema";
import type { LaneRec } from "./schema";
import { isWhole } from "./timer";

export const BRAINSTORM_KEY = "brainstorm";

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
