// What "Export everything" on the Restore screen is doing or did: "2 / 5" while a browser downloads,
// how many projects were written (and where) or downloaded, or "Nothing to export yet"; and, apart,
// as an alert, each failure in words with the project it concerns. Numbers are written in the UI's
// language.

import { errorText } from "../../api/errorText";
import type { ExportEverythingState } from "../../hooks/useExportEverything";
import { numberFormat } from "../../i18n/formats";
import { useTranslation } from "../../i18n/useTranslation";

export function ExportEverythingNotice({ state }: { state: ExportEverythingState }) {
  const { t, i18n } = useTranslation();
  const numbers = numberFormat(i18n.language);
  const n = (value: number) => numbers.format(value);

  if (state.step === "busy") {
    const p = state.progress;
    return p ? (
      <p className="muted restore-export-progress" data-testid="export-everything-progress">
        {t("catalog.restore.exportAllProgress", {
          current: n(p.current),
          total: n(p.total),
          project: p.project,
        })}
      </p>
    ) : null;
  }
  if (state.step !== "done") return null;

  const result = state.result;
  switch (result.kind) {
    case "cancelled":
      return null;
    case "empty":
      return (
        <p className="muted" data-testid="export-everything-empty">
          {t("catalog.restore.exportAllEmpty")}
        </p>
      );
    case "written":
      return (
        <p className="restore-made restore-export-done" data-testid="export-everything-done">
          ✓{" "}
          {t("catalog.restore.exportAllWritten", {
            count: result.projects,
            n: n(result.projects),
            folder: result.folder,
          })}
        </p>
      );
    case "downloaded":
      return result.downloaded > 0 ? (
        <p className="restore-made restore-export-done" data-testid="export-everything-done">
          ✓{" "}
          {t("catalog.restore.exportAllDownloaded", {
            count: result.downloaded,
            n: n(result.downloaded),
          })}
        </p>
      ) : null;
  }
}

/** The failures of "Export everything", as an alert: the whole export, or each project's. */
export function ExportEverythingErrors({ state }: { state: ExportEverythingState }) {
  const { t } = useTranslation();
  if (state.step === "failed") {
    return (
      <p className="restore-error" role="alert" data-testid="export-everything-error">
        {t("catalog.restore.exportAllFailed", { message: state.message })}
      </p>
    );
  }
  if (state.step !== "done" || state.result.kind !== "downloaded") return null;
  const { failures } = state.result;
  if (failures.length === 0) return null;
  return (
    <ul className="restore-error restore-export-failures" role="alert">
      {failures.map((f, i) => (
        // two projects may share a name, and the list never reorders
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <li key={i} data-testid="export-everything-failure">
          {t("catalog.restore.exportAllProjectFailed", {
            project: f.project,
            message: errorText(f.error, t),
          })}
        </li>
      ))}
    </ul>
  );
}
