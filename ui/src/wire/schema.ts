// Generated from the Rust declarations (crates/model/src/schema.rs, metrics.rs, metric_numbers.rs) by `make wire`. Do not edit.

/** The root containers of a map document. */
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
  actions: "actions",
  metric_history: "metric_history",
  versions: "versions",
  workshop: "workshop",
} as const;

/** The languages a map is written in. */
export const LOCALES = [
  "en",
  "zh-CN",
  "zh-TW",
] as const;
export type MapLocale = (typeof LOCALES)[number];

/** What a lane holds and how it is drawn. */
export const LANE_KINDS = [
  "cards",
  "channels",
  "emotion",
  "metrics",
  "department",
] as const;
export type LaneKind = (typeof LANE_KINDS)[number];

/** What a cards lane holds. */
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
export type CardRole = (typeof CARD_ROLES)[number];

/** The built-in teams; any other name is a custom team. */
export const TEAMS = [
  "marketing",
  "sales",
  "service",
] as const;
export type Team = (typeof TEAMS)[number];

/** Built-in channels; custom ones are `custom:<name>`. */
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

/** Metric kinds; `custom` carries its own label. */
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

/** Which way a metric should move. */
export const DIRECTIONS = [
  "higher",
  "lower",
] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** A metric's status against its target (the gap rule of tests/vectors/metric_status.json). */
export const METRIC_STATUSES = [
  "green",
  "amber",
  "red",
  "unknown",
] as const;
export type MetricStatus = (typeof METRIC_STATUSES)[number];

/** Units of time: a duration is never negative. */
export const TIME_UNITS = [
  "ms",
  "s",
  "min",
  "h",
  "d",
  "秒",
  "分钟",
  "分鐘",
  "小时",
  "小時",
  "天",
] as const;

/** Card colours (palette keys each theme draws readably). */
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

/** How well a card is backed by evidence. */
export const CONFIDENCES = [
  "assumption",
  "partial",
  "backed",
] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** The service-blueprint line drawn above a lane. */
export const SEPARATORS = [
  "none",
  "interaction",
  "visibility",
  "internal",
] as const;
export type Separator = (typeof SEPARATORS)[number];

/** Where an action stands. */
export const ACTION_STATUSES = [
  "idea",
  "planned",
  "in_progress",
  "done",
  "dropped",
] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Whether a stage comes before or after the purchase. */
export const PHASES = [
  "pre_sale",
  "post_sale",
] as const;
export type Phase = (typeof PHASES)[number];

/** The emotion scale. */
export const EMOTION_MIN = -2;
export const EMOTION_MAX = 2;
