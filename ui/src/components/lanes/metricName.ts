// A metric's name as the board shows it: a custom metric's own label, else its kind in the
// person's language. The metric tile and the action plan name metrics the same way.
import type { MetricRec } from "../../doc/schema";

type Translate = (key: string, options?: { defaultValue: string }) => string;

export function metricName(m: Pick<MetricRec, "kind" | "label">, t: Translate): string {
  return m.kind === "custom" && m.label
    ? m.label
    : t(`board.metric.kind.${m.kind}`, { defaultValue: m.label || m.kind });
}
