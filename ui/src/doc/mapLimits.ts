// The per-map size limits the host enforces (crates/model/src/schema.rs, generated into
// wire/limits.ts): at most so many cards, stages and lanes. Every place the board adds one asks
// `canAdd` first, so a person at a limit is told so instead of making an edit the host refuses.
import type { LoroDoc } from "loro-crdt";
import { MAX_CARDS_PER_MAP, MAX_LANES_PER_MAP, MAX_STAGES_PER_MAP } from "../wire/limits";
import { ROOT } from "./schema";

export type LimitKind = "cards" | "stages" | "lanes";
export type MapCounts = Readonly<Record<LimitKind, number>>;

/** The limit an addition would break. */
export interface LimitHit {
  kind: LimitKind;
  limit: number;
}

export const MAP_LIMITS: MapCounts = {
  cards: MAX_CARDS_PER_MAP,
  stages: MAX_STAGES_PER_MAP,
  lanes: MAX_LANES_PER_MAP,
};

/**
 * Null when adding `adding` more of `kind` keeps the map within its limit, otherwise the limit it
 * would break. A map already past a limit (from an older release) may not grow, as on the host.
 */
export function canAdd(kind: LimitKind, counts: MapCounts, adding = 1): LimitHit | null {
  const limit = MAP_LIMITS[kind];
  return counts[kind] + adding <= limit ? null : { kind, limit };
}

/**
 * What the host counts: every card entry of the document (those of a deleted stage or lane too)
 * and every stage and lane entry, read without their content.
 */
export function mapCounts(doc: LoroDoc): MapCounts {
  return {
    cards: doc.getMap(ROOT.cards).size,
    stages: doc.getMovableList(ROOT.stages).length,
    lanes: doc.getMovableList(ROOT.lanes).length,
  };
}
