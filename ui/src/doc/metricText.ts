// How a metric value or gap is written for people: as typed (2.35 stays 2.35, so a target, an
// actual and their gap add up), without binary floating point's error (0.1 + 0.2 is 0.3), grouped
// by thousands (2,623,456.8). The report writes them by the same rule
// (crates/report/src/metric_number.rs); both read tests/vectors/metric_number.json.

/** Decimal places kept: enough for any typed value, few enough to drop floating point's error. */
const SCALE = 1e6;

export function metricNumber(value: number): string {
  const rounded = Math.round(value * SCALE) / SCALE;
  const text = String(rounded === 0 ? 0 : rounded);
  const sign = text.startsWith("-") ? "-" : "";
  const [whole = "", fraction] = text.slice(sign.length).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? `${sign}${grouped}` : `${sign}${grouped}.${fraction}`;
}
