// Shown instead of the app when the desktop shell could not open its data file: what happened in
// plain words, the host's own message, and a way out: for a damaged file or a newer Wayline's,
// restoring the newest backup, salvaging what can be read or starting empty (the file is always
// kept beside the new one); for a locked file, a full disk or a folder problem, Try again once it
// is fixed. Copy diagnostics and the log folder are there whatever happens, for whoever helps.
import { codeSentence } from "../api/errorText";
import "./startup.css";
import { useEffect, useState } from "react";
import { desktopShell, type TauriInternals } from "../api/export";
import { useTranslation } from "../i18n/useTranslation";
import type { RecoveryChoice } from "../wire/RecoveryChoice";
import type { RecoveryOptions } from "../wire/RecoveryOptions";
import type { RecoveryOutcome } from "../wire/RecoveryOutcome";
import { DiagnosticsBox } from "./DiagnosticsBox";
import { RecoveryChoices } from "./RecoveryChoices";
import { RecoveryResult } from "./RecoveryResult";
import {
  choicesFor,
  commandFailure,
  loadDiagnostics,
  loadRecoveryOptions,
  reasonOf,
  recoverData,
  restartApp,
  type ShellDiagnostics,
  type StartupFailure,
} from "./recovery";

type Options =
  | { state: "loading" }
  | { state: "ready"; options: RecoveryOptions }
  | { state: "unavailable"; error: StartupFailure | null };

/** What the person started last: nothing, a recovery, or opening Wayline again. */
type Work =
  | { state: "idle" }
  | { state: "recovering"; choice: RecoveryChoice }
  | { state: "failed"; choice: RecoveryChoice; error: StartupFailure }
  | { state: "done"; outcome: RecoveryOutcome }
  | { state: "restarting"; outcome: RecoveryOutcome | null }
  | { state: "restartFailed"; outcome: RecoveryOutcome | null; error: StartupFailure };

export interface StartupScreenProps {
  failure: StartupFailure;
  /** The desktop shell's command bridge; by default the window's, null in a plain browser. */
  shell?: TauriInternals | null;
}

function useRecoveryOptions(shell: TauriInternals | null): Options {
  const [options, setOptions] = useState<Options>(() =>
    shell ? { state: "loading" } : { state: "unavailable", error: null },
  );
  useEffect(() => {
    if (!shell) return;
    let live = true;
    loadRecoveryOptions(shell).then(
      (o) => live && setOptions({ state: "ready", options: o }),
      (e) => live && setOptions({ state: "unavailable", error: commandFailure(e) }),
    );
    return () => {
      live = false;
    };
  }, [shell]);
  return options;
}

function useShellDiagnostics(shell: TauriInternals | null): ShellDiagnostics {
  const [diagnostics, setDiagnostics] = useState<ShellDiagnostics>(() =>
    shell ? { state: "loading" } : { state: "unavailable", error: null },
  );
  useEffect(() => {
    if (!shell) return;
    let live = true;
    loadDiagnostics(shell).then(
      (d) => live && setDiagnostics({ state: "ready", diagnostics: d }),
      (e) => live && setDiagnostics({ state: "unavailable", error: commandFailure(e) }),
    );
    return () => {
      live = false;
    };
  }, [shell]);
  return diagnostics;
}

export function StartupScreen({ failure, shell: given }: StartupScreenProps) {
  const { t } = useTranslation();
  const [shell] = useState(() => (given === undefined ? desktopShell() : given));
  const options = useRecoveryOptions(shell);
  const diagnostics = useShellDiagnostics(shell);
  const [work, setWork] = useState<Work>({ state: "idle" });
  const reason = reasonOf(failure.code);
  const choices = choicesFor(reason);
  const ready = options.state === "ready" ? options.options : null;

  const recover = async (choice: RecoveryChoice) => {
    if (!shell) return;
    setWork({ state: "recovering", choice });
    try {
      setWork({ state: "done", outcome: await recoverData(shell, choice) });
    } catch (e) {
      setWork({ state: "failed", choice, error: commandFailure(e) });
    }
  };

  const restart = async (outcome: RecoveryOutcome | null) => {
    if (!shell) return;
    setWork({ state: "restarting", outcome });
    try {
      await restartApp(shell);
    } catch (e) {
      setWork({ state: "restartFailed", outcome, error: commandFailure(e) });
    }
  };

  const outcome =
    work.state === "done" || work.state === "restarting" || work.state === "restartFailed"
      ? work.outcome
      : null;
  const restartError = work.state === "restartFailed" ? work.error : null;
  const restarting = work.state === "restarting";
  // Choices need the shell and its answer (the backup, the folders); without them, Try again
  // is the way forward where there is a shell to start again.
  const offerChoices = choices.length > 0 && options.state !== "unavailable";
  const offerRetry = !!shell && !outcome && !offerChoices;

  return (
    <main className="startup-screen" data-testid="startup-error" data-code={failure.code}>
      <div className="startup-panel">
        <h1>{t(`startup.reason.${reason}.title`)}</h1>
        <div className="startup-explain" role="alert">
          <p>{t(`startup.reason.${reason}.body`)}</p>
        </div>
        <p className="startup-message" data-testid="startup-message">
          <span className="muted">{t("startup.details")}</span> <code>{failure.message}</code>
        </p>

        {outcome ? (
          <RecoveryResult
            outcome={outcome}
            reason={reason}
            busy={restarting}
            onOpen={() => void restart(outcome)}
          />
        ) : offerChoices ? (
          <RecoveryChoices
            choices={choices}
            options={ready}
            running={work.state === "recovering" ? work.choice : null}
            failed={work.state === "failed" ? work : null}
            onChoose={(c) => void recover(c)}
          />
        ) : null}

        {options.state === "unavailable" && options.error && choices.length > 0 && (
          <p className="startup-note" data-testid="startup-options-failed">
            {t("startup.optionsFailed", {
              message:
                codeSentence(t, options.error.code, options.error.message) ?? options.error.message,
            })}
          </p>
        )}

        {offerRetry && (
          <div className="startup-actions">
            <button
              type="button"
              className="primary-button startup-primary"
              data-testid="startup-retry"
              disabled={restarting}
              aria-busy={restarting}
              onClick={() => void restart(null)}
            >
              {restarting ? t("startup.retrying") : t("startup.retry")}
            </button>
          </div>
        )}
        {!shell && <p className="startup-note">{t("startup.noShell")}</p>}

        {restartError && (
          <p className="startup-error-text" role="alert" data-testid="startup-restart-error">
            {t("startup.failed", {
              message:
                codeSentence(t, restartError.code, restartError.message) ?? restartError.message,
            })}
          </p>
        )}

        <DiagnosticsBox failure={failure} options={ready} diagnostics={diagnostics} />
      </div>
    </main>
  );
}
