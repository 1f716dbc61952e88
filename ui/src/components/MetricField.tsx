// A number field of a metric tile: commits on Enter or blur, stores nothing for a value that is not
// a number (and says so), and an empty field removes the value. Follows remote changes when idle.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { parseMetricValue } from "../doc/metrics";
import { useReadOnly } from "./readOnly";

interface Props {
  value: number | null;
  label: string;
  testId: string;
  /** Whether an empty field is allowed (a missing value). */
  optional: boolean;
  onCommit: (v: number | null) => void;
}

export function MetricField({ value, label, testId, optional, onCommit }: Props) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  const shown = value === null ? "" : String(value);
  const [text, setText] = useState(shown);
  const [focused, setFocused] = useState(false);
  const [error, setError] = useState(false);
  useEffect(() => {
    if (!focused) {
      setText(shown);
      setError(false);
    }
  }, [shown, focused]);
  const commit = () => {
    if (readOnly) return;
    const v = parseMetricValue(text);
    if (v === undefined || (v === null && !optional)) {
      setError(true);
      return;
    }
    setError(false);
    if (v !== value) onCommit(v);
  };
  return (
    <label className="metric-field">
      <span>{label}</span>
      <input
        data-testid={testId}
        inputMode="decimal"
        readOnly={readOnly}
        value={text}
        aria-invalid={error}
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
            setError(false);
          }
        }}
      />
      {error && (
        <span className="field-error" role="alert" data-testid="metric-error">
          {t("board.metric.notNumber")}
        </span>
      )}
    </label>
  );
}
