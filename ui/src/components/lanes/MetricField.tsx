// A number field of a metric tile: commits on Enter or blur, stores nothing for a value that is not
// a number or that the metric's kind and unit do not allow (and says so, keeping what was typed so
// it can be corrected), and an empty field removes the value. Follows remote changes when idle.
import { useEffect, useId, useState } from "react";
import { inRange, parseMetricNumber, type Range } from "../../doc/metricNumbers";
import { useTranslation } from "../../i18n/useTranslation";
import { useReadOnly } from "../shared/readOnly";

interface Props {
  value: number | null;
  label: string;
  testId: string;
  /** Whether an empty field is allowed (a missing value). */
  optional: boolean;
  /** The values this field may hold. */
  range: Range;
  onCommit: (v: number | null) => void;
}

type Problem = null | "notNumber" | "outOfRange" | "belowMin";
type Stored = null | "storedOutOfRange" | "storedBelowMin";

export function MetricField({ value, label, testId, optional, range, onCommit }: Props) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  const shown = value === null ? "" : String(value);
  const [text, setText] = useState(shown);
  const [focused, setFocused] = useState(false);
  const [problem, setProblem] = useState<Problem>(null);
  useEffect(() => {
    // What was typed and refused stays until it is corrected or abandoned with Escape.
    if (!focused && problem === null) setText(shown);
  }, [shown, focused, problem]);
  const commit = () => {
    if (readOnly) return;
    const v = parseMetricNumber(text);
    if (v === undefined || (v === null && !optional)) {
      setProblem("notNumber");
      return;
    }
    if (v !== null && !inRange(range, v)) {
      setProblem(range.max === null ? "belowMin" : "outOfRange");
      return;
    }
    setProblem(null);
    if (v !== value) onCommit(v);
    setText(v === null ? "" : String(v));
  };
  // A value the kind or unit no longer allows (an NPS of −5 made a CSAT): kept, as typed and
  // accepted then, but said, until it is corrected.
  const stored: Stored =
    value !== null && !inRange(range, value)
      ? range.max === null
        ? "storedBelowMin"
        : "storedOutOfRange"
      : null;
  // Said quietly beside the field (not as an alert on every render), and only to who may edit it.
  const storedShown = problem === null && !focused && !readOnly ? stored : null;
  const storedId = useId();
  return (
    <label className="metric-field">
      <span>{label}</span>
      <input
        data-testid={testId}
        inputMode="decimal"
        readOnly={readOnly}
        value={text}
        aria-invalid={problem !== null || storedShown !== null}
        aria-describedby={storedShown ? storedId : undefined}
        size={6}
        onChange={(e) => setText(e.target.value)}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          commit();
        }}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === "Enter" && !e.nativeEvent.isComposing) {
            e.preventDefault();
            commit();
          } else if (e.key === "Escape") {
            setText(shown);
            setProblem(null);
          }
        }}
      />
      {problem && (
        <span className="field-error" role="alert" data-testid="metric-error">
          {t(`board.metric.${problem}`, { min: range.min, max: range.max })}
        </span>
      )}
      {storedShown && (
        <span className="field-error" id={storedId} data-testid="metric-error">
          {t(`board.metric.${storedShown}`, { min: range.min, max: range.max })}
        </span>
      )}
    </label>
  );
}
