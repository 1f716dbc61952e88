// A metric's name as the board shows it: a custom metric's own label, else its kind in the
// person's language; and its unit: the built-in unit ids (pts, min, s) in the person's language,
// anything else (%, 1-5, a unit someone typed) as it is — the report's rule too
// (crates/report/src/labels.rs `unit`). The metric tile, the action plan and the list of changes
// name metrics the same way.
import type { MetricRec } from "../../doc/schema";

type Translate = (key: string, options?: { defaultValue: string }) => string;

export function metricName(m: Pick<MetricRec, "kind" | "label">, t: Translate): string {
  return m.kind === "custom" && m.label
    ? m.label
    : t(`board.metric.kind.${m.kind}`, { defaultValue: m.label || m.kind });
}

export function unitWord(unit: string, t: Translate): string {
  if (!/^[a-z]+$/.test(unit)) return unit;
  return t(`board.metric.unitWord.${unit}`, { defaultValue: unit });
}
