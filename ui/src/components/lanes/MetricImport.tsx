// "Import values (CSV)…" of a metrics lane: the file a survey or analytics tool exports (stage,
// metric, date, value per line) becomes the metrics' dated values in one undo step. A file with
// any problem imports nothing and lists its problems by line and column; a metric may be named
// by its kind (nps), its own label, or its name in any of the three languages.
import { forwardRef, useImperativeHandle, useRef, useState } from "react";
import { type ImportProblem, MAX_LISTED_PROBLEMS, readHistoryCsv } from "../../doc/historyImport";
import { LOCALES, type MetricRec } from "../../doc/schema";
import { useMapSlice } from "../../hooks/mapSlice";
import { useTranslation } from "../../i18n/useTranslation";
import type { BoardActions } from "../board/boardActions";
import { showCardNotice } from "../cards/cardNotice";
import { metricName } from "./metricName";

/** Larger files are refused before they are read: a year of daily values of every tile is less. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
// The map languages (generated from the Rust schema), whichever one the CSV was written in.
const LANGUAGES = LOCALES;

export interface MetricImportHandle {
  open: () => void;
}

export const MetricImport = forwardRef<MetricImportHandle, { actions: BoardActions }>(
  function MetricImport({ actions }, ref) {
    const { t, i18n } = useTranslation();
    const input = useRef<HTMLInputElement>(null);
    const stages = useMapSlice((v) => v.stages);
    const metrics = useMapSlice((v) => v.metrics);
    const history = useMapSlice((v) => v.history);
    const [problems, setProblems] = useState<ImportProblem[] | null>(null);
    useImperativeHandle(ref, () => ({ open: () => input.current?.click() }), []);

    const names = (m: MetricRec): string[] => [
      m.kind,
      m.label,
      ...LANGUAGES.map((lng) => metricName(m, (key, o) => i18n.t(key, { ...o, lng }))),
    ];
    const read = async (file: File) => {
      if (file.size > MAX_FILE_BYTES) {
        setProblems([
          { line: 1, column: null, key: "tooBig", text: String(MAX_FILE_BYTES / 1024 / 1024) },
        ]);
        return;
      }
      let existing = 0;
      for (const points of history.values()) existing += points.length;
      const result = readHistoryCsv(
        await file.text(),
        stages,
        Object.values(metrics),
        names,
        existing,
      );
      if (!result.ok) {
        setProblems(result.problems);
        return;
      }
      actions.importMetricValues(result.points);
      showCardNotice(
        t("board.metric.import.done", { count: result.points.length }),
        "import-notice",
      );
    };

    return (
      <>
        <input
          ref={input}
          type="file"
          accept=".csv,text/csv"
          hidden
          data-testid="metric-import-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (file) void read(file);
          }}
        />
        {problems && (
          <div className="dialog-backdrop">
            <div
              className="dialog"
              role="alertdialog"
              aria-modal="true"
              aria-labelledby="import-problems-title"
              data-testid="import-problems"
              onKeyDown={(e) => {
                e.stopPropagation();
                if (e.key === "Escape") setProblems(null);
              }}
            >
              <h2 id="import-problems-title">{t("board.metric.import.failed")}</h2>
              <ul className="import-problems">
                {problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => (
                  <li key={`${p.line}:${p.column ?? 0}`} data-testid="import-problem">
                    {p.column === null
                      ? t("board.metric.import.atLine", { line: p.line })
                      : t("board.metric.import.at", { line: p.line, column: p.column })}{" "}
                    {t(`board.metric.import.problem.${p.key}`, { text: p.text, count: p.count })}
                  </li>
                ))}
              </ul>
              {problems.length > MAX_LISTED_PROBLEMS && (
                <p className="muted">
                  {t("board.metric.import.more", { count: problems.length - MAX_LISTED_PROBLEMS })}
                </p>
              )}
              <p className="muted">{t("board.metric.import.shape")}</p>
              <div className="dialog-actions">
                <button
                  type="button"
                  className="primary-button"
                  data-testid="import-problems-close"
                  // biome-ignore lint/a11y/noAutofocus: the dialog's one way out takes the focus
                  autoFocus
                  onClick={() => setProblems(null)}
                >
                  {t("board.metric.import.close")}
                </button>
              </div>
            </div>
          </div>
        )}
      </>
    );
  },
);
