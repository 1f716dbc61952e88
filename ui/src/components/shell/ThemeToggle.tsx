// Cycles the theme setting system → light → dark.
import { useTranslation } from "../../i18n/useTranslation";

const ORDER = ["system", "light", "dark"] as const;
const ICON: Record<string, string> = { system: "◐", light: "☀", dark: "☾" };

interface Props {
  value: string;
  onChange: (theme: string) => void;
}

export function ThemeToggle({ value, onChange }: Props) {
  const { t } = useTranslation();
  const current = ORDER.includes(value as (typeof ORDER)[number]) ? value : "system";
  const next =
    ORDER[(ORDER.indexOf(current as (typeof ORDER)[number]) + 1) % ORDER.length] ?? "system";
  return (
    <button
      type="button"
      className="icon-button"
      data-testid="theme-toggle"
      title={t(`theme.${current}`)}
      aria-label={`${t("theme.label")}: ${t(`theme.${current}`)}`}
      onClick={() => onChange(next)}
    >
      <span aria-hidden="true">{ICON[current]}</span>
    </button>
  );
}
