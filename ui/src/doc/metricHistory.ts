// A metric's dated values (`metric_history`: `metric_id:YYYY-MM-DD:actual|expected` → number,
// docs/map-document.md): read per metric oldest first, written one flat key at a time so two
// people entering values at once keep both. The key rule is the Rust model's
// (crates/model/src/metric_history.rs), checked against tests/vectors/metric_history_keys.json.
import type { LoroDoc } from "loro-crdt";
import { LoroMap } from "loro-crdt";
import { isIsoDate } from "./isoDate";
import { ROOT } from "./schema";

export type PointField = "actual" | "expected";

export interface MetricPoint {
  /** `YYYY-MM-DD`. */
  date: string;
  actual: number | null;
  expected: number | null;
}

export function historyKey(metric: string, date: string, field: PointField): string {
  return `${metric}:${date}:${field}`;
}

export function parseHistoryKey(
  key: string,
): { metric: string; date: string; field: PointField } | null {
  const f = key.lastIndexOf(":");
  if (f < 0) return null;
  const d = key.lastIndexOf(":", f - 1);
  if (d <= 0) return null;
  const field = key.slice(f + 1);
  const date = key.slice(d + 1, f);
  if ((field !== "actual" && field !== "expected") || !isIsoDate(date)) return null;
  return { metric: key.slice(0, d), date, field };
}

/** Every metric's points, oldest first. */
export function readMetricHistory(doc: LoroDoc): Map<string, MetricPoint[]> {
  const m = doc.getMap(ROOT.metric_history);
  const byMetric = new Map<string, Map<string, MetricPoint>>();
  for (const key of m.keys()) {
    const k = parseHistoryKey(key);
    const v = m.get(key);
    if (!k || typeof v !== "number" || !Number.isFinite(v)) continue;
    const points = byMetric.get(k.metric) ?? new Map<string, MetricPoint>();
    byMetric.set(k.metric, points);
    const p = points.get(k.date) ?? { date: k.date, actual: null, expected: null };
    points.set(k.date, p);
    p[k.field] = v;
  }
  const out = new Map<string, MetricPoint[]>();
  for (const [id, points] of byMetric)
    out.set(
      id,
      [...points.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
    );
  return out;
}

/** Sets one dated value (null removes it); false when the date is no date or the value no number. */
export function setMetricPoint(
  doc: LoroDoc,
  metric: string,
  date: string,
  field: PointField,
  value: number | null,
): boolean {
  if (!isIsoDate(date) || (value !== null && !Number.isFinite(value))) return false;
  const m = doc.getMap(ROOT.metric_history);
  const key = historyKey(metric, date, field);
  if (value === null) {
    if (m.get(key) === undefined) return true;
    m.delete(key);
  } else {
    if (m.get(key) === value) return true;
    m.set(key, value);
  }
  doc.commit();
  return true;
}

/** The change of the actual value from the one before it: `{ delta, since }`, or null. */
export function lastChange(
  points: readonly MetricPoint[],
): { delta: number; since: string } | null {
  const actual = points.filter((p) => p.actual !== null);
  const last = actual.at(-1);
  const before = actual.at(-2);
  if (!last || !before || last.actual === null || before.actual === null) return null;
  return { delta: last.actual - before.actual, since: before.date };
}

/**
 * Writes imported values in one commit; for each metric whose newest value is among them (on or
 * after every day it had), that value becomes its current one.
 */
export function importMetricPoints(
  doc: LoroDoc,
  points: readonly { metric: string; date: string; value: number }[],
): number {
  const m = doc.getMap(ROOT.metric_history);
  const known = readMetricHistory(doc);
  const newest = new Map<string, { date: string; value: number }>();
  for (const p of points) {
    m.set(historyKey(p.metric, p.date, "actual"), p.value);
    const n = newest.get(p.metric);
    if (!n || p.date >= n.date) newest.set(p.metric, { date: p.date, value: p.value });
  }
  const metrics = doc.getMap(ROOT.metrics);
  for (const [id, n] of newest) {
    const before =
      known
        .get(id)
        ?.filter((p) => p.actual !== null)
        .at(-1)?.date ?? "";
    const metric = metrics.get(id);
    if (n.date >= before && metric instanceof LoroMap) metric.set("current", n.value);
  }
  doc.commit();
  return points.length;
}
