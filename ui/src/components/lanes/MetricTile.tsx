// One metric tile: kind, target and actual with the gap and red/amber/green status computed by the
// rule of map-document.md (doc/metrics.ts); settings (kind, label, unit, direction, thresholds).
import { memo, useEffect, useState } from "react";
import type { MetricPoint } from "../../doc/metricHistory";
import { allowedRange, type Range } from "../../doc/metricNumbers";
import { metricStatus, shortfall } from "../../doc/metrics";
import type { MetricKind, MetricRec } from "../../doc/schema";
import { METRIC_KINDS } from "../../doc/schema";
import { useMapSlice } from "../../hooks/mapSlice";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_METRIC_UNIT_CHARS, MAX_TITLE_CHARS } from "../../wire/limits";
import type { BoardActions } from "../board/boardActions";
import { charLimit } from "../shared/charLimit";
import { useMapT } from "../shared/mapLanguage";
import { useReadOnly } from "../shared/readOnly";
import { MetricField } from "./MetricField";
import { MetricRecord } from "./MetricRecord";
import { MetricTrend } from "./MetricTrend";
import { gapText } from "./metricGap";
import { metricName, unitWord } from "./metricName";

const NO_POINTS: readonly MetricPoint[] = [];

/** Shortfall thresholds are amounts of the metric's unit: never negative. */
const THRESHOLDS: Range = { min: 0, max: null };

export const MetricTile = memo(function MetricTile({
  m,
  actions,
}: {
  m: MetricRec;
  actions: BoardActions;
}) {
  const { t } = useTranslation();
  const mapT = useMapT();
  const readOnly = useReadOnly();
  const [settings, setSettings] = useState(false);
  const [label, setLabel] = useState(m.label);
  const [unit, setUnit] = useState(m.unit);
  // Changed elsewhere (a new kind brings its unit, a teammate renamed it): the fields follow, so
  // leaving them does not write the old words back.
  useEffect(() => setUnit(m.unit), [m.unit]);
  useEffect(() => setLabel(m.label), [m.label]);
  const status = metricStatus(m);
  const range = allowedRange(m.kind, m.unit);
  const name = metricName(m, mapT);
  const points = useMapSlice((v) => v.history.get(m.id)) ?? NO_POINTS;
  const gap = gapText(m, shortfall(m), t);
  return (
    <div
      className={`metric-tile status-${status}`}
      data-testid="metric-tile"
      data-status={status}
      data-metric-id={m.id}
    >
      <div className="metric-head">
        <span className="metric-name">{name}</span>
        <span className="metric-status" title={t(`board.metric.status.${status}`)}>
          {t(`board.metric.status.${status}`)}
        </span>
      </div>
      <div className="metric-values">
        <MetricField
          value={m.expected}
          label={t("board.metric.expected")}
          testId="metric-expected"
          optional
          range={range}
          onCommit={(v) => actions.metricNumber(m.id, "expected", v)}
        />
        <MetricField
          value={m.current}
          label={t("board.metric.current")}
          testId="metric-current"
          optional
          range={range}
          onCommit={(v) => actions.metricNumber(m.id, "current", v)}
        />
        <span className="metric-unit">{unitWord(m.unit, mapT)}</span>
      </div>
      <div className="metric-gap">
        {gap} · {t(m.direction === "lower" ? "board.metric.lower" : "board.metric.higher")}
      </div>
      <MetricTrend points={points} unit={m.unit} direction={m.direction} />
      <button
        type="button"
        className="link-button metric-settings-toggle"
        hidden={readOnly}
        aria-expanded={settings}
        data-testid="metric-settings"
        onClick={() => setSettings((s) => !s)}
      >
        {t("board.metric.settings")}
      </button>
      {settings && !readOnly && (
        <div className="metric-settings">
          <MetricRecord metric={m} points={points} actions={actions} />
          <label className="metric-field">
            <span>{t("board.metric.kindLabel")}</span>
            <select
              data-testid="metric-kind-select"
              value={m.kind}
              onChange={(e) => actions.metricKind(m.id, e.target.value as MetricKind)}
            >
              {/* Named as the tile names them: in the map's language. */}
              {METRIC_KINDS.map((k) => (
                <option key={k} value={k}>
                  {mapT(`board.metric.kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          {m.kind === "custom" && (
            <label className="metric-field">
              <span>{t("board.metric.label")}</span>
              <input
                value={label}
                {...charLimit(MAX_TITLE_CHARS, setLabel)}
                onBlur={() => actions.metricText(m.id, "label", label.trim())}
              />
            </label>
          )}
          <label className="metric-field">
            <span>{t("board.metric.unit")}</span>
            <input
              value={unit}
              size={5}
              {...charLimit(MAX_METRIC_UNIT_CHARS, setUnit)}
              onBlur={() => actions.metricText(m.id, "unit", unit.trim())}
            />
          </label>
          <label className="metric-field">
            <span>{t("board.metric.direction")}</span>
            <select
              data-testid="metric-direction-select"
              value={m.direction}
              onChange={(e) =>
                actions.metricText(
                  m.id,
                  "direction",
                  e.target.value === "lower" ? "lower" : "higher",
                )
              }
            >
              <option value="higher">{t("board.metric.higher")}</option>
              <option value="lower">{t("board.metric.lower")}</option>
            </select>
          </label>
          <MetricField
            value={m.amber}
            label={t("board.metric.amber")}
            testId="metric-amber"
            optional={false}
            range={THRESHOLDS}
            onCommit={(v) => actions.metricNumber(m.id, "amber", v)}
          />
          <MetricField
            value={m.red}
            label={t("board.metric.red")}
            testId="metric-red"
            optional={false}
            range={THRESHOLDS}
            onCommit={(v) => actions.metricNumber(m.id, "red", v)}
          />
          <button
            type="button"
            className="small-button danger"
            data-testid="delete-metric"
            onClick={() => actions.deleteMetric(m.id)}
          >
            {t("board.metric.delete")}
          </button>
        </div>
      )}
    </div>
  );
});
