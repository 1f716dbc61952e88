// Says why the participant's board is read-only: they are a viewer, the facilitator locked the
// map, the workshop ended, or they were removed — the last two with "Save a copy" of what this
// browser holds.
import { useEffect, useState } from "react";
import { useTranslation } from "../../i18n/useTranslation";
import type { RoomAccess } from "../../wire/RoomAccess";
import type { Finished } from "./storage";

export type ReadOnlyReason = "viewer" | "locked" | Finished;

/** Why the board is read-only, or null when the participant may edit. */
export function readOnlyReason(
  access: RoomAccess,
  finished: Finished | null,
): ReadOnlyReason | null {
  if (finished) return finished;
  if (access.can_edit) return null;
  if (access.role === "viewer") return "viewer";
  return "locked";
}

interface Props {
  reason: ReadOnlyReason | null;
  onSaveCopy: () => void;
}

export function AccessBanner({ reason, onSaveCopy }: Props) {
  const { t } = useTranslation();
  const final = reason === "ended" || reason === "revoked";
  const [saved, setSaved] = useState(false);
  // The copy exists only in this page once the workshop's door is closed: the browser asks before
  // a reload or close throws it away, until a copy has been saved.
  useEffect(() => {
    if (!final || saved) return;
    const ask = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [final, saved]);
  if (!reason) return null;
  return (
    <div
      className={`participant-banner${final ? " final" : ""}`}
      role="status"
      aria-live="polite"
      data-testid="access-banner"
      data-reason={reason}
    >
      <span>{t(`participant.banner.${reason}`)}</span>
      {final && (
        <button
          type="button"
          className="small-button"
          data-testid="save-copy"
          title={t("participant.banner.saveCopyHint")}
          onClick={() => {
            onSaveCopy();
            setSaved(true);
          }}
        >
          {t("participant.banner.saveCopy")}
        </button>
      )}
    </div>
  );
}
