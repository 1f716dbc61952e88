// The TypeScript side of the map document layout (docs/map-document.md; Rust: crates/model/src/schema.rs).
// Change both together and bump SCHEMA_VERSION there. The version and the text limits come from
// the Rust declarations through the generated wire/limits.ts, so they cannot drift apart.
import { MAX_CARD_TEXT_CHARS, MAX_TITLE_CHARS } from "../wire/limits";
import { cellKey } from "./cellKey";

/**
 * 2: emotion ratings and votes are keyed by participant id; `participants` names them.
 * 3: emotion ratings and channel chips are keyed by stage and lane; metrics name their lane.
 */
export { SCHEMA_VERSION } from "../wire/limits";

export const ROOT = {
  meta: "meta",
  stages: "stages",
  lanes: "lanes",
  cards: "cards",
  emotions: "emotions",
  channels: "channels",
  metrics: "metrics",
  votes: "votes",
  parking: "parking",
  participants: "participants",
} as const;

/** Who rates and votes: a stable random id (never the display name), the name and colour shown. */
export interface Rater {
  id: string;
  name: string;
  color: string;
}

export const CARD_COLORS = [
  "yellow",
  "orange",
  "pink",
  "purple",
  "blue",
  "teal",
  "green",
  "gray",
] as const;
export type CardColor = (typeof CARD_COLORS)[number];

export type LaneKind = "cards" | "channels" | "emotion" | "metrics" | "department";
export type Confidence = "assumption" | "partial" | "backed";
export type Separator = "none" | "interaction" | "visibility" | "internal";
export const SEPARATORS: readonly Separator[] = ["none", "interaction", "visibility", "internal"];
export const CONFIDENCES: readonly Confidence[] = ["assumption", "partial", "backed"];
export type Phase = "pre_sale" | "post_sale";
export const LANE_KINDS: readonly LaneKind[] = [
  "cards",
  "channels",
  "emotion",
  "metrics",
  "department",
];
export const CARD_ROLES = [
  "actions",
  "thoughts",
  "touchpoints",
  "pain_points",
  "opportunities",
  "ideas",
  "frontstage",
  "backstage",
  "support",
  "evidence",
] as const;
export const TEAMS = ["marketing", "sales", "service"] as const;
/** Longest title of a map, a stage or a lane, in characters. */
export const MAX_TITLE = MAX_TITLE_CHARS;

export const CHANNELS = [
  "ads",
  "website",
  "store",
  "phone",
  "email",
  "chat",
  "social",
  "knowledge_base",
  "faq",
  "tutorials",
  "chatbot_ivr",
  "community_forum",
] as const;
export type ChannelId = (typeof CHANNELS)[number];

export const METRIC_KINDS = [
  "nps",
  "csat",
  "ces",
  "churn_rate",
  "retention_rate",
  "conversion_rate",
  "cart_abandonment",
  "call_hold_time",
  "self_service_deflection",
  "custom",
] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];
export type Direction = "higher" | "lower";

/** Longest card text, in characters. */
export const MAX_CARD_TEXT = MAX_CARD_TEXT_CHARS;
export const EMOTION_MIN = -2;
export const EMOTION_MAX = 2;

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

/** `stage:lane:channel`; the channel is a built-in id or `custom:<name>`. */
export function channelKey(stageId: string, laneId: string, channel: string): string {
  return cellKey(stageId, laneId, channel);
}

/** `stage:lane:participant`: one person's rating of a stage on one emotion lane. */
export function emotionKey(stageId: string, laneId: string, participant: string): string {
  return cellKey(stageId, laneId, participant);
}
