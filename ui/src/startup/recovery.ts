// What the start-up screen makes of the desktop shell's failure code (which explanation, which
// ways out), and the shell's recovery commands: `recovery_options`, `recover_data`,
// `restart_app` and `diagnostics` (src-tauri/src/commands/recovery.rs). A command that fails rejects with
// `{code, message}`; anything else it rejects with becomes the same shape here.
import type { TauriInternals } from "../api/export";
import type { Diagnostics } from "../wire/Diagnostics";
import type { RecoveryChoice } from "../wire/RecoveryChoice";
import type { RecoveryOptions } from "../wire/RecoveryOptions";
import type { RecoveryOutcome } from "../wire/RecoveryOutcome";

/** What the desktop shell sets as `window.__WAYLINE_STARTUP_ERROR__` when its host did not start. */
export interface StartupFailure {
  code: string;
  message: string;
}

/** The explanations the screen has, one per kind of failure (i18n keys `startup.reason.*`). */
export type StartupReason =
  | "corrupt_file"
  | "newer_file"
  | "file_locked"
  | "read_only"
  | "disk_full"
  | "folder"
  | "folder_in_use"
  | "other";

export const RECOVERY_CHOICES: readonly RecoveryChoice[] = [
  "restore_backup",
  "salvage",
  "start_empty",
];

export function reasonOf(code: string): StartupReason {
  switch (code) {
    case "corrupt_file":
    case "newer_file":
    case "file_locked":
    case "read_only":
    case "disk_full":
    case "folder_in_use":
      return code;
    case "cannot_open":
    case "data_folder":
      return "folder";
    default:
      return "other";
  }
}

/**
 * The ways out the screen offers for a failure: all three for a damaged file; for a newer
 * Wayline's file no salvage (its contents are readable, only not by this version); none for a
 * condition of the disk or another program, which Try again handles once it is fixed.
 */
export function choicesFor(reason: StartupReason): RecoveryChoice[] {
  switch (reason) {
    case "corrupt_file":
      return [...RECOVERY_CHOICES];
    case "newer_file":
      return ["restore_backup", "start_empty"];
    default:
      return [];
  }
}

/** A rejection of a shell command as `{code, message}`, whatever it was. */
export function commandFailure(e: unknown): StartupFailure {
  if (typeof e === "object" && e !== null) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof message === "string") {
      return { code: typeof code === "string" ? code : "desktop", message };
    }
  }
  if (typeof e === "string") return { code: "desktop", message: e };
  return { code: "desktop", message: String(e) };
}

async function call<T>(shell: TauriInternals, cmd: string, args?: Record<string, unknown>) {
  try {
    return (await shell.invoke(cmd, args)) as T;
  } catch (e) {
    throw commandFailure(e);
  }
}

function isOptions(v: unknown): v is RecoveryOptions {
  if (typeof v !== "object" || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.data_dir === "string" &&
    typeof o.log_dir === "string" &&
    (o.backup_name === null || typeof o.backup_name === "string") &&
    (o.backup_created_at_ms === null || typeof o.backup_created_at_ms === "number")
  );
}

/** The data and log folders and the newest usable backup. Rejects with a StartupFailure. */
export async function loadRecoveryOptions(shell: TauriInternals): Promise<RecoveryOptions> {
  const options = await call<unknown>(shell, "recovery_options");
  if (!isOptions(options)) {
    throw { code: "desktop", message: "unexpected answer to recovery_options" } as StartupFailure;
  }
  return options;
}

/** Sets the file aside and carries out `choice`. Rejects with a StartupFailure. */
export function recoverData(
  shell: TauriInternals,
  choice: RecoveryChoice,
): Promise<RecoveryOutcome> {
  return call<RecoveryOutcome>(shell, "recover_data", { choice });
}

/** Starts the app again, which opens the data anew. Rejects with a StartupFailure. */
export async function restartApp(shell: TauriInternals): Promise<void> {
  await call<unknown>(shell, "restart_app");
}

/** The shell's diagnostics for the copied text: being asked for, there, or why they are not. */
export type ShellDiagnostics =
  | { state: "loading" }
  | { state: "ready"; diagnostics: Diagnostics }
  | { state: "unavailable"; error: StartupFailure | null };

function isDiagnostics(v: unknown): v is Diagnostics {
  if (typeof v !== "object" || v === null) return false;
  const o = v as Record<string, unknown>;
  const text = (k: string) => typeof o[k] === "string";
  const maybeText = (k: string) => o[k] === null || typeof o[k] === "string";
  return (
    ["version", "os", "arch", "data_dir", "data_file"].every(text) &&
    typeof o.data_file_bytes === "number" &&
    typeof o.backups === "number" &&
    maybeText("newest_backup") &&
    maybeText("log_file") &&
    Array.isArray(o.log_tail) &&
    o.log_tail.every((l) => typeof l === "string")
  );
}

/**
 * For a bug report: the version, system, the data file's health, the backups and the end of the
 * newest log, read by the shell itself (it works when the host could not start). Rejects with a
 * StartupFailure.
 */
export async function loadDiagnostics(shell: TauriInternals): Promise<Diagnostics> {
  const d = await call<unknown>(shell, "diagnostics");
  if (!isDiagnostics(d)) {
    throw { code: "desktop", message: "unexpected answer to diagnostics" } as StartupFailure;
  }
  return d;
}
