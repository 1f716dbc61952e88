// The left rail's "Join workshop" button, which opens the dialog that finds or takes a workshop.
import { useState } from "react";
import type { WorkshopApi } from "../../api/workshop";
import { useTranslation } from "../../i18n/useTranslation";
import { JoinWorkshopDialog } from "./JoinWorkshopDialog";

export function JoinWorkshopButton({ api }: { api: WorkshopApi }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="small-button"
        data-testid="join-open"
        onClick={() => setOpen(true)}
      >
        {t("hosting.join.open")}
      </button>
      {open && <JoinWorkshopDialog api={api} onClose={() => setOpen(false)} />}
    </>
  );
}
