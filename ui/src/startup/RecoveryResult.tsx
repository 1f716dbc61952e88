// What a recovery did, in figures the person can check, where the old file now is, and the button
// that starts Wayline on the new file.
import { useEffect, useId, useRef } from "react";
import { useTranslation } from "../i18n/useTranslation";
import type { RecoveryOutcome } from "../wire/RecoveryOutcome";
import type { StartupReason } from "./recovery";
import { joinSentences } from "./sentences";

export interface RecoveryResultProps {
  outcome: RecoveryOutcome;
  reason: StartupReason;
  /** Opening Wayline has been asked for and not failed yet. */
  busy: boolean;
  onOpen: () => void;
}

export function RecoveryResult({ outcome, reason, busy, onOpen }: RecoveryResultProps) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const open = useRef<HTMLButtonElement>(null);
  // The choices are gone: the keyboard goes on to the one thing left to do.
  useEffect(() => open.current?.focus(), []);

  const projects = t("startup.count.projects", { count: outcome.projects });
  const maps = t("startup.count.maps", { count: outcome.maps });
  let summary: string;
  switch (outcome.choice) {
    case "restore_backup":
      summary = t("startup.result.restore_backup", {
        backup: outcome.backup ?? "",
        projects,
        maps,
      });
      break;
    case "salvage":
      summary =
        outcome.maps_lost > 0
          ? t("startup.result.salvageLost", {
              projects,
              maps,
              lost: t("startup.count.maps", { count: outcome.maps_lost }),
            })
          : t("startup.result.salvage", { projects, maps });
      if (outcome.personas > 0) {
        summary = joinSentences(
          i18n.language,
          summary,
          t("startup.result.personas", { count: outcome.personas }),
        );
      }
      break;
    default:
      summary = t("startup.result.start_empty");
  }

  return (
    <section
      className="startup-result"
      role="status"
      aria-labelledby={titleId}
      data-testid="startup-result"
    >
      <h2 id={titleId}>{t("startup.result.title")}</h2>
      <p data-testid="startup-result-summary">{summary}</p>
      {outcome.kept_as && (
        <p>
          {t(reason === "corrupt_file" ? "startup.result.keptDamaged" : "startup.result.kept")}{" "}
          <code className="startup-path" data-testid="startup-kept-as">
            {outcome.kept_as}
          </code>
        </p>
      )}
      <div className="startup-actions">
        <button
          ref={open}
          type="button"
          className="primary-button startup-primary"
          data-testid="startup-open"
          disabled={busy}
          aria-busy={busy}
          onClick={onOpen}
        >
          {busy ? t("startup.opening") : t("startup.open")}
        </button>
      </div>
    </section>
  );
}
