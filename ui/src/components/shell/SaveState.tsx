// Shows whether this map's edits are acknowledged by the host (Saved / Saving… / Offline / Error),
// and the reason of an error with a way to dismiss it. A change the host did not accept is said in
// words with the map's limits (limitMessages.ts), not as a status code; so is a refused edit that
// was set aside (a notice: the state beside it is the usual one).
// It reads the parts of the room's status it shows: the count of edits waiting changes on every
// keystroke, and nothing should redraw for that; a wait for the host's acknowledgement shows as
// "Saving…" only once it lasts (shownSaveState.ts).
import { useOnline } from "../../hooks/useOnline";
import { useRoomSlice } from "../../hooks/useOpenMap";
import { useTranslation } from "../../i18n/useTranslation";
import type { RoomSync } from "../../sync/room";
import { syncErrorMessage } from "../shared/limitMessages";
import { useShownSaveState } from "./shownSaveState";

interface Props {
  room: RoomSync;
  onDismiss: () => void;
}

export function SaveState({ room, onDismiss }: Props) {
  const state = useRoomSlice(room, (s) => s.state);
  const shown = useShownSaveState(state);
  const error = useRoomSlice(room, (s) => s.error);
  const notice = useRoomSlice(room, (s) => s.notice);
  const err = error ?? notice;
  // Disconnected while the browser has a network: the host does not answer; this device is fine.
  const online = useOnline();
  const label = shown === "offline" && online ? "unreachable" : shown;
  const { t, i18n } = useTranslation();
  const detail = err ? syncErrorMessage(t, i18n.language, err) : "";
  return (
    <div
      className="save-state"
      data-testid="save-state"
      data-state={state}
      data-shown={shown}
      aria-live="polite"
    >
      <span className="save-dot" aria-hidden="true" />
      <span>{t(`save.${label}`)}</span>
      {err && (
        <>
          <span
            className={
              err.kind === "refused" || err.kind === "setAside"
                ? "save-detail save-detail-long"
                : "save-detail"
            }
            data-testid="save-detail"
            data-kind={err.kind}
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
