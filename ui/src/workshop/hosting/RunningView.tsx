// The running workshop as the facilitator sees it: the invitation on the left (large enough for a
// projector), the participants and the controls (newcomers' role, lock, network, end) on the right.
import { useState } from "react";
import type { WorkshopApi } from "../../api/workshop";
import { BoardConfirm, type ConfirmRequest } from "../../components/shared/BoardConfirm";
import { useTranslation } from "../../i18n/useTranslation";
import type { WorkshopStatus } from "../../wire/WorkshopStatus";
import type { RunChange } from "./HostingPanel";
import { InvitationView } from "./InvitationView";
import { NetworkForm } from "./NetworkForm";
import { ParticipantList } from "./ParticipantList";
import { RoleSelect } from "./RoleSelect";

interface Props {
  api: WorkshopApi;
  status: WorkshopStatus;
  /** The open map is another one than the workshop's. */
  elsewhere: boolean;
  busy: boolean;
  run: RunChange;
}

export function RunningView({ api, status, elsewhere, busy, run }: Props) {
  const { t } = useTranslation();
  const [moving, setMoving] = useState(false);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  // The switch shows the facilitator's click at once, until the host's answer (or failure) lands.
  const [lockWanted, setLockWanted] = useState<boolean | null>(null);
  const locked = lockWanted ?? status.locked;

  const askEnd = async () => {
    // Ideas still hidden in a brainstorm never reach the board once the workshop ends: said first.
    const waiting = await api.ideasWaiting(status.map_id).catch(() => 0);
    const message = t("hosting.endConfirm");
    setConfirm({
      message:
        waiting > 0 ? `${message} ${t("hosting.endIdeasWaiting", { count: waiting })}` : message,
      okLabel: t("hosting.end"),
      onOk: () =>
        void run(async () => {
          await api.end();
          return null;
        }),
    });
  };

  const move = async (address: string) => {
    const ok = await run(() =>
      api.start({ map_id: status.map_id, address, default_role: status.default_role }),
    );
    if (ok) setMoving(false);
    return ok;
  };

  return (
    <div className="hosting-running" data-testid="hosting-running">
      {elsewhere && (
        <div className="hosting-notice" data-testid="hosting-elsewhere">
          <p>{t("hosting.elsewhere", { title: status.map_title })}</p>
          <button type="button" className="small-button danger" disabled={busy} onClick={askEnd}>
            {t("hosting.endThat")}
          </button>
        </div>
      )}
      {!status.listening && (
        <div
          className="hosting-notice hosting-warning"
          role="alert"
          data-testid="hosting-unreachable"
        >
          <p>{t("hosting.unreachable", { address: status.address })}</p>
          {status.listen_error && <p className="hosting-listen-error">{status.listen_error}</p>}
          <p>{t("hosting.pickAnother")}</p>
        </div>
      )}
      <div className="hosting-columns">
        <InvitationView status={status} />
        <div className="hosting-side">
          <p className="hosting-map">
            <span className="muted">{t("hosting.mapLabel")}</span>{" "}
            <strong>{status.map_title}</strong>
          </p>
          <ParticipantList
            participants={status.participants}
            busy={busy}
            onRole={(id, role) => void run(() => api.setRole(id, role))}
            onRevoke={(p) =>
              setConfirm({
                message: t("hosting.revokeConfirm", { name: p.name }),
                okLabel: t("hosting.revoke"),
                onOk: () => void run(() => api.revoke(p.id)),
              })
            }
          />
          <div className="hosting-controls">
            <RoleSelect
              value={status.default_role}
              disabled={busy}
              label={t("hosting.newcomers")}
              testId="hosting-default-role"
              onChange={(role) => void run(() => api.update({ default_role: role }))}
            />
            <label className="hosting-lock">
              <input
                type="checkbox"
                role="switch"
                aria-checked={locked}
                checked={locked}
                disabled={busy}
                data-testid="hosting-lock"
                onChange={(e) => {
                  const wanted = e.target.checked;
                  setLockWanted(wanted);
                  void run(() => api.update({ locked: wanted })).finally(() => setLockWanted(null));
                }}
              />
              <span>
                {t("hosting.lock")}
                <span className="muted hosting-hint">{t("hosting.lockHint")}</span>
              </span>
            </label>
          </div>
        </div>
      </div>
      {(moving || !status.listening) && (
        <NetworkForm
          api={api}
          busy={busy}
          current={status.address}
          submitLabel={t("hosting.move")}
          onSubmit={move}
        />
      )}
      <footer className="hosting-foot">
        <span className="muted" data-testid="hosting-address">
          {t("hosting.listeningOn", { address: `${status.address}:${status.port}` })}
        </span>
        {status.listening && (
          <button
            type="button"
            className="link-button"
            data-testid="hosting-change-network"
            aria-expanded={moving}
            onClick={() => setMoving((m) => !m)}
          >
            {moving ? t("hosting.keepNetwork") : t("hosting.changeNetwork")}
          </button>
        )}
        <button
          type="button"
          className="small-button danger hosting-end"
          data-testid="hosting-end"
          disabled={busy}
          onClick={askEnd}
        >
          {t("hosting.end")}
        </button>
      </footer>
      {confirm && <BoardConfirm req={confirm} onClose={() => setConfirm(null)} />}
    </div>
  );
}
