// What a metric tile says about its gap, a sentence in the interface's language, its unit too
// ("Short by 1.4 pp", "差 1.4 個百分點": a unit in the map's other language inside it read as two
// languages in one line): short of a higher-is-better target, over a lower-is-better one, better
// than either, on it.
import { metricNumber } from "../../doc/metricText";
import type { MetricRec } from "../../doc/schema";
import { gapUnit } from "./metricName";

type Translate = (key: string, options?: Record<string, unknown>) => string;

export function gapText(
  m: Pick<MetricRec, "direction" | "unit">,
  shortfall: number | null,
  t: Translate,
): string {
  if (shortfall === null) return t("board.metric.noGap");
  const gap = metricNumber(Math.abs(shortfall));
  // A difference too small to write ("Short by 0") is on target.
  if (gap === "0") return t("board.metric.onTarget");
  const key = shortfall < 0 ? "ahead" : m.direction === "lower" ? "over" : "gap";
  return t(`board.metric.${key}`, {
    gap,
    unit: gapUnit(m.unit, t),
  }).trim();
}
