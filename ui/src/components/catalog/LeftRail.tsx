// The left rail: projects with their maps, creating projects, the "New map" dialog, the per-map
// actions (rename, duplicate, move to trash), moving a whole project to the trash, the undo toast
// after either, and the trash view. It collapses to a narrow strip (remembered per person,
// BoardPrefs.ts) so a laptop screen shows more board.
import { type ReactNode, useEffect, useRef, useState } from "react";
import type { HostApi } from "../../api/http";
import { useTranslation } from "../../i18n/useTranslation";
import { reportProjectListPainted } from "../../startup/startupMarks";
import { MAX_PROJECT_NAME_CHARS } from "../../wire/limits";
import type { MapSummary } from "../../wire/MapSummary";
import type { ProjectSummary } from "../../wire/ProjectSummary";
import { RAIL_COLLAPSED_KEY, useRememberedFlag } from "../board/BoardPrefs";
import { RestoreButton } from "../restore/RestoreButton";
import { charLimit } from "../shared/charLimit";
import { ImportBundleButton } from "./ImportBundleButton";
import { NewMapDialog } from "./NewMapDialog";
import { type MapActions, ProjectItem } from "./ProjectItem";
import { TrashDialog } from "./TrashDialog";
import { TrashToast } from "./TrashToast";

/** What was just moved to the trash, for the undo toast. */
interface Trashed {
  id: string;
  name: string;
  message: string;
  restore: () => Promise<unknown>;
  /** The map that was open and went with it, to open again on undo. */
  reopen: { projectId: string; mapId: string } | null;
}

interface Props {
  api: HostApi;
  projects: ProjectSummary[] | null;
  refresh: () => Promise<void>;
  openMapId: string | null;
  onOpenMap: (projectId: string, mapId: string) => void;
  uiLanguage: string;
  onError: (e: unknown) => void;
  /** Takes away the page's error message (an import that worked after one that did not). */
  clearError: () => void;
  onOpenPersonas: (projectId: string) => void;
  /** A map left the catalog (moved to the trash, alone or with its project): close it if open. */
  onMapGone: (mapId: string) => void;
  /** The "Join workshop" button (workshop/joining/JoinWorkshopButton), shown in the rail's foot. */
  join?: ReactNode;
}

export function LeftRail({
  api,
  projects,
  refresh,
  openMapId,
  onOpenMap,
  uiLanguage,
  onError,
  clearError,
  onOpenPersonas,
  onMapGone,
  join,
}: Props) {
  const { t } = useTranslation();
  const listed = projects !== null;
  useEffect(() => {
    if (listed) reportProjectListPainted();
  }, [listed]);
  const [creating, setCreating] = useState(false);
  const newProjectButton = useRef<HTMLButtonElement>(null);
  const [name, setName] = useState("");
  const [dialogFor, setDialogFor] = useState<string | null>(null);
  const [trashOpen, setTrashOpen] = useState(false);
  const [collapsed, toggleCollapsed] = useRememberedFlag(RAIL_COLLAPSED_KEY);
  const [trashed, setTrashed] = useState<Trashed | null>(null);

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

  /** Moves a map or a project to the trash; the maps that went with it close if one is open. */
  const moveToTrash = async (trash: () => Promise<unknown>, gone: MapSummary[], item: Trashed) => {
    try {
      await trash();
      setTrashed(item);
      for (const m of gone) onMapGone(m.id);
      await refresh();
    } catch (e) {
      onError(e);
    }
  };

  const mapActions: MapActions = {
    rename: async (map, title) => {
      try {
        await api.renameMap(map.id, title);
        await refresh();
        return true;
      } catch (e) {
        onError(e);
        return false;
      }
    },
    duplicate: async (map) => {
      try {
        await api.duplicateMap(map.id);
        await refresh();
      } catch (e) {
        onError(e);
      }
    },
    trash: (map) =>
      void moveToTrash(() => api.trashMap(map.id), [map], {
        id: map.id,
        name: map.title || t("rail.untitled"),
        message: t("catalog.toast.trashed"),
        restore: () => api.restoreMap(map.id),
        reopen: map.id === openMapId ? { projectId: map.project_id, mapId: map.id } : null,
      }),
  };

  const trashProject = (project: ProjectSummary) => {
    const open = project.maps.find((m) => m.id === openMapId);
    void moveToTrash(() => api.trashProject(project.id), project.maps, {
      id: project.id,
      name: project.name,
      message: t("catalog.toast.projectTrashed", { name: project.name }),
      restore: () => api.restoreProject(project.id),
      reopen: open ? { projectId: project.id, mapId: open.id } : null,
    });
  };

  const undoTrash = async (item: Trashed) => {
    setTrashed(null);
    try {
      await item.restore();
      await refresh();
      if (item.reopen) onOpenMap(item.reopen.projectId, item.reopen.mapId);
    } catch (e) {
      onError(e);
    }
  };

  const created = (map: MapSummary) => {
    setDialogFor(null);
    void refresh();
    onOpenMap(map.project_id, map.id);
  };

  const collapseButton = (
    <button
      type="button"
      className="icon-button rail-toggle"
      data-testid="rail-toggle"
      aria-expanded={!collapsed}
      aria-controls="left-rail-content"
      aria-label={t(collapsed ? "rail.show" : "rail.hide")}
      title={t(collapsed ? "rail.show" : "rail.hide")}
      onClick={toggleCollapsed}
    >
      {collapsed ? "»" : "«"}
    </button>
  );

  return (
    <aside
      className={collapsed ? "left-rail collapsed" : "left-rail"}
      data-testid="left-rail"
      aria-label={t("rail.projects")}
    >
      {/* The toggle stays mounted across both states, so the keyboard focus stays on it. */}
      <div className="rail-head">
        {collapseButton}
        {!collapsed && <h2>{t("rail.projects")}</h2>}
        {!collapsed && (
          <button
            type="button"
            className="small-button"
            data-testid="new-project"
            ref={newProjectButton}
            onClick={() => setCreating(true)}
          >
            + {t("rail.newProject")}
          </button>
        )}
      </div>
      {/* Hidden rather than unmounted, so a half-typed project name survives a collapse. */}
      <div className="rail-content" id="left-rail-content" hidden={collapsed}>
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
              {...charLimit(MAX_PROJECT_NAME_CHARS, setName)}
              // Opened by the button: the name is typed at once, and Escape gives the focus back.
              // biome-ignore lint/a11y/noAutofocus: the field appears because the person asked for it
              autoFocus
              onKeyDown={(e) => {
                if (e.key !== "Escape") return;
                setCreating(false);
                newProjectButton.current?.focus();
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
              api={api}
              project={p}
              openMapId={openMapId}
              onOpenMap={onOpenMap}
              onRename={rename}
              onNewMap={setDialogFor}
              onOpenPersonas={onOpenPersonas}
              onTrash={trashProject}
              mapActions={mapActions}
            />
          ))}
        </ul>
        <div className="rail-foot">
          <button
            type="button"
            className="small-button"
            data-testid="trash-open"
            onClick={() => {
              setTrashed(null);
              setTrashOpen(true);
            }}
          >
            {t("catalog.trash.open")}
          </button>
          <ImportBundleButton
            api={api}
            refresh={refresh}
            onError={onError}
            clearError={clearError}
          />
          <RestoreButton api={api} projects={projects} refresh={refresh} onOpenMap={onOpenMap} />
          {join}
        </div>
      </div>
      {trashed && (
        <TrashToast
          key={trashed.id}
          title={trashed.name}
          message={trashed.message}
          onUndo={() => void undoTrash(trashed)}
          onClose={() => setTrashed(null)}
        />
      )}
      {trashOpen && (
        <TrashDialog
          api={api}
          language={uiLanguage}
          onRestored={() => void refresh()}
          onClose={() => setTrashOpen(false)}
          onError={onError}
        />
      )}
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
