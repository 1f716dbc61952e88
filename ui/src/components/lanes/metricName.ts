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

/**
 * The unit of a difference between two values: a difference of percentages is in percentage points
 * ("1.4 pp", not "1.4 %", which reads as a relative change); a scale (1-5) is no unit of a
 * difference ("short by 0.3", not "0.3 1-5"). The report's rule too (crates/report/src/labels.rs
 * `gap_unit`).
 */
export function gapUnit(unit: string, t: Translate): string {
  // The full-width ％ a Chinese input method types is a percentage too (metricNumbers.ts).
  if (unit === "%" || unit === "％") return t("board.metric.percentPoints", { defaultValue: "pp" });
  if (/^[0-9]/.test(unit)) return "";
  return unitWord(unit, t);
}
