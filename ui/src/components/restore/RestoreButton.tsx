// "Restore…" in the left rail's foot: opens the Restore screen (RestoreDialog), and opens a
// restored map when asked to.
import { useState } from "react";
import type { HostApi } from "../../api/http";
import { useTranslation } from "../../i18n/useTranslation";
import type { ProjectSummary } from "../../wire/ProjectSummary";
import { RestoreDialog } from "./RestoreDialog";

interface Props {
  api: HostApi;
  projects: ProjectSummary[] | null;
  refresh: () => Promise<void>;
  onOpenMap: (projectId: string, mapId: string) => void;
}

export function RestoreButton({ api, projects, refresh, onOpenMap }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="small-button"
        data-testid="restore-open"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        {t("catalog.restore.open")}
      </button>
      {open && (
        <RestoreDialog
          api={api}
          projects={projects}
          onRestored={refresh}
          onOpenMap={(map) => {
            setOpen(false);
            onOpenMap(map.project_id, map.id);
          }}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
