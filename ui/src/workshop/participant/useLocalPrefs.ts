// The participant's language and theme. The facilitator's settings live on the host, behind the
// facilitator's API; a participant keeps theirs in this browser (localStorage) and they apply at
// once, as in the facilitator's app.
import { useCallback, useEffect, useState } from "react";
import { resolveLanguage } from "../../i18n";
import { useTranslation } from "../../i18n/useTranslation";
import { applyTheme } from "../../settings/useSettings";
import { browserLocal } from "./storage";

const KEY = "wayline.participant.prefs";

export interface LocalPrefs {
  language: string;
  theme: string;
}

function load(): LocalPrefs {
  try {
    const raw = browserLocal()?.getItem(KEY);
    const o = raw ? (JSON.parse(raw) as Partial<LocalPrefs>) : {};
    return {
      language: typeof o.language === "string" ? o.language : "auto",
      theme: typeof o.theme === "string" ? o.theme : "system",
    };
  } catch {
    return { language: "auto", theme: "system" };
  }
}

export function useLocalPrefs() {
  const { i18n } = useTranslation();
  const [prefs, setPrefs] = useState<LocalPrefs>(load);

  useEffect(() => {
    const lng = resolveLanguage(prefs.language, navigator.language);
    if (i18n.language !== lng) void i18n.changeLanguage(lng);
    document.documentElement.lang = lng;
  }, [prefs.language, i18n]);

  useEffect(() => applyTheme(prefs.theme), [prefs.theme]);

  const update = useCallback((patch: Partial<LocalPrefs>) => {
    setPrefs((prev) => {
      const next = { ...prev, ...patch };
      try {
        browserLocal()?.setItem(KEY, JSON.stringify(next));
      } catch {
        // applies to this page only
      }
      return next;
    });
  }, []);

  return { prefs, update };
}
