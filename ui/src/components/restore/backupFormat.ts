// How the Restore screen words a backup: its time in the user's locale (seconds only where two
// backups would otherwise read the same), how long ago that was, what it holds, and the command
// that puts the whole file back while Wayline is closed.

import { dateTimeFormat, relativeTimeFormat } from "../../i18n/formats";
import type { BackupContents } from "../../wire/BackupContents";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function dateTime(ms: number, language: string, seconds: boolean): string {
  return dateTimeFormat(language, {
    dateStyle: "medium",
    timeStyle: seconds ? "medium" : "short",
  }).format(new Date(ms));
}

/** One backup's date and time, e.g. "Mar 1, 2025, 6:15 PM" / "2025年3月1日 下午6:15". */
export function formatBackupTime(ms: number, language: string): string {
  return dateTime(ms, language, false);
}

/**
 * The date and time of each backup, in order; a backup made in the same minute as another one
 * (e.g. "Back up now" twice) shows its seconds too, so no two rows read the same.
 */
export function formatBackupTimes(times: readonly number[], language: string): string[] {
  const short = times.map((ms) => dateTime(ms, language, false));
  const seen = new Map<string, number>();
  for (const s of short) seen.set(s, (seen.get(s) ?? 0) + 1);
  return times.map((ms, i) => {
    const s = short[i] ?? "";
    return (seen.get(s) ?? 0) > 1 ? dateTime(ms, language, true) : s;
  });
}

/** How long ago, in words: "now", "12 minutes ago", "3 hours ago", "yesterday", "5 days ago". */
export function relativeAge(ms: number, now: number, language: string): string {
  const rtf = relativeTimeFormat(language, { numeric: "auto" });
  const age = Math.max(0, now - ms);
  if (age < MINUTE) return rtf.format(0, "second");
  if (age < HOUR) return rtf.format(-Math.floor(age / MINUTE), "minute");
  if (age < DAY) return rtf.format(-Math.floor(age / HOUR), "hour");
  return rtf.format(-Math.floor(age / DAY), "day");
}

/** How many projects and maps a backup holds. */
export function backupTotals(contents: Pick<BackupContents, "projects">): {
  projects: number;
  maps: number;
} {
  return {
    projects: contents.projects.length,
    maps: contents.projects.reduce((n, p) => n + p.maps.length, 0),
  };
}

/** `wayline restore --from NAME`; a name with anything but letters, digits, . _ - is quoted. */
export function restoreCommand(name: string): string {
  const arg = /^[A-Za-z0-9._-]+$/.test(name) ? name : `'${name.replaceAll("'", `'\\''`)}'`;
  return `wayline restore --from ${arg}`;
}
