// Metric values from a CSV file — the shape a survey or analytics tool exports: one value per
// line as stage, metric, date, value (a heading line is recognised and skipped). Every line is
// checked before anything is written: the first problems are named by line and column, and a
// file with any problem imports nothing. Papa Parse reads the CSV (quotes, delimiters, line ends).
// A stage or metric is found by its name in either Chinese script (退货 and 退貨 are one name, as
// in search), and two lines for one metric's same day are a problem rather than the later one
// silently kept. A line has exactly the four columns (a fifth, such as a target beside the
// actual value, is refused rather than guessed at).
import Papa from "papaparse";
import { MAX_METRIC_HISTORY_ENTRIES } from "../wire/limits";
import { isIsoDate } from "./isoDate";
import { allowedRange, inRange, parseMetricNumber } from "./metricNumbers";
import type { MetricRec, StageRec } from "./schema";
import { foldScript } from "./scriptFold";

export interface ImportedPoint {
  metric: string;
  date: string;
  value: number;
}

/** A message key of `board.metric.import.problem` with what it needs, at a line (1-based) and column. */
export interface ImportProblem {
  line: number;
  column: number | null;
  key:
    | "columns"
    | "stage"
    | "metric"
    | "ambiguous"
    | "ambiguousStage"
    | "date"
    | "value"
    | "range"
    | "empty"
    | "tooMany"
    | "repeat"
    | "quote"
    | "tooBig";
  text: string;
  /** For messages that count (columns): the number they say. */
  count?: number;
}

export type ImportResult =
  | { ok: true; points: ImportedPoint[] }
  | { ok: false; problems: ImportProblem[] };

/** How many problems are listed; a file with more says so after these. */
export const MAX_LISTED_PROBLEMS = 20;

const plain = (s: string) => s.normalize("NFKC").trim().toLowerCase();
const folded = (s: string) => foldScript(plain(s));

/**
 * What `text` names among `items`: the ones named exactly so, else the ones whose name is `text`
 * in the other Chinese script (folding can join distinct names, 後/后 or 發/髮: an exact name
 * wins, and several folded ones are said to be ambiguous).
 */
function named<T>(items: readonly T[], text: string, names: (item: T) => string[]): T[] {
  const exact = items.filter((item) => names(item).some((n) => n && plain(n) === plain(text)));
  if (exact.length > 0) return exact;
  const wanted = folded(text);
  return items.filter((item) => names(item).some((n) => n && folded(n) === wanted));
}

/**
 * The halves of a two-script name (`NPS 净推荐值`, `CSAT 滿意度`), each of which names the metric
 * too: a survey tool writes one or the other. A name in one script is not split (`Churn rate`
 * would give "rate", which names several metrics).
 */
export function nameHalves(name: string): string[] {
  const words = name.trim().split(/\s+/);
  if (words.length < 2) return [];
  const cjk = (w: string) => /\p{Script=Han}/u.test(w);
  if (!words.some(cjk) || words.every(cjk)) return [];
  return [words.filter(cjk).join(" "), words.filter((w) => !cjk(w)).join(" ")];
}

/** `YYYY-MM-DD` of a date written `2026-09-30`, `2026/9/30` or `2026.09.30`, or null. */
export function readDate(text: string): string | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text.normalize("NFKC").trim());
  if (!m) return null;
  const date = `${m[1]}-${m[2]?.padStart(2, "0")}-${m[3]?.padStart(2, "0")}`;
  return isIsoDate(date) ? date : null;
}

/**
 * A cell as the person wrote it: trimmed, and without the apostrophe a spreadsheet export (ours
 * too: crates/report/src/spreadsheet_cells.rs) puts before text that would read as a formula, so
 * a stage named "-Pre-sale" exported as "'-Pre-sale" is found again.
 */
function unquoteFormula(cell: string): string {
  const c = cell.trim();
  return /^'[=+\-@\t\r]/.test(c) ? c.slice(1) : c;
}

/** Whether a first line is a heading: neither a date where the date goes nor a number as value. */
function isHeading(cells: readonly string[]): boolean {
  if (cells.length < 3 || readDate(cells[2] ?? "") !== null) return false;
  const value = parseMetricNumber(cells[3] ?? "");
  return value === undefined || value === null;
}

/**
 * Reads `text` against the map's stages and metrics. `names` gives every name a metric may be
 * called by in the file (its kind's id, its label, its name in each language).
 */
export function readHistoryCsv(
  text: string,
  stages: readonly StageRec[],
  metrics: readonly MetricRec[],
  names: (m: MetricRec) => string[],
  existing = 0,
): ImportResult {
  // Blank lines are kept as rows (and skipped below) so that a line number is the file's own.
  // Line ends are made one kind first: a file edited on two systems mixes them.
  const plain = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const parsed = Papa.parse<string[]>(plain, { skipEmptyLines: false, newline: "\n" });
  const rows = parsed.data;
  const problems: ImportProblem[] = [];
  const points: ImportedPoint[] = [];
  const say = (p: ImportProblem) => problems.push(p);
  // A quote opened and never closed swallows the rest of the file into one cell: said where it
  // opens, rather than as a line of too few columns.
  for (const e of parsed.errors) {
    if (e.code === "MissingQuotes")
      say({ line: (e.row ?? 0) + 1, column: null, key: "quote", text: "" });
  }
  if (problems.length > 0) return { ok: false, problems };
  /** The line that gave each metric's day a value. */
  const given = new Map<string, number>();
  for (const [i, row] of rows.entries()) {
    const line = i + 1;
    const cells = row.map(unquoteFormula);
    if (cells.every((c) => c === "")) continue;
    // Empty cells at a line's end are a spreadsheet's, not columns.
    while (cells.length > 4 && cells.at(-1) === "") cells.pop();
    if (i === 0 && isHeading(cells)) continue;
    if (cells.length !== 4) {
      say({ line, column: null, key: "columns", text: String(cells.length), count: cells.length });
      continue;
    }
    const [stageText = "", metricText = "", dateText = "", valueText = ""] = cells;
    const byId = stages.find((s) => s.id === stageText);
    const stageMatches = byId ? [byId] : named(stages, stageText, (s) => [s.title]);
    if (stageMatches.length > 1) {
      say({ line, column: 1, key: "ambiguousStage", text: stageText });
      continue;
    }
    const stage = stageMatches[0];
    if (!stage) {
      say({ line, column: 1, key: "stage", text: stageText });
      continue;
    }
    const inStage = metrics.filter((m) => m.stage === stage.id);
    const metricById = inStage.find((m) => m.id === metricText);
    const candidates = metricById
      ? [metricById]
      : named(inStage, metricText, (m) => names(m).flatMap((n) => [n, ...nameHalves(n)]));
    if (candidates.length === 0) {
      say({ line, column: 2, key: "metric", text: metricText });
      continue;
    }
    if (candidates.length > 1) {
      say({ line, column: 2, key: "ambiguous", text: metricText });
      continue;
    }
    const metric = candidates[0] as MetricRec;
    const date = readDate(dateText);
    if (!date) {
      say({ line, column: 3, key: "date", text: dateText });
      continue;
    }
    const value = parseMetricNumber(valueText);
    if (value === undefined || value === null) {
      say({ line, column: 4, key: "value", text: valueText });
      continue;
    }
    if (!inRange(allowedRange(metric.kind, metric.unit), value)) {
      say({ line, column: 4, key: "range", text: valueText });
      continue;
    }
    const day = `${metric.id}:${date}`;
    const earlier = given.get(day);
    if (earlier !== undefined) {
      say({ line, column: 3, key: "repeat", text: String(earlier) });
      continue;
    }
    given.set(day, line);
    points.push({ metric: metric.id, date, value });
  }
  if (problems.length === 0 && points.length === 0)
    problems.push({ line: 1, column: null, key: "empty", text: "" });
  if (problems.length === 0 && existing + points.length > MAX_METRIC_HISTORY_ENTRIES)
    problems.push({
      line: rows.length,
      column: null,
      key: "tooMany",
      text: String(MAX_METRIC_HISTORY_ENTRIES),
    });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, points };
}
