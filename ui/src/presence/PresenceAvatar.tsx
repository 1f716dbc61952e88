// One person in the top bar: their initial on their colour, with their name and role shown on
// hover and on keyboard focus. Another person's avatar is a button that follows (or stops
// following) their view; one's own is not.
import { useTranslation } from "../i18n/useTranslation";
import { textOn } from "./identity";
import type { PeerFace } from "./state";

interface Props {
  face: PeerFace;
  self?: boolean;
  following?: boolean;
  onClick?: () => void;
}

/** The first character of the name (a whole code point, so 𠮷 or an emoji stays intact). */
export function initialOf(name: string): string {
  return (Array.from(name.trim())[0] ?? "?").toLocaleUpperCase();
}

export function PresenceAvatar({ face, self = false, following = false, onClick }: Props) {
  const { t } = useTranslation();
  const role = t(`presence.role.${face.role}`);
  const name = self ? t("presence.you", { name: face.name }) : face.name;
  const hint = self ? null : following ? t("presence.stopHint") : t("presence.followHint");
  const label = [`${name} · ${role}`, face.leading ? t("presence.isLeading") : null, hint]
    .filter(Boolean)
    .join(" — ");
  const common = {
    className: `presence-avatar${self ? " self" : ""}${following ? " following" : ""}`,
    style: { backgroundColor: face.color, color: textOn(face.color) },
    "data-testid": "presence-avatar",
    "data-key": face.key,
    "data-name": face.name,
    "data-color": face.color,
    "data-role": face.role,
    "data-leading": face.leading ? "true" : "false",
  };
  const tip = (
    <span className="presence-tip" aria-hidden="true">
      <strong>{name}</strong>
      <span>{role}</span>
      {face.leading && <span>{t("presence.isLeading")}</span>}
      {hint && <span className="presence-tip-hint">{hint}</span>}
    </span>
  );
  if (self)
    return (
      // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users can read the name and role
      <span {...common} role="img" aria-label={label} tabIndex={0}>
        {initialOf(face.name)}
        {tip}
      </span>
    );
  return (
    <button type="button" {...common} aria-label={label} aria-pressed={following} onClick={onClick}>
      {initialOf(face.name)}
      {tip}
    </button>
  );
}
