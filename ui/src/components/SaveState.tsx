// Shows whether this map's edits are acknowledged by the host (Saved / Saving… / Offline / Error),
// and the reason of an error with a way to dismiss it.
import { useTranslation } from "react-i18next";
import type { RoomStatus } from "../sync/types";

interface Props {
  status: RoomStatus;
  onDismiss: () => void;
}

export function SaveState({ status, onDismiss }: Props) {
  const { t } = useTranslation();
  const err = status.error;
  return (
    <div
      className="save-state"
      data-testid="save-state"
      data-state={status.state}
      aria-live="polite"
    >
      <span className="save-dot" aria-hidden="true" />
      <span>{t(`save.${status.state}`)}</span>
      {err && (
        <>
          <span className="save-detail">{t(`save.${err.kind}`, { detail: err.detail })}</span>
          <button type="button" className="link-button" onClick={onDismiss}>
            {t("save.dismiss")}
          </button>
        </>
      )}
    </div>
  );
}
