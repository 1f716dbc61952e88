// Putting a whole backup back (every project and map as it was). In the desktop window a button
// does it: after a confirmation the shell records the request and restarts Wayline, which backs up
// the current data first (so this too can be undone from the Restore screen), puts the backup in
// place and opens it. In a plain browser (`wayline serve`) it is done with `wayline restore` while
// Wayline is closed; the box says so and gives the exact command, ready to copy.
import { useEffect, useId, useRef, useState } from "react";
import { errorText } from "../../api/errorText";
import { desktopShell, type TauriInternals } from "../../api/export";
import { restoreWholeFile } from "../../api/restoreWhole";
import { useTranslation } from "../../i18n/useTranslation";
import { joinSentences } from "../../startup/sentences";
import { BoardConfirm } from "../shared/BoardConfirm";
import { restoreCommand } from "./backupFormat";

type Copy = "idle" | "copied" | "manual";

interface Props {
  /** The backup's file name, as the Restore screen lists it. */
  name: string;
  /** When it was made, as the screen shows it. */
  date: string;
}

export function WholeFileRestore({ name, date }: Props) {
  const { t } = useTranslation();
  const titleId = useId();
  const shell = desktopShell();
  return (
    <section className="restore-whole" aria-labelledby={titleId} data-testid="restore-whole">
      <h4 id={titleId}>{t("catalog.restore.wholeTitle")}</h4>
      {shell ? (
        <RestartRestore shell={shell} name={name} date={date} />
      ) : (
        <CommandRestore name={name} />
      )}
    </section>
  );
}

type Step =
  | { step: "idle" }
  | { step: "confirming" }
  | { step: "restarting" }
  | { step: "failed"; message: string };

/** The desktop window's button: confirm, then the shell restores and restarts. */
function RestartRestore({
  shell,
  name,
  date,
}: {
  shell: TauriInternals;
  name: string;
  date: string;
}) {
  const { t, i18n } = useTranslation();
  const hintId = useId();
  const [s, setS] = useState<Step>({ step: "idle" });
  const button = useRef<HTMLButtonElement>(null);
  const busy = s.step === "restarting";

  // After a failure the keyboard is back on the button, usable again.
  useEffect(() => {
    if (s.step === "failed") button.current?.focus();
  }, [s.step]);

  const run = async () => {
    setS({ step: "restarting" });
    try {
      await restoreWholeFile(shell, name);
      // The app is about to restart: stay in the working state until it does.
    } catch (e) {
      setS({ step: "failed", message: errorText(e, t) });
    }
  };

  return (
    <>
      <p id={hintId} className="muted">
        {t("catalog.restore.wholeHintDesktop")}
      </p>
      <button
        ref={button}
        type="button"
        className="small-button restore-whole-action"
        data-testid="restore-whole-file"
        aria-describedby={hintId}
        aria-busy={busy}
        disabled={busy}
        onClick={() => setS({ step: "confirming" })}
      >
        {t("catalog.restore.wholeRestore")}
      </button>
      <p className="restore-whole-working" role="status" data-testid="restore-whole-working">
        {busy ? t("catalog.restore.wholeRestarting") : ""}
      </p>
      {s.step === "failed" && (
        <p className="restore-error" role="alert" data-testid="restore-whole-error">
          {t("catalog.restore.wholeFailed", { message: s.message })}
        </p>
      )}
      {s.step === "confirming" && (
        <BoardConfirm
          req={{
            message: joinSentences(
              i18n.language,
              t("catalog.restore.wholeConfirm", { date }),
              t("catalog.restore.wholeConfirmUndo"),
              t("catalog.restore.wholeConfirmRestart"),
            ),
            okLabel: t("catalog.restore.wholeOk"),
            onOk: () => void run(),
          }}
          onClose={() => {
            // Cancel and Escape: back to the button (OK then starts the restore).
            button.current?.focus();
            setS((cur) => (cur.step === "confirming" ? { step: "idle" } : cur));
          }}
        />
      )}
    </>
  );
}

/** In a plain browser: the command to run while Wayline is closed, ready to copy. */
function CommandRestore({ name }: { name: string }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<Copy>("idle");
  const command = restoreCommand(name);

  const copyCommand = async () => {
    try {
      await navigator.clipboard.writeText(command);
      setCopy("copied");
    } catch {
      // No clipboard access (e.g. denied): select it so Ctrl+C / ⌘C copies it.
      input.current?.focus();
      input.current?.select();
      setCopy("manual");
    }
  };

  return (
    <>
      <p className="muted">{t("catalog.restore.wholeHint")}</p>
      <div className="restore-command-row">
        <input
          ref={input}
          className="restore-command"
          readOnly
          spellCheck={false}
          value={command}
          aria-label={t("catalog.restore.command")}
          data-testid="restore-command"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          className="small-button"
          data-testid="restore-command-copy"
          onClick={() => void copyCommand()}
        >
          {copy === "copied" ? `✓ ${t("catalog.restore.copied")}` : t("catalog.restore.copy")}
        </button>
      </div>
      <p className="muted restore-copy-note" aria-live="polite">
        {copy === "manual" ? t("catalog.restore.copyManual") : ""}
      </p>
    </>
  );
}
