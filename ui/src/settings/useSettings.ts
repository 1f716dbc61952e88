// Loads the UI settings (language, theme) from the host, applies them at once (no reload) and saves
// changes back with PUT /api/settings.
import { useCallback, useEffect, useRef, useState } from "react";
import type { HostApi } from "../api/http";
import { resolveLanguage } from "../i18n";
import { useTranslation } from "../i18n/useTranslation";
import type { Settings } from "../wire/Settings";

export const DEFAULT_SETTINGS: Settings = { language: "auto", theme: "system" };

/** Applies a theme setting to the page (also used by the participant's app, workshop/participant). */
export function applyTheme(theme: string): void {
  const root = document.documentElement;
  if (theme === "light" || theme === "dark") root.dataset.theme = theme;
  else delete root.dataset.theme;
}

export function useSettings(api: HostApi, onError: (e: unknown) => void) {
  const { i18n } = useTranslation();
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  // What this person changed before the stored settings arrived: a slow first load must not undo
  // a choice made meanwhile (the language would flip back).
  const changedEarly = useRef<Partial<Settings>>({});
  const loaded = useRef(false);

  useEffect(() => {
    let alive = true;
    api.settings().then(
      (s) => {
        loaded.current = true;
        if (alive) setSettings({ ...s, ...changedEarly.current });
      },
      (e: unknown) => alive && onError(e),
    );
    return () => {
      alive = false;
    };
  }, [api, onError]);

  useEffect(() => {
    const lng = resolveLanguage(settings.language, navigator.language);
    if (i18n.language !== lng) void i18n.changeLanguage(lng);
    document.documentElement.lang = lng;
  }, [settings.language, i18n]);

  useEffect(() => applyTheme(settings.theme), [settings.theme]);

  const update = useCallback(
    (patch: Partial<Settings>) => {
      if (!loaded.current) changedEarly.current = { ...changedEarly.current, ...patch };
      setSettings((prev) => {
        const next = { ...prev, ...patch };
        api.saveSettings(next).catch(onError);
        return next;
      });
    },
    [api, onError],
  );

  return { settings, update };
}
