// The top bar's workshop entry: "Host a workshop" while a map is open and nothing runs, or the
// running workshop's compact status ("Workshop · 3 online"); either opens the hosting panel. The
// status is polled from the host, so a workshop resumed after a restart shows as soon as the app opens,
// and asked for again whenever someone comes onto or leaves the open map, so that the count agrees
// with the faces beside it at once rather than at the next slow poll.
import { useEffect, useRef, useState } from "react";
import type { WorkshopApi } from "../../api/workshop";
import { useTranslation } from "../../i18n/useTranslation";
import type { MapPresence } from "../../presence/mapPresence";
import { usePeers } from "../../presence/usePresence";
import { HostingPanel } from "./HostingPanel";
import { useWorkshopStatus } from "./useWorkshopStatus";
import { onlineCount, pillTitle } from "./workshopView";

interface Props {
  api: WorkshopApi;
  /** The open map, if any. */
  mapId: string | null;
  mapTitle: string | null;
  /** The open map's presence (null without one): who is on it. */
  presence: MapPresence | null;
}

export function HostingControls({ api, mapId, mapTitle, presence }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const workshop = useWorkshopStatus(api, open);
  const status = workshop.status;
  usePeerChangeRefresh(presence, workshop.refresh);

  let button = null;
  if (status) {
    // Another map (or none) is open: the status names the workshop's map, or nothing on the
    // screen would say which one the room is editing.
    const elsewhere = status.map_id !== mapId;
    const online = String(onlineCount(status));
    const title = pillTitle(status.map_title);
    // The last poll got no answer (the host stopped, or is restarting): what it said before, such
    // as who was online, is not so any more.
    const reachable = status.listening && !workshop.stale;
    const pillText = () => {
      if (!reachable)
        return elsewhere ? t("hosting.pillUnreachableOn", { title }) : t("hosting.pillUnreachable");
      return elsewhere ? t("hosting.pillOn", { title, online }) : t("hosting.pill", { online });
    };
    const state = reachable ? (status.locked ? "locked" : "running") : "unreachable";
    button = (
      <button
        type="button"
        className="small-button workshop-pill"
        data-testid="workshop-status"
        data-state={state}
        onClick={() => setOpen(true)}
        title={t("hosting.pillHint", { title: status.map_title })}
      >
        <span className="workshop-pill-dot" aria-hidden="true" />
        {pillText()}
      </button>
    );
  } else if (mapId) {
    button = (
      <button
        type="button"
        className="small-button"
        data-testid="hosting-open"
        onClick={() => setOpen(true)}
      >
        {t("hosting.open")}
      </button>
    );
  }

  return (
    <>
      {button}
      {open && (
        <HostingPanel
          api={api}
          workshop={workshop}
          mapId={mapId}
          mapTitle={mapTitle}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}

/** Calls `refresh` when the number of other people on the open map changes (not on first render). */
function usePeerChangeRefresh(presence: MapPresence | null, refresh: () => void): void {
  const peerCount = usePeers(presence).length;
  const seen = useRef(peerCount);
  useEffect(() => {
    if (seen.current === peerCount) return;
    seen.current = peerCount;
    refresh();
  }, [peerCount, refresh]);
}
