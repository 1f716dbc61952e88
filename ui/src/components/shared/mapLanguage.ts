// What the map itself says in words the product supplies — a channel's name, "after purchase", a
// lane's kind or team, a metric's name — is shown in the map's language, as its exports print it,
// so everyone in a workshop reads the same board whatever their interface language; buttons,
// menus and hints stay in each person's own. Whoever renders a map provides its language; without
// a provider (a test, a dialog outside any map) the interface's language is used.
import type { TFunction } from "i18next";
import { createContext, useContext } from "react";
import type { UiLanguage } from "../../i18n";
import { translationOf, useTranslation } from "../../i18n/useTranslation";

export const MapLanguageContext = createContext<UiLanguage | null>(null);

/** `t` in the open map's language, for the product's own words on the map. */
export function useMapT(): TFunction {
  const language = useContext(MapLanguageContext);
  const { t, i18n } = useTranslation();
  return language && language !== i18n.language ? translationOf(language).t : t;
}
