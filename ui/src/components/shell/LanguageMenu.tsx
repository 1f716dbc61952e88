// Picks the UI language (Auto / English / 简体中文 / 繁體中文); applied without a reload.
import { useTranslation } from "../../i18n/useTranslation";

const OPTIONS = ["auto", "en", "zh-CN", "zh-TW"] as const;

interface Props {
  value: string;
  onChange: (language: string) => void;
}

export function LanguageMenu({ value, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <label className="inline-field">
      <span className="sr-only">{t("language.label")}</span>
      <select
        data-testid="language-select"
        value={OPTIONS.includes(value as (typeof OPTIONS)[number]) ? value : "auto"}
        onChange={(e) => onChange(e.target.value)}
        aria-label={t("language.label")}
      >
        {OPTIONS.map((o) => (
          <option key={o} value={o}>
            {t(`language.${o}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
