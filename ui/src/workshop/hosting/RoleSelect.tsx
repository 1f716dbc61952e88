// Picks editor or viewer (the facilitator role is the host's own user, never offered), for the
// newcomers' default and for one participant.
import { useTranslation } from "../../i18n/useTranslation";
import type { Role } from "../../wire/Role";

interface Props {
  value: Role;
  onChange: (role: Role) => void;
  disabled?: boolean;
  /** Shown next to the select; `hiddenLabel` keeps it for screen readers only. */
  label: string;
  hiddenLabel?: boolean;
  testId?: string;
}

export function RoleSelect({ value, onChange, disabled, label, hiddenLabel, testId }: Props) {
  const { t } = useTranslation();
  return (
    <label className="hosting-role">
      <span className={hiddenLabel ? "sr-only" : undefined}>{label}</span>
      <select
        value={value}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value === "viewer" ? "viewer" : "editor")}
      >
        <option value="editor">{t("hosting.role.editor")}</option>
        <option value="viewer">{t("hosting.role.viewer")}</option>
      </select>
    </label>
  );
}
