// Presence on the board: publishes the card this person edits and their viewport, drives follow
// mode (useBoardFollow.ts) and shows the "Following Ann — Stop" chip, with the board framed in
// that person's colour. Renders nothing without a presence channel.
import { type CSSProperties, type RefObject, useEffect } from "react";
import { useTranslation } from "../i18n/useTranslation";
import { useMapPresence } from "./context";
import { textOn } from "./identity";
import { useBoardFollow } from "./useBoardFollow";
import { useFollowState, usePeers } from "./usePresence";

interface Props {
  scrollRef: RefObject<HTMLElement | null>;
  zoom: number;
  setZoom: (z: number) => void;
  /** The card this person is editing (on the board or in the inspector), or null. */
  editingId: string | null;
}

export function BoardPresence({ scrollRef, zoom, setZoom, editingId }: Props) {
  const { t } = useTranslation();
  const presence = useMapPresence();
  const follow = useFollowState(presence);
  const peers = usePeers(presence);
  useEffect(() => presence?.setEditing(editingId), [presence, editingId]);
  useBoardFollow(presence, scrollRef, zoom, setZoom, follow.target);
  const target = peers.find((p) => p.key === follow.target);

  if (!presence || !target) return null;
  const color = { "--presence-color": target.color } as CSSProperties;
  return (
    <>
      <div className="follow-frame" style={color} aria-hidden="true" />
      <div
        className="follow-chip"
        data-testid="follow-chip"
        data-key={target.key}
        role="status"
        style={color}
      >
        <span
          className="follow-chip-dot"
          style={{ backgroundColor: target.color, color: textOn(target.color) }}
          aria-hidden="true"
        />
        <span>
          {follow.why === "leader"
            ? t("presence.followingLeader", { name: target.name })
            : t("presence.following", { name: target.name })}
        </span>
        <button
          type="button"
          className="small-button"
          data-testid="follow-stop"
          title={t("presence.stopHint")}
          onClick={() => presence.follow.stop()}
        >
          {t("presence.stop")}
        </button>
      </div>
    </>
  );
}
