// Who is on this map, for the top bar (the facilitator's app and the participant app alike):
// this person first, then everyone else by name; clicking someone follows their view. Past a
// handful, the rest are in a "+N" list. A facilitator also gets the "Everyone follow me" toggle.
// Shows nothing while this person is alone.
import { useTranslation } from "../i18n/useTranslation";
import type { MapPresence } from "./mapPresence";
import { PresenceAvatar } from "./PresenceAvatar";
import { useFollowState, usePeers, useSelf } from "./usePresence";

const SHOWN = 5;

export function PresenceBar({ presence }: { presence: MapPresence | null }) {
  const { t } = useTranslation();
  const peers = usePeers(presence);
  const self = useSelf(presence);
  const follow = useFollowState(presence);
  if (!presence || !self || (peers.length === 0 && !self.leading)) return null;
  const toggle = (key: string) =>
    follow.target === key ? presence.follow.stop() : presence.follow.follow(key);
  const avatar = (p: (typeof peers)[number]) => (
    <PresenceAvatar
      key={p.key}
      face={p}
      following={follow.target === p.key}
      onClick={() => toggle(p.key)}
    />
  );
  const rest = peers.slice(SHOWN);
  return (
    <fieldset className="presence-bar" data-testid="presence-bar" aria-label={t("presence.label")}>
      <PresenceAvatar face={self} self />
      {peers.slice(0, SHOWN).map(avatar)}
      {rest.length > 0 && (
        <details className="presence-more">
          <summary
            className="presence-avatar presence-more-count"
            aria-label={t("presence.more", { count: rest.length })}
            title={rest.map((p) => p.name).join(", ")}
          >
            +{rest.length}
          </summary>
          <div className="presence-more-list">{rest.map(avatar)}</div>
        </details>
      )}
      {self.role === "facilitator" && (
        <button
          type="button"
          className={`small-button presence-lead${self.leading ? " on" : ""}`}
          data-testid="presence-lead"
          aria-pressed={self.leading}
          title={t(self.leading ? "presence.leadOnHint" : "presence.leadHint")}
          onClick={() => presence.setLeading(!self.leading)}
        >
          {t("presence.lead")}
        </button>
      )}
    </fieldset>
  );
}
