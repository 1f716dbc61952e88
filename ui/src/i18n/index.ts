// Sets up i18next with the three UI languages and resolves the "auto" setting from the browser.
import i18next from "i18next";
import { LOCALES } from "../wire/schema";
import catalogEn from "./catalog/en.json";
import catalogZhCN from "./catalog/zh-CN.json";
import catalogZhTW from "./catalog/zh-TW.json";
import en from "./en.json";
import zhCN from "./zh-CN.json";
import zhTW from "./zh-TW.json";

export type UiLanguage = "en" | "zh-CN" | "zh-TW";
export type LanguageSetting = "auto" | UiLanguage;
/** The interface speaks the map languages (generated from the Rust schema). */
export const UI_LANGUAGES: readonly UiLanguage[] = LOCALES;

// The catalog screens (map list, trash, personas, map header) keep their strings in catalog/*.json,
// merged under the top-level "catalog" key of the one `translation` namespace.
export const resources = {
  en: { translation: { ...en, catalog: catalogEn } },
  "zh-CN": { translation: { ...zhCN, catalog: catalogZhCN } },
  "zh-TW": { translation: { ...zhTW, catalog: catalogZhTW } },
} as const;

/** zh-TW / zh-HK / zh-MO / zh-Hant → zh-TW, other zh → zh-CN, anything else → en. */
export function languageFromLocale(locale: string): UiLanguage {
  const l = locale.toLowerCase();
  if (!l.startsWith("zh")) return "en";
  if (/^zh-(tw|hk|mo)\b/.test(l) || l.includes("hant")) return "zh-TW";
  return "zh-CN";
}

export function resolveLanguage(setting: string, navLanguage: string): UiLanguage {
  if ((UI_LANGUAGES as readonly string[]).includes(setting)) return setting as UiLanguage;
  return languageFromLocale(navLanguage);
}

export function initI18n(lng: UiLanguage): typeof i18next {
  void i18next.init({
    resources,
    lng,
    fallbackLng: "en",
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  return i18next;
}
