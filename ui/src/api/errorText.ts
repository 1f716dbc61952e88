// One line for a failed call, in the person's language: each code the host can answer with
// (wire/errorCodes.ts, generated from the Rust errors) has its sentence in the catalogs, under
// `error.code.<code>` (a refused bundle's under `catalog.import.problem.<code>`); the host's own
// English message goes in only where it names the particular thing (which field, which file).
// A code no catalog knows (a newer host) shows the host's message with the code.
import type { TFunction } from "i18next";
import { MAX_IDEAS_PER_PERSON, MAX_PARTICIPANT_NAME_CHARS, MAX_PARTICIPANTS } from "../wire/limits";
import { HostError } from "./http";

/**
 * Codes the page and the desktop shell give failures themselves (beside the host's, ERROR_CODES):
 * a request that never reached the host, an answer of the wrong kind, and the shell's commands
 * (src-tauri/src/commands/export.rs, lib.rs).
 */
export const PAGE_ERROR_CODES = [
  "network",
  "not_an_image",
  "not_a_bundle",
  "not_an_export",
  "desktop",
  "bad_path",
  "write_failed",
  "restore_failed",
] as const;

/** The catalog keys that may word `code`, in the order they are tried. */
export function codeKeys(code: string): string[] {
  return [`error.code.${code}`, `catalog.import.problem.${code}`];
}

/** A catalog lookup: i18next's `t`, or any function that words a key with its values. */
type Words = (key: string, options: Record<string, string | number>) => string;

/** The sentence for `code` in the language of `t`, or null when no catalog has one. */
export function codeSentence(t: Words, code: string, detail: string): string | null {
  // An answer that was no JSON at all (a proxy, a host stopping): its HTTP status is the code.
  const status = /^http_(\d+)$/.exec(code)?.[1];
  if (status) return t("error.http", { status, detail: detail || code });
  for (const key of codeKeys(code)) {
    const said = t(key, {
      detail: detail || code,
      ideas: MAX_IDEAS_PER_PERSON,
      name: MAX_PARTICIPANT_NAME_CHARS,
      people: MAX_PARTICIPANTS,
      defaultValue: "",
    });
    if (said) return said;
  }
  return null;
}

export function errorText(e: unknown, t: TFunction): string {
  if (e instanceof HostError) {
    return codeSentence(t, e.code, e.message) ?? `${e.message} (${e.code})`;
  }
  return e instanceof Error ? e.message : String(e);
}
