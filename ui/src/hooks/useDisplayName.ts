// The user's display name (author of cards, emotion participant), kept in localStorage; `asked`
// tells whether the first-run prompt has been answered. Until then, and for a name left empty,
// the person is a guest in the interface's language.
import { useCallback, useState } from "react";
import { useTranslation } from "../i18n/useTranslation";

const KEY = "wayline.displayName";

function load(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function useDisplayName() {
  const { t } = useTranslation();
  const guest = t("name.guest");
  const [stored, setStored] = useState<string | null>(load);
  const save = useCallback(
    (name: string) => {
      const clean = name.trim() || guest;
      try {
        localStorage.setItem(KEY, clean);
      } catch {
        // not persisted; still used for this session
      }
      setStored(clean);
    },
    [guest],
  );
  return { name: stored ?? guest, asked: stored !== null, save };
}
