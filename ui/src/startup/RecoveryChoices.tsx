// The ways out of a data file that cannot be opened, each a button with one line of what it does,
// confirmed before anything moves. Restoring needs a usable backup: without one the button is
// disabled and its line says why. While one runs every button waits; a failure is shown under
// them and they stay available.

import { useEffect, useId, useRef, useState } from "react";
import { codeSentence } from "../api/errorText";
import { formatBackupTime } from "../components/restore/backupFormat";
import { BoardConfirm, type ConfirmRequest } from "../components/shared/BoardConfirm";
import { useTranslation } from "../i18n/useTranslation";
import type { RecoveryChoice } from "../wire/RecoveryChoice";
import type { RecoveryOptions } from "../wire/RecoveryOptions";
import type { StartupFailure } from "./recovery";
import { joinSentences } from "./sentences";

export interface RecoveryChoicesProps {
  choices: readonly RecoveryChoice[];
  /** Null while the shell has not answered yet. */
  options: RecoveryOptions | null;
  running: RecoveryChoice | null;
  failed: { choice: RecoveryChoice; error: StartupFailure } | null;
  onChoose: (choice: RecoveryChoice) => void;
}

export function RecoveryChoices({
  choices,
  options,
  running,
  failed,
  onChoose,
}: RecoveryChoicesProps) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const [confirm, setConfirm] = useState<{ choice: RecoveryChoice; req: ConfirmRequest } | null>(
    null,
  );
  const buttons = useRef(new Map<RecoveryChoice, HTMLButtonElement>());
  const loading = options === null;
  const backupDate =
    options?.backup_created_at_ms != null
      ? formatBackupTime(options.backup_created_at_ms, i18n.language)
      : (options?.backup_name ?? "");

  // After a failure the keyboard is back on the choice that failed, now enabled again.
  useEffect(() => {
    if (failed) buttons.current.get(failed.choice)?.focus();
  }, [failed]);

  const line = (choice: RecoveryChoice): string => {
    if (choice === "restore_backup") {
      if (loading) return t("startup.choices.loading");
      if (!options.backup_name) return t("startup.choice.restore_backup.none");
      return t("startup.choice.restore_backup.what", { date: backupDate });
    }
    return t(`startup.choice.${choice}.what`);
  };

  const ask = (choice: RecoveryChoice) =>
    setConfirm({
      choice,
      req: {
        message: joinSentences(
          i18n.language,
          t(`startup.choice.${choice}.confirm`, { date: backupDate }),
          t("startup.choices.keptNote"),
        ),
        okLabel: t(`startup.choice.${choice}.ok`),
        onOk: () => onChoose(choice),
      },
    });

  return (
    <section
      className="startup-choices"
      aria-labelledby={titleId}
      aria-busy={running !== null || loading}
    >
      <h2 id={titleId}>{t("startup.choices.title")}</h2>
      <p className="muted">{t("startup.choices.kept")}</p>
      <ul>
        {choices.map((choice) => {
          const unavailable = loading || (choice === "restore_backup" && !options.backup_name);
          const lineId = `${titleId}-${choice}`;
          return (
            <li key={choice} className="startup-choice">
              <button
                ref={(el) => {
                  if (el) buttons.current.set(choice, el);
                  else buttons.current.delete(choice);
                }}
                type="button"
                className="small-button startup-choice-button"
                data-testid={`startup-choice-${choice}`}
                aria-describedby={lineId}
                disabled={unavailable || running !== null}
                aria-busy={running === choice}
                onClick={() => ask(choice)}
              >
                {t(`startup.choice.${choice}.label`)}
              </button>
              <span
                id={lineId}
                className={`startup-choice-line${unavailable && !loading ? " unavailable" : ""}`}
                data-testid={`startup-choice-${choice}-line`}
              >
                {line(choice)}
              </span>
            </li>
          );
        })}
      </ul>
      <p className="startup-working" role="status" data-testid="startup-working">
        {running ? `${t(`startup.choice.${running}.working`)} ${t("startup.choices.wait")}` : ""}
      </p>
      {failed && (
        <p className="startup-error-text" role="alert" data-testid="startup-choice-error">
          {t("startup.failed", {
            message:
              codeSentence(t, failed.error.code, failed.error.message) ?? failed.error.message,
          })}
        </p>
      )}
      {confirm && (
        <BoardConfirm
          req={confirm.req}
          onClose={() => {
            // Back to the choice asked about (for Cancel and Escape; OK then disables it).
            buttons.current.get(confirm.choice)?.focus();
            setConfirm(null);
          }}
        />
      )}
    </section>
  );
}
