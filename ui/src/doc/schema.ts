// The TypeScript side of the map document layout (docs/map-document.md; Rust: crates/model/src/schema.rs).
// Change both together and bump SCHEMA_VERSION.

export const SCHEMA_VERSION = 1;

export const ROOT = {
  meta: "meta",
  stages: "stages",
  lanes: "lanes",
  cards: "cards",
  emotions: "emotions",
} as const;

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

export const MAX_CARD_TEXT = 10_000;
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
}

export function emotionKey(stageId: string, participant: string): string {
  return `${stageId}:${participant}`;
}

/** Splits `stage_id:participant` at the first colon (participants may contain colons). */
export function parseEmotionKey(key: string): { stage: string; participant: string } | null {
  const i = key.indexOf(":");
  if (i <= 0) return null;
  return { stage: key.slice(0, i), participant: key.slice(i + 1) };
}
