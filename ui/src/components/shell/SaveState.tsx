// Shows whether this map's edits are acknowledged by the host (Saved / Saving… / Offline / Error),
// and the reason of an error with a way to dismiss it. A change the host did not accept is said in
// words with the map's limits (limitMessages.ts), not as a status code.
import { useTranslation } from "react-i18next";
import type { RoomStatus } from "../../sync/types";
import { syncErrorMessage } from "../shared/limitMessages";

interface Props {
  status: RoomStatus;
  onDismiss: () => void;
}

export function SaveState({ status, onDismiss }: Props) {
  const { t, i18n } = useTranslation();
  const err = status.error;
  const detail = err ? syncErrorMessage(t, i18n.language, err) : "";
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
          <span
            className={err.kind === "refused" ? "save-detail save-detail-long" : "save-detail"}
            data-testid="save-detail"
            title={detail}
          >
            {detail}
          </span>
          <button type="button" className="link-button" onClick={onDismiss}>
            {t("save.dismiss")}
          </button>
        </>
      )}
    </div>
  );
}
