// The UI's translation hook, used instead of react-i18next's. Every card, cell and lane of the
// board translates its labels, so the hook runs thousands of times as a large map opens: there
// react-i18next's hook copied the i18next instance into a wrapper for each component that mounted
// and each `t(key)` walked i18next's resolution (namespaces, fallbacks, plurals, interpolation)
// again — 100–140 ms of a 2,000-card board's first render in a profile. Here each language has
// one `t`, shared by every component, that keeps what a plain key (no options) translated to, and
// fills the strings whose only markup is placeholders itself (i18n/template.ts); other calls go to
// i18next as they are. Components re-render when the language changes.
import i18next, { type TFunction } from "i18next";
import { useSyncExternalStore } from "react";
import { fill, type Template, templateOf } from "./template";

/** The part of i18next components use; a new object per language, so it can be a dependency. */
export interface UiI18n {
  readonly language: string;
  changeLanguage(language: string): Promise<TFunction>;
  getFixedT(language: string): TFunction;
  t: TFunction;
}

export interface UiTranslation {
  t: TFunction;
  i18n: UiI18n;
}

const byLanguage = new Map<string, UiTranslation>();

/** The shared translation of `language` (its `t` keeps the plain keys it has translated). */
export function translationOf(language: string): UiTranslation {
  watchResources();
  let found = byLanguage.get(language);
  if (!found) {
    found = make(language);
    byLanguage.set(language, found);
  }
  return found;
}

function make(language: string): UiTranslation {
  const fixed = i18next.getFixedT(language);
  const call = fixed as unknown as (...args: unknown[]) => unknown;
  const plain = new Map<string, string>();
  const templates = new Map<string, Template | null>();
  const templateFor = (key: string): Template | null => {
    let found = templates.get(key);
    if (found === undefined) {
      found = templateOf(language, key);
      templates.set(key, found);
    }
    return found;
  };
  const cached = (key: unknown, ...rest: unknown[]): unknown => {
    if (typeof key !== "string") return call(key, ...rest);
    if (rest.length > 0) {
      const options = rest[0];
      if (rest.length === 1 && isPlainObject(options)) {
        const template = templateFor(key);
        const filled = template && fill(template, options);
        if (filled !== null) return filled;
      }
      return call(key, ...rest);
    }
    let text = plain.get(key);
    if (text === undefined) {
      // Asked once per key: what it gives is kept in `plain`.
      const template = templateOf(language, key);
      text = (template && fill(template)) ?? String(call(key));
      plain.set(key, text);
    }
    return text;
  };
  // i18next's TFunction is a branded type; `cached` takes and gives what it does.
  const t = cached as unknown as TFunction;
  return {
    t,
    i18n: {
      language,
      changeLanguage: (next) => i18next.changeLanguage(next),
      getFixedT: (other) => translationOf(other).t,
      t: i18next.t.bind(i18next) as TFunction,
    },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype
  );
}

// Resources added, removed or loaded later change what a key translates to.
const forget = () => byLanguage.clear();
i18next.on("loaded", forget);
i18next.on("initialized", forget);
let watchedStore: unknown = null;
/** i18next's resource store exists once it is initialised, and is replaced by a new `init`. */
function watchResources(): void {
  const store = i18next.store;
  if (!store || store === watchedStore) return;
  watchedStore = store;
  byLanguage.clear();
  store.on("added", forget);
  store.on("removed", forget);
}

function subscribe(onChange: () => void): () => void {
  i18next.on("languageChanged", onChange);
  return () => i18next.off("languageChanged", onChange);
}

function current(): UiTranslation {
  return translationOf(i18next.language ?? "");
}

/** `t` and the i18n instance in the interface's language. */
export function useTranslation(): UiTranslation {
  return useSyncExternalStore(subscribe, current);
}
