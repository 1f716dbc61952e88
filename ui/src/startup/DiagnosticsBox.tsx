// For whoever helps: Copy diagnostics (a plain-text block of what failed, where and on what, with
// the shell's version, data file health, backups and the end of the log when it could give them)
// and the log folder, whose newest file has the details. Copying works on any page (copyText falls
// back to selecting the text); "Copied" says it did, or the text is left selected for Ctrl+C.
import { useId, useRef, useState } from "react";
import { useTranslation } from "../i18n/useTranslation";
import type { RecoveryOptions } from "../wire/RecoveryOptions";
import type { CopyResult } from "../workshop/hosting/copyText";
import { copyText } from "../workshop/hosting/copyText";
import { diagnosticsText, revealingField } from "./diagnostics";
import type { ShellDiagnostics, StartupFailure } from "./recovery";

export interface DiagnosticsBoxProps {
  failure: StartupFailure;
  options: RecoveryOptions | null;
  /** The shell's diagnostics; without them (no shell, still asking, failed) the text has the rest. */
  diagnostics?: ShellDiagnostics;
}

export function DiagnosticsBox({ failure, options, diagnostics }: DiagnosticsBoxProps) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const box = useRef<HTMLDetailsElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<CopyResult | null>(null);
  const [copiedText, setCopiedText] = useState<string | null>(null);
  const text = (at: Date) =>
    diagnosticsText({
      failure,
      options,
      host: diagnostics?.state === "ready" ? diagnostics.diagnostics : null,
      hostError: diagnostics?.state === "unavailable" ? (diagnostics.error?.message ?? null) : null,
      at,
      userAgent: navigator.userAgent,
      language: i18n.language,
    });
  // What is shown is what was copied last; before that, the report as of now (with the shell's
  // diagnostics as soon as they are there).
  const shown = copiedText ?? text(new Date());

  const copy = async () => {
    const now = text(new Date());
    setCopiedText(now);
    if (area.current) area.current.value = now;
    const field = area.current ? revealingField(area.current, box.current) : null;
    setCopied(await copyText(now, field));
  };

  return (
    <section className="startup-diagnostics" aria-labelledby={titleId}>
      <h2 id={titleId} className="sr-only">
        {t("startup.diagnostics.title")}
      </h2>
      <div className="startup-diagnostics-row">
        <button
          type="button"
          className="small-button"
          data-testid="startup-copy-diagnostics"
          onClick={() => void copy()}
        >
          {t("startup.diagnostics.copy")}
        </button>
        <span className="startup-copied" aria-live="polite" data-testid="startup-copied">
          {copied === "copied"
            ? `✓ ${t("startup.diagnostics.copied")}`
            : copied === "selected"
              ? t("startup.diagnostics.selected")
              : ""}
        </span>
      </div>
      {options ? (
        <p className="startup-log" data-testid="startup-log-folder">
          <span className="muted">{t("startup.diagnostics.logFolder")}</span>{" "}
          <code className="startup-path">{options.log_dir}</code>
          <br />
          <span className="muted">{t("startup.diagnostics.logHint")}</span>
        </p>
      ) : (
        <p className="startup-log muted">{t("startup.diagnostics.logUnknown")}</p>
      )}
      <details ref={box} className="startup-diagnostics-text">
        <summary>{t("startup.diagnostics.show")}</summary>
        <textarea
          ref={area}
          readOnly
          spellCheck={false}
          rows={9}
          aria-label={t("startup.diagnostics.title")}
          data-testid="startup-diagnostics-text"
          value={shown}
          onFocus={(e) => e.currentTarget.select()}
        />
      </details>
    </section>
  );
}
