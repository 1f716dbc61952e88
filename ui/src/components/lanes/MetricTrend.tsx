// A metric's trend on its tile: a small line of its dated actual values (the target's dated values
// as a dashed line when there are any) and the change since the value before the last, coloured
// by whether it moved the right way for the metric. The change is a difference, written as the
// tile's gap is: the number as typed (metricText.ts) and a difference's unit ("+0.9 pp", not
// "+0.9%", which reads as relative).
import { lastChange, type MetricPoint } from "../../doc/metricHistory";
import { metricNumber } from "../../doc/metricText";
import type { Direction } from "../../doc/schema";
import { useTranslation } from "../../i18n/useTranslation";
import { gapUnit } from "./metricName";

const W = 120;
const H = 28;

function line(values: (number | null)[], lo: number, hi: number): string {
  const n = values.length;
  const span = hi - lo || 1;
  return values
    .map((v, i) =>
      v === null
        ? null
        : `${((i / Math.max(1, n - 1)) * (W - 4) + 2).toFixed(1)},${(H - 3 - ((v - lo) / span) * (H - 6)).toFixed(1)}`,
    )
    .filter((p): p is string => p !== null)
    .join(" ");
}

/** "+4", "−0.25", "0": the sign said, the number by the metric rule; "0" when too small to write. */
export function changeNumber(n: number): string {
  const text = metricNumber(Math.abs(n));
  if (text === "0") return text;
  return n > 0 ? `+${text}` : `−${text}`;
}

export function MetricTrend({
  points,
  unit,
  direction,
}: {
  points: readonly MetricPoint[];
  unit: string;
  direction: Direction;
}) {
  const { t } = useTranslation();
  const actual = points.filter((p) => p.actual !== null);
  if (actual.length === 0) return null;
  const values = points
    .flatMap((p) => [p.actual, p.expected])
    .filter((v): v is number => v !== null);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const change = lastChange(points);
  const deltaText = change === null ? "0" : changeNumber(change.delta);
  const better =
    change === null || deltaText === "0"
      ? "same"
      : change.delta > 0 === (direction === "higher")
        ? "better"
        : "worse";
  const hasExpected = points.some((p) => p.expected !== null);
  const label = actual
    .map((p) => `${p.date}: ${p.actual === null ? "" : metricNumber(p.actual)}`)
    .join(", ");
  return (
    <div className="metric-trend" data-testid="metric-trend">
      <svg width={W} height={H} role="img" aria-label={`${t("board.metric.trend")}: ${label}`}>
        {hasExpected && (
          <polyline
            className="trend-expected"
            points={line(
              points.map((p) => p.expected),
              lo,
              hi,
            )}
          />
        )}
        <polyline
          className="trend-actual"
          points={line(
            points.map((p) => p.actual),
            lo,
            hi,
          )}
        />
      </svg>
      {change && (
        <span className={`trend-change ${better}`} data-testid="metric-change">
          {t("board.metric.changeSince", {
            delta: `${deltaText} ${gapUnit(unit, t)}`.trim(),
            date: change.since,
          })}
        </span>
      )}
    </div>
  );
}
