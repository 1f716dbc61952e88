// A persona's picture (fetched with the token) or, without one, their initials on a colour taken
// from the name so the same persona always looks the same.
import type { HostApi } from "../../api/http";
import { useBlobUrl } from "../../hooks/useBlobUrl";
import { useTranslation } from "../../i18n/useTranslation";
import type { Persona } from "../../wire/Persona";

/** Up to two initials: first letters of the first two words, or the first character of CJK names. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "?";
  const first = Array.from(words[0] ?? "");
  if (/\p{Script=Han}/u.test(first[0] ?? "")) return first[0] ?? "?";
  const letters = words.slice(0, 2).map((w) => Array.from(w)[0] ?? "");
  return letters.join("").toUpperCase();
}

function hue(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 360;
  return h;
}

interface Props {
  api: HostApi;
  persona: Pick<Persona, "id" | "name" | "has_picture" | "updated_at">;
  size?: number;
  /** A local picture to show instead (the form's not-yet-saved choice). */
  previewUrl?: string | null;
}

export function PersonaAvatar({ api, persona, size = 32, previewUrl }: Props) {
  const { t } = useTranslation();
  const load = persona.has_picture && !previewUrl ? () => api.personaPicture(persona.id) : null;
  const img = useBlobUrl(load, `${persona.id}:${persona.updated_at}:${persona.has_picture}`);
  const src = previewUrl ?? img.url;
  const style = { width: size, height: size, fontSize: Math.round(size * 0.4) };
  if (src) {
    return (
      <img
        className="persona-avatar"
        style={style}
        src={src}
        alt={t("catalog.persona.avatar", { name: persona.name })}
      />
    );
  }
  return (
    <span
      className="persona-avatar persona-initials"
      style={{ ...style, background: `hsl(${hue(persona.name)} 45% 45%)` }}
      role="img"
      aria-label={t("catalog.persona.avatar", { name: persona.name })}
    >
      {initials(persona.name)}
    </span>
  );
}
