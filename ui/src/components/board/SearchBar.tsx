// Search over card text (Ctrl/Cmd+F): shows the number of matches; Enter and Shift+Enter step
// through them (the board scrolls the current one into view and highlights it); Escape closes.
import { useEffect, useRef } from "react";
import { useTranslation } from "../../i18n/useTranslation";

interface Props {
  query: string;
  onQuery: (q: string) => void;
  count: number;
  current: number;
  onStep: (delta: 1 | -1) => void;
  onClose: () => void;
}

export function SearchBar({ query, onQuery, count, current, onStep, onClose }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  return (
    <search className="search-bar">
      <input
        ref={ref}
        type="search"
        data-testid="search-input"
        aria-label={t("board.search.label")}
        placeholder={t("board.search.placeholder")}
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.nativeEvent.isComposing || e.keyCode === 229) return;
          if (e.key === "Enter") {
            e.preventDefault();
            onStep(e.shiftKey ? -1 : 1);
          } else if (e.key === "Escape") {
            e.preventDefault();
            onClose();
          }
        }}
      />
      <span className="search-count muted" data-testid="search-count" aria-live="polite">
        {query.trim()
          ? count === 0
            ? t("board.search.none")
            : t("board.search.count", { current: current + 1, count })
          : ""}
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label={t("board.search.prev")}
        disabled={count === 0}
        onClick={() => onStep(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label={t("board.search.next")}
        disabled={count === 0}
        onClick={() => onStep(1)}
      >
        ↓
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label={t("board.search.close")}
        onClick={onClose}
      >
        ✕
      </button>
    </search>
  );
}
