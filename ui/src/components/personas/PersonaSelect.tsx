// Picks the map's actor persona from the project's personas (or none), showing the chosen one's
// avatar and name. A persona id that no longer exists shows as "Deleted persona".
import type { HostApi } from "../../api/http";
import { useTranslation } from "../../i18n/useTranslation";
import type { Persona } from "../../wire/Persona";
import { PersonaAvatar } from "./PersonaAvatar";

interface Props {
  api: HostApi | null;
  personas: Persona[];
  value: string | null;
  onChange: (id: string | null) => void;
  onOpen: () => void;
}

export function PersonaSelect({ api, personas, value, onChange, onOpen }: Props) {
  const { t } = useTranslation();
  const chosen = personas.find((p) => p.id === value) ?? null;
  const missing = value !== null && chosen === null;
  return (
    <label className="persona-select">
      <span className="muted">{t("catalog.header.persona")}</span>
      {chosen && api && <PersonaAvatar api={api} persona={chosen} size={28} />}
      <select
        data-testid="persona-select"
        value={value ?? ""}
        onFocus={onOpen}
        onChange={(e) => onChange(e.target.value || null)}
      >
        <option value="">
          {personas.length === 0 ? t("catalog.header.noPersonas") : t("catalog.header.none")}
        </option>
        {personas.map((p) => (
          <option key={p.id} value={p.id}>
            {p.role ? `${p.name} · ${p.role}` : p.name}
          </option>
        ))}
        {missing && value && <option value={value}>{t("catalog.header.unknownPersona")}</option>}
      </select>
    </label>
  );
}
