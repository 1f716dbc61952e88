// The numbers of a metric: what people type (thousands separators, full-width digits, a decimal
// comma where it cannot be a thousands separator) and which values a kind and unit allow (an NPS of
// 1000 or a 130 % retention rate is a typing mistake, not data). The Rust model
// (crates/model/src/metric_numbers.rs) implements the same rules, and the host refuses a value
// outside them; both are tested against tests/vectors/metric_numbers.json.

import { TIME_UNITS } from "../wire/schema";

export interface Range {
  min: number | null;
  max: number | null;
}

/** A scale unit such as `1-5`, `1–7` or `0-10`. */
function scale(unit: string): [number, number] | null {
  const m = /^(\d+)\s*[-–]\s*(\d+)$/.exec(unit);
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return a < b ? [a, b] : null;
}

/** Which values a metric of `kind` measured in `unit` may take. */
export function allowedRange(kind: string, unit: string): Range {
  const u = unit.trim();
  if (kind === "nps") return { min: -100, max: 100 };
  if (u === "%" || u === "％") return { min: 0, max: 100 };
  const s = scale(u);
  if (s) return { min: s[0], max: s[1] };
  if (kind === "call_hold_time" || (TIME_UNITS as readonly string[]).includes(u))
    return { min: 0, max: null };
  return { min: null, max: null };
}

export function inRange(r: Range, v: number): boolean {
  return Number.isFinite(v) && (r.min === null || v >= r.min) && (r.max === null || v <= r.max);
}

const GROUP_SPACE = /[ \u00a0\u202f\u2009]/;

/** Digits in groups of three after a first group of one to three, split by `sep`. */
function grouped(int: string, sep: string): boolean {
  const groups = int.split(sep);
  const first = groups[0] ?? "";
  return /^\d{1,3}$/.test(first) && groups.slice(1).every((g) => /^\d{3}$/.test(g));
}

function count(s: string, c: string): number {
  return s.split(c).length - 1;
}

/** A typed metric value: a finite number, null for an empty field, undefined when not a number. */
export function parseMetricNumber(raw: string): number | null | undefined {
  let t = raw
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/，/g, ",")
    .replace(/[．。]/g, ".")
    .replace(/[－−]/g, "-")
    .replace(/＋/g, "+")
    .replace(/％/g, "%");
  if (t.endsWith("%")) t = t.slice(0, -1).trimEnd();
  if (t === "") return raw.trim() === "" ? null : undefined;
  const sign = t.startsWith("-") ? "-" : "";
  let body = /^[-+]/.test(t) ? t.slice(1) : t;
  if (GROUP_SPACE.test(body)) {
    const cut = body.search(/[.,]/);
    const int = cut < 0 ? body : body.slice(0, cut);
    const frac = cut < 0 ? null : body.slice(cut + 1);
    const space = int.match(GROUP_SPACE)?.[0] ?? " ";
    if (!grouped(int, space) || (frac !== null && GROUP_SPACE.test(frac))) return undefined;
    body = int.split(space).join("") + (frac === null ? "" : `.${frac}`);
  } else {
    const comma = body.lastIndexOf(",");
    const dot = body.lastIndexOf(".");
    if (comma < 0 && dot < 0) {
      // plain digits
    } else if (comma < 0) {
      if (count(body, ".") > 1) {
        if (!grouped(body, ".")) return undefined;
        body = body.split(".").join("");
      }
    } else if (dot < 0) {
      if (grouped(body, ",")) body = body.split(",").join("");
      // One comma that cannot be a thousands separator: a decimal comma.
      else if (count(body, ",") === 1) body = body.replace(",", ".");
      else return undefined;
    } else {
      // Both marks: the last one is the decimal mark, the other groups thousands.
      const [decimal, group] = comma > dot ? [",", "."] : [".", ","];
      const at = body.lastIndexOf(decimal);
      const int = body.slice(0, at);
      const frac = body.slice(at + 1);
      if (!grouped(int, group) || /[.,]/.test(frac)) return undefined;
      body = `${int.split(group).join("")}.${frac}`;
    }
  }
  if (!/^(\d+\.?\d*|\.\d+)$/.test(body)) return undefined;
  const n = Number(sign + body);
  return Number.isFinite(n) ? n : undefined;
}
