// A metric's trend on its tile: a small line of its dated actual values (the target's dated values
// as a dashed line when there are any) and the change since the value before the last, coloured
// by whether it moved the right way for the metric.
import { lastChange, type MetricPoint } from "../../doc/metricHistory";
import type { Direction } from "../../doc/schema";
import { CHANGE_DIGITS, numberFormat } from "../../i18n/formats";
import { useTranslation } from "../../i18n/useTranslation";

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

function formatDelta(n: number, locale: string): string {
  const text = numberFormat(locale, CHANGE_DIGITS).format(Math.abs(n));
  return n > 0 ? `+${text}` : n < 0 ? `−${text}` : text;
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
  const { t, i18n } = useTranslation();
  const actual = points.filter((p) => p.actual !== null);
  if (actual.length === 0) return null;
  const values = points
    .flatMap((p) => [p.actual, p.expected])
    .filter((v): v is number => v !== null);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const change = lastChange(points);
  const better =
    change === null || change.delta === 0
      ? "same"
      : change.delta > 0 === (direction === "higher")
        ? "better"
        : "worse";
  const hasExpected = points.some((p) => p.expected !== null);
  const label = actual.map((p) => `${p.date}: ${p.actual}`).join(", ");
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
            delta: `${formatDelta(change.delta, i18n.language)}${unit === "%" ? "%" : ""}`,
            date: change.since,
          })}
        </span>
      )}
    </div>
  );
}
