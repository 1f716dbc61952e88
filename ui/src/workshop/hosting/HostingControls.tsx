// The top bar's workshop entry: "Host a workshop" while a map is open and nothing runs, or the
// running workshop's compact status ("Workshop · 3 online"); either opens the hosting panel. The
// status is polled from the host, so a workshop resumed after a restart shows as soon as the app opens.
import { useState } from "react";
import type { WorkshopApi } from "../../api/workshop";
import { useTranslation } from "../../i18n/useTranslation";
import { HostingPanel } from "./HostingPanel";
import { useWorkshopStatus } from "./useWorkshopStatus";
import { onlineCount } from "./workshopView";

interface Props {
  api: WorkshopApi;
  /** The open map, if any. */
  mapId: string | null;
  mapTitle: string | null;
}

export function HostingControls({ api, mapId, mapTitle }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const workshop = useWorkshopStatus(api, open);
  const status = workshop.status;

  let button = null;
  if (status) {
    const state = status.listening ? (status.locked ? "locked" : "running") : "unreachable";
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
        {status.listening
          ? t("hosting.pill", { online: onlineCount(status) })
          : t("hosting.pillUnreachable")}
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
