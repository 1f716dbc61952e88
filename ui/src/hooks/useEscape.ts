// Closes a dialog on Escape wherever the focus is (after a save the focus may have left the dialog).
import { useEffect, useRef } from "react";

export function useEscape(onEscape: () => void): void {
  const fn = useRef(onEscape);
  fn.current = onEscape;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.isComposing) fn.current();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
}
