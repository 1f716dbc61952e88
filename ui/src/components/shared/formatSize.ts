// A byte count as people read it ("840 KB", "1.2 MB"), with the UI language's digits and decimal
// mark; used for export progress and backup sizes.
import { numberFormat } from "../../i18n/formats";

/** 1024-based units; one decimal below 100, none for bytes. */
export function formatSize(bytes: number, language: string): string {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const n = numberFormat(language, { maximumFractionDigits: digits }).format(value);
  return `${n} ${units[unit]}`;
}
