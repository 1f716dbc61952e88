// The text "Copy diagnostics" puts on the clipboard, on the start-up screen and on the Restore
// screen alike: what failed (at start-up), the version and system, where the data and the log are,
// the data file's health, the backups, when, on what, and the end of the newest log. Its labels
// stay English whatever the UI language, so whoever helps can read every report the same way; the
// values are as the host gave them. A part the host or shell could not give is left out (start-up
// folders it could not say are "unknown"); an empty log still has its lines, saying "none".
import type { Diagnostics } from "../wire/Diagnostics";
import type { RecoveryOptions } from "../wire/RecoveryOptions";
import type { StartupFailure } from "./recovery";

export interface DiagnosticsInput {
  /** What stopped Wayline at start-up; absent in the running app. */
  failure?: StartupFailure | null;
  /** The start-up folders and usable backup; null when there is no desktop shell or it could not say. */
  options?: RecoveryOptions | null;
  /** The host's (or desktop shell's) diagnostics; absent when they could not be had. */
  host?: Diagnostics | null;
  /** Why the diagnostics could not be had, when asking failed. */
  hostError?: string | null;
  at: Date;
  userAgent: string;
  language: string;
}

const UNKNOWN = "unknown";
const NONE = "none";

function backupLine(options: RecoveryOptions | null | undefined, host: Diagnostics | null): string {
  if (options) {
    if (!options.backup_name) return NONE;
    const at = options.backup_created_at_ms;
    return at === null ? options.backup_name : `${options.backup_name} (${isoTime(at)})`;
  }
  if (host) return host.newest_backup ?? NONE;
  return UNKNOWN;
}

/** The backup count, and the newest file when it is not the (readable) newest backup named above. */
function backupsLine(options: RecoveryOptions | null | undefined, host: Diagnostics): string {
  const newest = host.newest_backup;
  const named = options ? options.backup_name : newest;
  return newest !== null && newest !== named
    ? `${host.backups} (newest file: ${newest})`
    : String(host.backups);
}

function isoTime(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}

export function diagnosticsText(d: DiagnosticsInput): string {
  const { failure, options } = d;
  const host = d.host ?? null;
  const lines: string[] = [failure ? "Wayline could not open its data" : "Wayline diagnostics"];
  if (failure) lines.push(`Code: ${failure.code}`, `Message: ${failure.message}`);
  if (!host && d.hostError) lines.push(`Diagnostics: not available (${d.hostError})`);
  if (host) lines.push(`Version: ${host.version}`, `System: ${host.os} ${host.arch}`);
  lines.push(`Data folder: ${options?.data_dir ?? host?.data_dir ?? UNKNOWN}`);
  if (host) {
    lines.push(`Data file: ${host.data_file}`, `Data file size: ${host.data_file_bytes} bytes`);
  }
  if (failure) lines.push(`Log folder: ${options?.log_dir ?? UNKNOWN}`);
  lines.push(`Newest backup: ${backupLine(options, host)}`);
  if (host) {
    lines.push(`Backups: ${backupsLine(options, host)}`, `Log file: ${host.log_file ?? NONE}`);
  }
  lines.push(
    `Time: ${d.at.toISOString()}`,
    `User agent: ${d.userAgent}`,
    `UI language: ${d.language}`,
  );
  if (host) {
    const tail = host.log_tail;
    if (tail.length === 0) lines.push(`Log tail: ${NONE}`);
    else lines.push(`Log tail (last ${tail.length} line${tail.length === 1 ? "" : "s"}):`, ...tail);
  }
  return lines.join("\n");
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
