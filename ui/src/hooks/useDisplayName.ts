// The user's display name (author of cards, emotion participant), kept in localStorage; `asked`
// tells whether the first-run prompt has been answered.
import { useCallback, useState } from "react";

const KEY = "wayline.displayName";

function load(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function useDisplayName() {
  const [stored, setStored] = useState<string | null>(load);
  const save = useCallback((name: string) => {
    const clean = name.trim() || "Guest";
    try {
      localStorage.setItem(KEY, clean);
    } catch {
      // not persisted; still used for this session
    }
    setStored(clean);
  }, []);
  return { name: stored ?? "Guest", asked: stored !== null, save };
}
