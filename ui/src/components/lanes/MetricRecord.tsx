// "Record a value" in a metric tile's settings: the actual value measured on a day (today unless
// changed), or the target set for it, kept in the metric's history; the newest day's value also
// becomes the tile's current value (or its target). A value the metric's kind cannot take is refused with the tile's own words.
import { useState } from "react";
import { isIsoDate } from "../../doc/isoDate";
import type { MetricPoint, PointField } from "../../doc/metricHistory";
import { allowedRange, inRange, parseMetricNumber } from "../../doc/metricNumbers";
import type { MetricRec } from "../../doc/schema";
import { useTranslation } from "../../i18n/useTranslation";
import { localToday } from "../actions/actionList";
import type { BoardActions } from "../board/boardActions";

interface Props {
  metric: MetricRec;
  points: readonly MetricPoint[];
  actions: BoardActions;
}

export function MetricRecord({ metric, points, actions }: Props) {
  const { t } = useTranslation();
  const [date, setDate] = useState(localToday);
  const [text, setText] = useState("");
  const [field, setField] = useState<PointField>("actual");
  const [problem, setProblem] = useState<string | null>(null);
  const range = allowedRange(metric.kind, metric.unit);
  const record = () => {
    const v = parseMetricNumber(text);
    if (v === undefined || v === null) return setProblem(t("board.metric.notNumber"));
    if (!inRange(range, v))
      return setProblem(
        t(range.max === null ? "board.metric.belowMin" : "board.metric.outOfRange", {
          min: range.min,
          max: range.max,
        }),
      );
    if (!isIsoDate(date)) return setProblem(t("board.metric.recordDateMissing"));
    setProblem(null);
    const newest = points.reduce((d, p) => (p[field] !== null && p.date > d ? p.date : d), "");
    actions.recordMetricValue(metric.id, date, field, v, date >= newest);
    setText("");
  };
  return (
    <fieldset className="metric-record">
      <legend>{t("board.metric.record")}</legend>
      <input
        type="date"
        data-testid="metric-record-date"
        aria-label={t("board.metric.recordDate")}
        value={date}
        onChange={(e) => setDate(e.target.value)}
        onKeyDown={(e) => e.stopPropagation()}
      />
      <select
        data-testid="metric-record-field"
        aria-label={t("board.metric.recordField")}
        value={field}
        onChange={(e) => setField(e.target.value === "expected" ? "expected" : "actual")}
      >
        <option value="actual">{t("board.metric.current")}</option>
        <option value="expected">{t("board.metric.expected")}</option>
      </select>
      <input
        data-testid="metric-record-value"
        aria-label={t("board.metric.recordValue")}
        aria-invalid={problem !== null}
        inputMode="decimal"
        size={6}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === "Enter" && !e.nativeEvent.isComposing) {
            e.preventDefault();
            record();
          }
        }}
      />
      <button type="button" className="small-button" data-testid="metric-record" onClick={record}>
        {t("board.metric.recordButton")}
      </button>
      {problem && (
        <span className="field-error" role="alert" data-testid="metric-record-error">
          {problem}
        </span>
      )}
    </fieldset>
  );
}
