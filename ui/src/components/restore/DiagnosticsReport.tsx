// "For a bug report", at the foot of the Restore screen: Copy diagnostics asks the host for its
// diagnostics (version, system, the data file's health, backups, the end of the newest log; no
// card text) and copies them as the same plain-text report the start-up screen copies, with the UI
// language, the browser and the time. "Copied" says it worked; without clipboard access the report
// is left selected in its box for Ctrl+C; a host that cannot answer is shown as an error.
import { useId, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { errorText } from "../../api/errorText";
import type { HostApi } from "../../api/http";
import { useTranslation } from "../../i18n/useTranslation";
import { diagnosticsText, revealingField } from "../../startup/diagnostics";
import type { CopyResult } from "../../workshop/hosting/copyText";
import { copyText } from "../../workshop/hosting/copyText";

type Copying =
  | { step: "idle" }
  | { step: "busy" }
  | { step: "done"; result: CopyResult }
  | { step: "failed"; message: string };

export function DiagnosticsReport({ api }: { api: HostApi }) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const box = useRef<HTMLDetailsElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const [copying, setCopying] = useState<Copying>({ step: "idle" });
  // The report copied last, shown in its box (and selected there when the clipboard refuses).
  const [report, setReport] = useState<string | null>(null);
  const busy = copying.step === "busy";

  const copy = async () => {
    setCopying({ step: "busy" });
    let text: string;
    try {
      text = diagnosticsText({
        host: await api.diagnostics(),
        at: new Date(),
        userAgent: navigator.userAgent,
        language: i18n.language,
      });
    } catch (e) {
      setCopying({ step: "failed", message: errorText(e, t) });
      return;
    }
    // The box must hold the text before copyText's fallback selects it.
    flushSync(() => setReport(text));
    const field = area.current ? revealingField(area.current, box.current) : null;
    setCopying({ step: "done", result: await copyText(text, field) });
  };

  return (
    <section className="restore-report" aria-labelledby={titleId} data-testid="restore-report">
      <div className="restore-report-row">
        <h3 id={titleId}>{t("catalog.restore.reportTitle")}</h3>
        <button
          type="button"
          className="small-button"
          data-testid="copy-diagnostics"
          aria-busy={busy}
          disabled={busy}
          onClick={() => void copy()}
        >
          {busy ? t("catalog.restore.copyingDiagnostics") : t("catalog.restore.copyDiagnostics")}
        </button>
        <span className="restore-report-copied" aria-live="polite" data-testid="diagnostics-copied">
          {copying.step === "done"
            ? copying.result === "copied"
              ? `✓ ${t("catalog.restore.diagnosticsCopied")}`
              : t("catalog.restore.diagnosticsSelected")
            : ""}
        </span>
      </div>
      <p className="muted restore-report-hint">{t("catalog.restore.reportHint")}</p>
      {copying.step === "failed" && (
        <p className="restore-error" role="alert" data-testid="diagnostics-error">
          {t("catalog.restore.diagnosticsFailed", { message: copying.message })}
        </p>
      )}
      {report !== null && (
        <details ref={box} className="restore-report-text">
          <summary>{t("catalog.restore.showDiagnostics")}</summary>
          <textarea
            ref={area}
            readOnly
            spellCheck={false}
            rows={8}
            aria-label={t("catalog.restore.reportTitle")}
            data-testid="diagnostics-text"
            value={report}
            onFocus={(e) => e.currentTarget.select()}
          />
        </details>
      )}
    </section>
  );
}
