// The TypeScript side of the map document layout (docs/map-document.md). Its lists, names, limits
// and version are declared once in Rust (crates/model/src/schema.rs) and generated into
// wire/schema.ts and wire/limits.ts by `make wire` (a test fails when they are stale); this file adds
// the record shapes the UI reads and writes, and the key helpers.
import { MAX_CARD_TEXT_CHARS, MAX_TITLE_CHARS } from "../wire/limits";
import type { ActionStatus, Direction, LaneKind, Separator } from "../wire/schema";
import { cellKey } from "./cellKey";

/**
 * 2: emotion ratings and votes are keyed by participant id; `participants` names them.
 * 3: emotion ratings and channel chips are keyed by stage and lane; metrics name their lane.
 */
export { SCHEMA_VERSION } from "../wire/limits";
export type {
  ActionStatus,
  CardColor,
  ChannelId,
  Confidence,
  Direction,
  LaneKind,
  MetricKind,
  Phase,
  Separator,
} from "../wire/schema";
export {
  ACTION_STATUSES,
  CARD_COLORS,
  CARD_ROLES,
  CHANNELS,
  CONFIDENCES,
  EMOTION_MAX,
  EMOTION_MIN,
  LANE_KINDS,
  LOCALES,
  METRIC_KINDS,
  PHASES,
  ROOT,
  SEPARATORS,
  TEAMS,
} from "../wire/schema";

/** Longest title of a map, a stage or a lane, in characters. */
export const MAX_TITLE = MAX_TITLE_CHARS;
/** Longest card text, in characters. */
export const MAX_CARD_TEXT = MAX_CARD_TEXT_CHARS;

/** Who rates and votes: a stable random id (never the display name), the name and colour shown. */
export interface Rater {
  id: string;
  name: string;
  color: string;
}

export interface MetaRec {
  title: string;
  scenario: string;
  expectations: string;
  personaId: string | null;
  locale: string;
  template: string;
  schemaVersion: number;
}

export interface StageRec {
  id: string;
  title: string;
  description: string;
  color: string;
  phase: string;
}

export interface LaneRec {
  id: string;
  title: string;
  kind: LaneKind;
  role: string;
  department: string;
  separator: Separator;
}

export interface Placement {
  stage: string;
  lane: string;
  pos: string;
}

export interface CardRec {
  id: string;
  text: string;
  color: string;
  tags: string[];
  department: string;
  confidence: string;
  author: string;
  createdAt: number;
  links: string[];
  placement: Placement | null;
  example: boolean;
}

export interface MetricRec {
  id: string;
  stage: string;
  /** The metrics lane that shows it. */
  lane: string;
  kind: string;
  label: string;
  unit: string;
  direction: Direction;
  expected: number | null;
  current: number | null;
  amber: number;
  red: number;
  example: boolean;
}

/** One action of the map's plan (`actions`: id → map), see docs/map-document.md. */
export interface ActionRec {
  id: string;
  title: string;
  /** A built-in team id, a custom team's name, or "". */
  team: string;
  owner: string;
  status: ActionStatus;
  /** `YYYY-MM-DD`, or null. */
  due: string | null;
  /** The metric it should move, and by how much (signed, in the metric's unit). */
  metric: string | null;
  effect: number | null;
  /** The cards it answers. */
  cards: string[];
  author: string;
  createdAt: number;
  example: boolean;
}

/** `stage:lane:channel`; the channel is a built-in id or `custom:<name>`. */
export function channelKey(stageId: string, laneId: string, channel: string): string {
  return cellKey(stageId, laneId, channel);
}

/** `stage:lane:participant`: one person's rating of a stage on one emotion lane. */
export function emotionKey(stageId: string, laneId: string, participant: string): string {
  return cellKey(stageId, laneId, participant);
}
