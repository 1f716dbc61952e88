// The metric status rule of map-document.md ("Derived values"): the shortfall against the target and
// the red/amber/green status, plus sensible defaults per metric kind for a new tile. The Rust
// reader (crates/model/src/metrics.rs) implements the same rule; both are tested against
// tests/vectors/metric_status.json.
import type { MetricStatus } from "../wire/schema";
import type { Direction, MetricKind, MetricRec } from "./schema";

export type { MetricStatus };

type RuleInput = Pick<MetricRec, "direction" | "expected" | "current" | "amber" | "red">;

/**
 * Decimal places a shortfall is rounded to: the difference of two typed decimals carries binary
 * floating point's error (2.3 − 1.3 is 0.9999999999999998), which must not decide a status.
 */
const SHORTFALL_DECIMALS = 1e9;

/** How far the current value falls short of the target (≤ 0: on or beyond target); null if unknown. */
export function shortfall(m: RuleInput): number | null {
  if (m.expected === null || m.current === null) return null;
  const s = m.direction === "lower" ? m.current - m.expected : m.expected - m.current;
  return Math.round(s * SHORTFALL_DECIMALS) / SHORTFALL_DECIMALS;
}

export function metricStatus(m: RuleInput): MetricStatus {
  const s = shortfall(m);
  if (s === null) return "unknown";
  if (s <= 0) return "green";
  if (s >= m.red) return "red";
  if (s >= m.amber) return "amber";
  return "green";
}

export interface MetricDefaults {
  unit: string;
  direction: Direction;
  amber: number;
  red: number;
}

export const METRIC_DEFAULTS: Record<MetricKind, MetricDefaults> = {
  nps: { unit: "pts", direction: "higher", amber: 5, red: 15 },
  csat: { unit: "%", direction: "higher", amber: 5, red: 10 },
  ces: { unit: "1-7", direction: "higher", amber: 0.5, red: 1 },
  churn_rate: { unit: "%", direction: "lower", amber: 1, red: 3 },
  retention_rate: { unit: "%", direction: "higher", amber: 3, red: 8 },
  conversion_rate: { unit: "%", direction: "higher", amber: 0.5, red: 1.5 },
  cart_abandonment: { unit: "%", direction: "lower", amber: 5, red: 15 },
  call_hold_time: { unit: "s", direction: "lower", amber: 30, red: 90 },
  self_service_deflection: { unit: "%", direction: "higher", amber: 5, red: 15 },
  custom: { unit: "", direction: "higher", amber: 5, red: 10 },
};
