// The map title in the map header: edited freely, written to the document on Enter or when
// leaving the field (so IME composition never reaches the document); an empty title is refused
// and the previous one kept. Remote renames show up while the field is not being edited.
import { useEffect, useRef, useState } from "react";
import { MAX_MAP_TITLE } from "../../doc/meta";
import { useTranslation } from "../../i18n/useTranslation";
import { charLimit } from "../shared/charLimit";

interface Props {
  value: string;
  /** Returns false when the title was refused (empty). */
  onWrite: (title: string) => boolean;
}

export function MapTitleField({ value, onWrite }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(value);
  const [editing, setEditing] = useState(false);
  const [refused, setRefused] = useState(false);
  const cancelled = useRef(false);

  useEffect(() => {
    if (!editing) setDraft(value);
  }, [value, editing]);

  useEffect(() => {
    if (!refused) return;
    const timer = setTimeout(() => setRefused(false), 5_000);
    return () => clearTimeout(timer);
  }, [refused]);

  const commit = () => {
    setEditing(false);
    if (cancelled.current) {
      cancelled.current = false;
      setDraft(value);
      return;
    }
    if (draft.trim() === value) {
      setDraft(value);
      return;
    }
    if (onWrite(draft)) {
      setRefused(false);
    } else {
      setRefused(true);
      setDraft(value);
    }
  };

  return (
    <div className="map-title-field">
      <input
        className="map-title-input"
        data-testid="map-title-input"
        aria-label={t("catalog.header.title")}
        aria-invalid={refused}
        value={draft}
        onFocus={() => setEditing(true)}
        {...charLimit(MAX_MAP_TITLE, (text) => {
          setEditing(true);
          setRefused(false);
          setDraft(text);
        })}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.nativeEvent.isComposing) return;
          if (e.key === "Enter") e.currentTarget.blur();
          if (e.key === "Escape") {
            cancelled.current = true;
            e.currentTarget.blur();
          }
        }}
      />
      {refused && (
        <span className="field-problem" role="alert">
          {t("catalog.header.titleEmpty")}
        </span>
      )}
    </div>
  );
}
