// Inline title editing for stages and lanes: Enter saves, Escape cancels, an empty title is refused
// with a visible message. Enter during an IME composition only confirms the composition.
import { useEffect, useRef, useState } from "react";
import { cleanTitle } from "../../doc/structure";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_TITLE_CHARS } from "../../wire/limits";
import { charLimit } from "../shared/charLimit";

interface Props {
  initial: string;
  label: string;
  testId: string;
  onSave: (title: string) => void;
  onCancel: () => void;
}

export function BoardTitleInput({ initial, label, testId, onSave, onCancel }: Props) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initial);
  const [error, setError] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  const save = (): boolean => {
    const clean = cleanTitle(value);
    if (clean === null) {
      setError(true);
      return false;
    }
    onSave(clean);
    return true;
  };
  return (
    <span className="title-input-wrap">
      <input
        ref={ref}
        className="title-input"
        data-testid={testId}
        aria-label={label}
        aria-invalid={error}
        value={value}
        {...charLimit(MAX_TITLE_CHARS, (text) => {
          setValue(text);
          if (text.trim()) setError(false);
        })}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.nativeEvent.isComposing || e.keyCode === 229) return;
          if (e.key === "Enter") {
            e.preventDefault();
            save();
          } else if (e.key === "Escape") {
            e.preventDefault();
            onCancel();
          }
        }}
        onBlur={() => {
          if (!save()) onCancel();
        }}
      />
      {error && (
        <span className="title-error" role="alert" data-testid="title-error">
          {t("board.titleRequired")}
        </span>
      )}
    </span>
  );
}
