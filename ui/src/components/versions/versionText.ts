// How the versions speak: when a version was saved, in the person's language and locale
// ("Nov 16, 2026, 3:05 PM" / "2026年11月16日 15:05"), and a metric value before and now.
import { metricNumber } from "../../doc/metricText";
import { formatDateTime } from "../../i18n/formats";

export function formatVersionDate(ms: number, language: string): string {
  return formatDateTime(ms, language);
}

/** A value with its unit, or "—" for none. */
export function valueText(value: number | null, unit = ""): string {
  if (value === null) return "—";
  const n = metricNumber(value);
  // As the report writes it (crates/report/src/pdf/mod.rs with_unit): 3%, 4.1 (1-5), 12 min.
  if (!unit) return n;
  if (unit === "%" || unit === "％") return `${n}${unit}`;
  return /^[0-9]/.test(unit) ? `${n} (${unit})` : `${n} ${unit}`;
}

/** "31 → 34", or just the value when it did not change. */
export function beforeAfter(before: number | null, after: number | null, unit = ""): string {
  const [b, a] = [valueText(before, unit), valueText(after, unit)];
  return b === a ? a : `${b} → ${a}`;
}
