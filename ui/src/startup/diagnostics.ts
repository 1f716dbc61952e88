// The text "Copy diagnostics" puts on the clipboard: what failed, where the data and the log are,
// the newest backup, when, and on what. Its labels stay English whatever the UI language, so
// whoever helps can read every report the same way; the values are as the host gave them.
import type { RecoveryOptions } from "../wire/RecoveryOptions";
import type { StartupFailure } from "./recovery";

export interface DiagnosticsInput {
  failure: StartupFailure;
  /** Null when there is no desktop shell or it could not say. */
  options: RecoveryOptions | null;
  at: Date;
  userAgent: string;
  language: string;
}

function backupLine(options: RecoveryOptions | null): string {
  if (!options) return "unknown";
  if (!options.backup_name) return "none";
  const at = options.backup_created_at_ms;
  return at === null ? options.backup_name : `${options.backup_name} (${isoTime(at)})`;
}

function isoTime(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}

export function diagnosticsText(d: DiagnosticsInput): string {
  const unknown = "unknown";
  return [
    "Wayline could not open its data",
    `Code: ${d.failure.code}`,
    `Message: ${d.failure.message}`,
    `Data folder: ${d.options?.data_dir ?? unknown}`,
    `Log folder: ${d.options?.log_dir ?? unknown}`,
    `Newest backup: ${backupLine(d.options)}`,
    `Time: ${d.at.toISOString()}`,
    `User agent: ${d.userAgent}`,
    `UI language: ${d.language}`,
  ].join("\n");
}

/**
 * copyText's fallback (no clipboard access) focuses and selects the text in a field so Ctrl+C
 * copies it; the diagnostics are several lines, so their field is a textarea inside a closed
 * disclosure. This field opens the disclosure first, so the selection is there to see and copy.
 */
export function revealingField(
  area: HTMLTextAreaElement,
  box: HTMLDetailsElement | null,
): HTMLInputElement {
  const field: Pick<HTMLInputElement, "focus" | "select"> = {
    focus: (options) => {
      if (box) box.open = true;
      area.focus(options);
    },
    select: () => area.select(),
  };
  return field as HTMLInputElement;
}
