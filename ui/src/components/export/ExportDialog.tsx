// "Export" dialog: the PDF report (on a chosen paper), the CSV of all cards, the whole map as one
// picture (SVG to scale without loss, PNG to paste into slides or chat), or the action plan
// (CSV, or its due dates as a calendar file). In a browser the
// file is fetched with progress and handed to the download manager; in the desktop window the
// shell exports it behind a native save dialog and answers with the saved path.
import { useEffect, useRef, useState } from "react";
import type { Endpoint } from "../../api/endpoint";
import { errorText } from "../../api/errorText";
import {
  DEFAULT_PAPER,
  desktopShell,
  downloadExport,
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportProgress,
  PAPERS,
  type Paper,
  saveInBrowser,
  saveWithDesktop,
} from "../../api/export";
import { useEscape } from "../../hooks/useEscape";
import { useModalFocus } from "../../hooks/useModalFocus";
import { useTranslation } from "../../i18n/useTranslation";
import { formatSize } from "../shared/formatSize";

interface Props {
  endpoint: Endpoint;
  mapId: string;
  onClose: () => void;
}

type State =
  | { step: "idle" }
  | { step: "running"; progress: ExportProgress | null }
  | { step: "done"; text: string }
  | { step: "cancelled" }
  | { step: "failed"; message: string };

const HINTS: Record<ExportFormat, string> = {
  pdf: "catalog.export.pdfHint",
  csv: "catalog.export.csvHint",
  "metrics-csv": "catalog.export.metricsCsvHint",
  svg: "catalog.export.svgHint",
  png: "catalog.export.pngHint",
  "actions-csv": "actions.export.csvHint",
  ics: "actions.export.icsHint",
};

const PAPER_KEY: Record<Paper, string> = {
  "a4-portrait": "paperA4Portrait",
  "a4-landscape": "paperA4Landscape",
  "a3-portrait": "paperA3Portrait",
  "a3-landscape": "paperA3Landscape",
  "letter-portrait": "paperLetterPortrait",
  "letter-landscape": "paperLetterLandscape",
};

export function ExportDialog({ endpoint, mapId, onClose }: Props) {
  const dialogRef = useRef<HTMLFormElement>(null);
  const keepFocusInside = useModalFocus(dialogRef);
  const { t, i18n } = useTranslation();
  const [format, setFormat] = useState<ExportFormat>("pdf");
  const [paper, setPaper] = useState<Paper>(DEFAULT_PAPER);
  const [state, setState] = useState<State>({ step: "idle" });
  const running = state.step === "running";

  // A download still running when the dialog closes is abandoned; its answer is ignored.
  const abort = useRef<AbortController | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      abort.current?.abort();
    };
  }, []);
  useEscape(onClose);

  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  const run = async () => {
    setState({ step: "running", progress: null });
    const shell = desktopShell();
    try {
      if (shell) {
        const path = await saveWithDesktop(shell, mapId, format, paper);
        if (!alive.current) return;
        setState(
          path === null
            ? { step: "cancelled" }
            : { step: "done", text: t("catalog.export.saved", { path }) },
        );
      } else {
        const ctrl = new AbortController();
        abort.current = ctrl;
        const file = await downloadExport(
          endpoint,
          mapId,
          format,
          paper,
          (progress) => {
            if (alive.current) setState({ step: "running", progress });
          },
          ctrl.signal,
        );
        if (!alive.current) return;
        saveInBrowser(file);
        setState({ step: "done", text: t("catalog.export.downloaded", { name: file.fileName }) });
      }
    } catch (e) {
      if (!alive.current) return;
      setState({ step: "failed", message: errorText(e, t) });
    } finally {
      abort.current = null;
    }
  };

  const progressText = (p: ExportProgress | null): string => {
    if (desktopShell()) return t("catalog.export.saving");
    if (!p || p.received === 0) return t("catalog.export.preparing");
    const size = formatSize(p.received, i18n.language);
    return p.total
      ? t("catalog.export.receivedOf", { size, total: formatSize(p.total, i18n.language) })
      : t("catalog.export.received", { size });
  };

  return (
    <div className="dialog-backdrop">
      <form
        ref={dialogRef}
        tabIndex={-1}
        onKeyDown={keepFocusInside}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="export-title"
        data-testid="export-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (!running) void run();
        }}
      >
        <h2 id="export-title">{t("catalog.export.title")}</h2>
        <label className="field">
          <span>{t("catalog.export.format")}</span>
          <select
            ref={first}
            value={format}
            disabled={running}
            data-testid="export-format"
            onChange={(e) => {
              setFormat(EXPORT_FORMATS.find((f) => f === e.target.value) ?? "pdf");
              setState({ step: "idle" });
            }}
          >
            <option value="pdf">{t("catalog.export.formatPdf")}</option>
            <option value="csv">{t("catalog.export.formatCsv")}</option>
            <option value="metrics-csv">{t("catalog.export.formatMetricsCsv")}</option>
            <option value="svg">{t("catalog.export.formatSvg")}</option>
            <option value="png">{t("catalog.export.formatPng")}</option>
            <option value="actions-csv">{t("actions.export.csv")}</option>
            <option value="ics">{t("actions.export.ics")}</option>
          </select>
          <span className="muted">{t(HINTS[format])}</span>
        </label>
        {format === "pdf" && (
          <label className="field">
            <span>{t("catalog.export.paper")}</span>
            <select
              value={paper}
              disabled={running}
              data-testid="export-paper"
              onChange={(e) => {
                setPaper(PAPERS.find((p) => p === e.target.value) ?? DEFAULT_PAPER);
                setState({ step: "idle" });
              }}
            >
              {PAPERS.map((p) => (
                <option key={p} value={p}>
                  {t(`catalog.export.${PAPER_KEY[p]}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        <div aria-live="polite">
          {state.step === "running" && (
            <div className="field" data-testid="export-progress">
              <progress
                style={{ width: "100%" }}
                max={state.progress?.total ?? undefined}
                value={
                  state.progress?.total
                    ? Math.min(state.progress.received, state.progress.total)
                    : undefined
                }
                aria-label={t("catalog.export.go")}
              />
              <span className="muted">{progressText(state.progress)}</span>
            </div>
          )}
          {state.step === "done" && (
            <p
              className="export-done"
              data-testid="export-done"
              style={{ margin: 0, overflowWrap: "anywhere" }}
            >
              ✓ {state.text}
            </p>
          )}
          {state.step === "cancelled" && (
            <p className="muted" style={{ margin: 0 }}>
              {t("catalog.export.cancelled")}
            </p>
          )}
          {state.step === "failed" && (
            <p
              className="export-error"
              role="alert"
              data-testid="export-error"
              style={{ margin: 0, color: "var(--danger)", overflowWrap: "anywhere" }}
            >
              {t("catalog.export.failed", { message: state.message })}
            </p>
          )}
        </div>
        <div className="dialog-actions">
          <button type="button" className="small-button" onClick={onClose}>
            {t("catalog.export.close")}
          </button>
          <button
            type="submit"
            className="primary-button"
            disabled={running}
            data-testid="export-go"
          >
            {t("catalog.export.go")}
          </button>
        </div>
      </form>
    </div>
  );
}
