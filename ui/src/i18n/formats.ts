// The UI's number, date and relative-time formatters, made once per language and options and then
// reused. Making an Intl formatter loads the locale's data (~0.1–0.5 ms each, more the first time),
// and some are drawn on every edit: the inspector's "created" date re-renders with each keystroke,
// the metric lanes write a change per stage tile on the first render of a map. The cache is small:
// a handful of option sets times the languages in use. A date formatter keeps the time zone it was
// made in: the date ones are made again when the page comes back into view (a laptop closed in one
// time zone and opened in another shows local times without a reload).

type Kind = "number" | "date" | "relative";

const made = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(
  kind: Kind,
  language: string,
  options: object,
  make: () => T,
): T {
  const key = `${kind}\u0000${language}\u0000${JSON.stringify(options)}`;
  let f = made.get(key);
  if (!f) {
    f = make();
    made.set(key, f);
  }
  return f as T;
}

/** Forgets the date formatters, so the next ones are made in the time zone of now. */
export function forgetDateFormats(): void {
  for (const key of [...made.keys()]) if (key.startsWith("date\u0000")) made.delete(key);
}

if (typeof document !== "undefined")
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") forgetDateFormats();
  });

/** `new Intl.NumberFormat(language, options)`, made once. */
export function numberFormat(
  language: string,
  options: Intl.NumberFormatOptions = {},
): Intl.NumberFormat {
  return cached("number", language, options, () => new Intl.NumberFormat(language, options));
}

/** `new Intl.DateTimeFormat(language, options)`, made once. */
export function dateTimeFormat(
  language: string,
  options: Intl.DateTimeFormatOptions = {},
): Intl.DateTimeFormat {
  return cached("date", language, options, () => new Intl.DateTimeFormat(language, options));
}

/** `new Intl.RelativeTimeFormat(language, options)`, made once. */
export function relativeTimeFormat(
  language: string,
  options: Intl.RelativeTimeFormatOptions = {},
): Intl.RelativeTimeFormat {
  return cached(
    "relative",
    language,
    options,
    () => new Intl.RelativeTimeFormat(language, options),
  );
}

/** "Nov 16, 2026, 3:05 PM" / "2026年11月16日 15:05": a moment as the UI shows dates and times. */
export function formatDateTime(ms: number, language: string): string {
  return dateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" }).format(new Date(ms));
}

/** "3:05 PM" / "15:05": a time of today, as the UI shows it. */
export function formatTime(ms: number, language: string): string {
  return dateTimeFormat(language, { timeStyle: "short" }).format(new Date(ms));
}

/**
 * Makes the number formatter the UI writes counts and sizes with once the page is idle, for `first`
 * (the UI's language) and then, one language per idle moment, for `others`: a map is drawn in its
 * own language, which need not be the UI's. The first formatter made for a language loads its
 * data, ~20–35 ms in Chromium on a 2-core laptop; made while the page is idle instead of inside
 * the first message or dialog that needs it. (Metric values and their changes are written by
 * doc/metricText.ts, without Intl.) Where `requestIdleCallback` is missing (Safari, the desktop
 * window's WebKit) a short timeout stands in for it.
 */
export function makeFormatsWhenIdle(first: string, others: readonly string[] = []): void {
  const whenIdle: (then: () => void) => void =
    typeof requestIdleCallback === "function"
      ? (then) => requestIdleCallback(then)
      : (then) => setTimeout(then, IDLE_FALLBACK_MS);
  const queue = [first, ...others.filter((l) => l !== first)];
  const next = () => {
    const language = queue.shift();
    if (language === undefined) return;
    numberFormat(language);
    whenIdle(next);
  };
  whenIdle(next);
}

/**
 * Where the page cannot tell when it is idle: after the first screen has been drawn (the desktop
 * window paints its project list in under a second) and before a person has picked a map.
 */
const IDLE_FALLBACK_MS = 1500;
