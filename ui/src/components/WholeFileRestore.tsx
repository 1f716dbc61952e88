// Putting a whole backup back (every project and map as it was) replaces what a running Wayline
// serves, so it is done with `wayline restore` while Wayline is closed; this box says so and gives
// the exact command, ready to copy.
import { useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { restoreCommand } from "./backupFormat";

type Copy = "idle" | "copied" | "manual";

export function WholeFileRestore({ name }: { name: string }) {
  const { t } = useTranslation();
  const titleId = useId();
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
    <section className="restore-whole" aria-labelledby={titleId} data-testid="restore-whole">
      <h4 id={titleId}>{t("catalog.restore.wholeTitle")}</h4>
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
    </section>
  );
}
