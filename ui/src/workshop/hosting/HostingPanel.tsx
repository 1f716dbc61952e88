// The hosting panel: before a workshop, where to host it (network, newcomers' role) and Start;
// while one runs, the invitation (QR, code, link), the participants and the facilitator's controls.
// Every change goes to the host and the panel shows the host's answer; failures are shown in words.
import { useCallback, useEffect, useRef, useState } from "react";
import { useErrorText } from "../../api/useErrorText";
import type { WorkshopApi } from "../../api/workshop";
import { useEscape } from "../../hooks/useEscape";
import { useModalFocus } from "../../hooks/useModalFocus";
import { useTranslation } from "../../i18n/useTranslation";
import type { WorkshopStatus } from "../../wire/WorkshopStatus";
import { NetworkForm } from "./NetworkForm";
import { RunningView } from "./RunningView";
import type { WorkshopState } from "./useWorkshopStatus";
import { panelMode } from "./workshopView";

interface Props {
  api: WorkshopApi;
  workshop: WorkshopState;
  mapId: string | null;
  mapTitle: string | null;
  onClose: () => void;
}

/** Runs one change against the host: busy while it runs, its answer shown, its failure explained. */
export type RunChange = (change: () => Promise<WorkshopStatus | null>) => Promise<boolean>;

export function HostingPanel({ api, workshop, mapId, mapTitle, onClose }: Props) {
  const dialogRef = useRef<HTMLElement>(null);
  const keepFocusInside = useModalFocus(dialogRef);
  const { t } = useTranslation();
  const describe = useErrorText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );
  useEscape(onClose);

  const { apply } = workshop;
  const run = useCallback<RunChange>(
    async (change) => {
      setBusy(true);
      setError(null);
      try {
        const next = await change();
        if (alive.current) apply(next);
        return true;
      } catch (e) {
        if (alive.current) {
          setError(describe(e));
        }
        return false;
      } finally {
        if (alive.current) setBusy(false);
      }
    },
    [apply, describe],
  );

  const status = workshop.status;
  const mode = status === undefined ? "loading" : panelMode(status, mapId);

  return (
    <div className="dialog-backdrop">
      <section
        ref={dialogRef}
        tabIndex={-1}
        onKeyDown={keepFocusInside}
        className="dialog hosting-panel"
        role="dialog"
        aria-modal="true"
        aria-labelledby="hosting-title"
        data-testid="hosting-panel"
        data-mode={mode}
      >
        <header className="hosting-head">
          <h2 id="hosting-title">{t("hosting.title")}</h2>
          <button
            type="button"
            className="icon-button"
            onClick={onClose}
            aria-label={t("hosting.close")}
            title={t("hosting.close")}
            data-testid="hosting-close"
          >
            ×
          </button>
        </header>
        {workshop.stale && <p className="muted">{t("hosting.stale")}</p>}
        {mode === "loading" && <p className="muted">{t("hosting.loading")}</p>}
        {mode === "noMap" && <p>{t("hosting.noMap")}</p>}
        {mode === "start" && mapId && (
          <>
            <p className="hosting-intro">{t("hosting.intro", { title: mapTitle ?? "" })}</p>
            <NetworkForm
              api={api}
              busy={busy}
              withRole
              submitLabel={t("hosting.start")}
              onSubmit={(address, role) =>
                run(() => api.start({ map_id: mapId, address, default_role: role }))
              }
            />
          </>
        )}
        {(mode === "running" || mode === "elsewhere") && status && (
          <RunningView
            api={api}
            status={status}
            elsewhere={mode === "elsewhere"}
            busy={busy}
            run={run}
          />
        )}
        {error && (
          <p className="hosting-error" role="alert" data-testid="hosting-error">
            {t("hosting.failed", { message: error })}
          </p>
        )}
      </section>
    </div>
  );
}
