// The common case of a translation, worked out without i18next: a string of the language's own
// resources whose only markup is `{{name}}` placeholders, filled from options that name nothing
// but those placeholders. Every card draws one (its accessible label holds its text), every stage
// five (the emotion buttons), so a large board asked i18next thousands of times — ~50 µs a call
// through its resolution, fallbacks, plural and nesting handling, 25 ms of a 600-card board's
// first render. Anything else (plurals, context, nesting, formats, a key its language lacks, a
// value that is not a string or a number) is left to i18next: `templateOf` answers null for it.
// The answers are i18next's own, checked key by key against it in template.test.ts.
import i18next from "i18next";

/** A resource string cut at its placeholders: `texts` has one more item than `names`. */
export interface Template {
  readonly texts: readonly string[];
  readonly names: readonly string[];
}

/** Options that change which string a key resolves to or how it is filled, not what fills it. */
const RESOLVING_OPTIONS = new Set([
  "count",
  "context",
  "ordinal",
  "replace",
  "lng",
  "lngs",
  "ns",
  "defaultValue",
  "interpolation",
]);

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
/** A placeholder name i18next reads as a plain option: no format, path or unescape marker. */
const PLAIN_NAME = /^\s*[A-Za-z_][A-Za-z0-9_]*\s*$/;

/**
 * The template of `key` in `language`'s own resources, or null where i18next must answer: the key
 * missing there (i18next falls back to another language), not a string, or with markup beyond
 * plain placeholders (nesting `$t(…)`, formats `{{value, number}}`, paths, `{{- raw}}`).
 */
export function templateOf(language: string, key: string): Template | null {
  const raw: unknown = i18next.getResource(language, "translation", key);
  if (typeof raw !== "string" || raw.includes("$t(")) return null;
  const texts: string[] = [];
  const names: string[] = [];
  let at = 0;
  for (const match of raw.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? "";
    if (!PLAIN_NAME.test(name)) return null;
    texts.push(raw.slice(at, match.index));
    names.push(name.trim());
    at = match.index + match[0].length;
  }
  texts.push(raw.slice(at));
  return { texts, names };
}

/**
 * `template` filled from `options`, or null where i18next must answer: an option that is not one
 * of its placeholders or that steers i18next, a placeholder without its value, a value that is
 * neither a string nor a number. Values are put in as they are, never read for placeholders.
 */
export function fill(template: Template, options?: Record<string, unknown>): string | null {
  const { texts, names } = template;
  if (options) {
    for (const option in options) {
      if (RESOLVING_OPTIONS.has(option) || !names.includes(option)) return null;
    }
  }
  let out = texts[0] ?? "";
  for (let i = 0; i < names.length; i++) {
    const value = options?.[names[i] ?? ""];
    if (typeof value === "string") out += value;
    else if (typeof value === "number") out += String(value);
    else return null;
    out += texts[i + 1] ?? "";
  }
  return out;
}
