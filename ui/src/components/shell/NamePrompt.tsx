// First-run, non-blocking prompt for the user's display name (prefilled "Guest" in the
// interface's language, selected so that typing replaces it).
import { useState } from "react";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_PARTICIPANT_NAME_CHARS } from "../../wire/limits";
import { charLimit } from "../shared/charLimit";

export function NamePrompt({ onSave }: { onSave: (name: string) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(() => t("name.guest"));
  return (
    <form
      className="name-prompt"
      data-testid="name-prompt"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(value);
      }}
    >
      <strong>{t("name.prompt")}</strong>
      <span className="muted">{t("name.hint")}</span>
      <div className="row">
        <input
          aria-label={t("name.label")}
          value={value}
          {...charLimit(MAX_PARTICIPANT_NAME_CHARS, setValue)}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="submit" className="primary-button">
          {t("name.save")}
        </button>
      </div>
    </form>
  );
}
