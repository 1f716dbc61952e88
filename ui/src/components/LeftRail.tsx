// The left rail: projects with their maps, creating projects, and opening the "New map" dialog.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { HostApi } from "../api/http";
import type { MapSummary } from "../wire/MapSummary";
import type { ProjectSummary } from "../wire/ProjectSummary";
import { NewMapDialog } from "./NewMapDialog";
import { ProjectItem } from "./ProjectItem";

interface Props {
  api: HostApi;
  projects: ProjectSummary[] | null;
  refresh: () => Promise<void>;
  openMapId: string | null;
  onOpenMap: (projectId: string, mapId: string) => void;
  uiLanguage: string;
  onError: (e: unknown) => void;
}

export function LeftRail({
  api,
  projects,
  refresh,
  openMapId,
  onOpenMap,
  uiLanguage,
  onError,
}: Props) {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState("");
  const [dialogFor, setDialogFor] = useState<string | null>(null);

  const createProject = async () => {
    if (!name.trim()) return;
    try {
      await api.createProject(name.trim());
      setName("");
      setCreating(false);
      await refresh();
    } catch (e) {
      onError(e);
    }
  };

  const rename = async (id: string, newName: string) => {
    try {
      await api.renameProject(id, newName);
      await refresh();
    } catch (e) {
      onError(e);
    }
  };

  const created = (map: MapSummary) => {
    setDialogFor(null);
    void refresh();
    onOpenMap(map.project_id, map.id);
  };

  return (
    <aside className="left-rail">
      <div className="rail-head">
        <h2>{t("rail.projects")}</h2>
        <button
          type="button"
          className="small-button"
          data-testid="new-project"
          onClick={() => setCreating(true)}
        >
          + {t("rail.newProject")}
        </button>
      </div>
      {creating && (
        <form
          className="row new-project-form"
          onSubmit={(e) => {
            e.preventDefault();
            void createProject();
          }}
        >
          <input
            aria-label={t("rail.projectName")}
            placeholder={t("rail.projectName")}
            data-testid="project-name"
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") setCreating(false);
            }}
          />
          <button type="submit" className="primary-button" data-testid="create-project">
            {t("rail.create")}
          </button>
        </form>
      )}
      {projects !== null && projects.length === 0 && !creating && (
        <button type="button" className="empty-state" onClick={() => setCreating(true)}>
          {t("rail.emptyProjects")}
        </button>
      )}
      <ul className="project-list">
        {(projects ?? []).map((p) => (
          <ProjectItem
            key={p.id}
            project={p}
            openMapId={openMapId}
            onOpenMap={onOpenMap}
            onRename={rename}
            onNewMap={setDialogFor}
          />
        ))}
      </ul>
      {dialogFor && (
        <NewMapDialog
          api={api}
          projectId={dialogFor}
          uiLanguage={uiLanguage}
          onCreated={created}
          onClose={() => setDialogFor(null)}
          onError={onError}
        />
      )}
    </aside>
  );
}
