// Who joined: name, colour, online or offline (in words, not only colour), role, and Remove
// (revoke: their connection closes and their token stops working). Removed people stay listed,
// greyed, so the facilitator sees they are gone (counted apart in the heading). Two people under one
// name (someone who joined again from a new browser) are told apart by when they joined.
import { formatTime } from "../../i18n/formats";
import { useTranslation } from "../../i18n/useTranslation";
import type { ParticipantInfo } from "../../wire/ParticipantInfo";
import type { Role } from "../../wire/Role";
import { RoleSelect } from "./RoleSelect";
import { sortParticipants } from "./workshopView";

interface Props {
  participants: readonly ParticipantInfo[];
  busy: boolean;
  onRole: (id: string, role: Role) => void;
  onRevoke: (p: ParticipantInfo) => void;
}

export function ParticipantList({ participants, busy, onRole, onRevoke }: Props) {
  const { t, i18n } = useTranslation();
  const present = participants.filter((p) => !p.revoked).length;
  const removed = participants.length - present;
  const named = new Map<string, number>();
  for (const p of participants) named.set(p.name, (named.get(p.name) ?? 0) + 1);
  return (
    <section className="hosting-people" aria-labelledby="hosting-people-title">
      <h3 id="hosting-people-title">
        {removed > 0
          ? t("hosting.participantsRemoved", { n: present, removed })
          : t("hosting.participants", { n: present })}
      </h3>
      {participants.length === 0 ? (
        <p className="muted">{t("hosting.nobody")}</p>
      ) : (
        <ul className="hosting-people-list">
          {sortParticipants(participants).map((p) => (
            <li
              key={p.id}
              className="hosting-person"
              data-testid="hosting-participant"
              data-participant-id={p.id}
              data-online={p.online}
              data-revoked={p.revoked}
            >
              <span
                className="hosting-person-dot"
                style={{ background: p.color }}
                aria-hidden="true"
              />
              <span className="hosting-person-name">
                {p.name}
                {(named.get(p.name) ?? 0) > 1 && (
                  <span className="muted" data-testid="hosting-participant-joined">
                    {" "}
                    {t("hosting.joinedAt", { time: formatTime(p.joined_at, i18n.language) })}
                  </span>
                )}
              </span>
              <span className="hosting-person-state" data-testid="hosting-participant-state">
                {p.revoked
                  ? t("hosting.revoked")
                  : p.online
                    ? t("hosting.online")
                    : t("hosting.offline")}
              </span>
              {!p.revoked && (
                <>
                  <RoleSelect
                    value={p.role === "viewer" ? "viewer" : "editor"}
                    disabled={busy}
                    label={t("hosting.roleOf", { name: p.name })}
                    hiddenLabel
                    testId="hosting-participant-role"
                    onChange={(role) => onRole(p.id, role)}
                  />
                  <button
                    type="button"
                    className="small-button danger"
                    disabled={busy}
                    data-testid="hosting-revoke"
                    aria-label={t("hosting.revokeOne", { name: p.name })}
                    onClick={() => onRevoke(p)}
                  >
                    {t("hosting.revoke")}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
