// The trash view: deleted projects (each with its maps) and deleted maps across projects, newest
// first, to restore or delete for good. The host deletes for good whatever has been in the trash
// longer than TRASH_DAYS, so the view says so.
import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import type { HostApi } from "../../api/http";
import { useEscape } from "../../hooks/useEscape";
import { useModalFocus } from "../../hooks/useModalFocus";
import { useTrash } from "../../hooks/useTrash";
import { useTranslation } from "../../i18n/useTranslation";
import type { TrashedProject } from "../../wire/TrashedProject";
import { TrashItem } from "./TrashItem";

/** Days the host keeps what is in the trash before deleting it for good (docs/host-api.md). */
export const TRASH_DAYS = 30;

interface Props {
  api: HostApi;
  language: string;
  /** A map or a project came back: the project list should show it again. */
  onRestored: () => void;
  onClose: () => void;
  onError: (e: unknown) => void;
}

/** The trashed projects (the host lists them newest first); empty if they cannot be loaded. */
function useTrashedProjects(api: HostApi, onError: (e: unknown) => void) {
  const [items, setItems] = useState<TrashedProject[] | null>(null);
  const refresh = useCallback(async () => {
    try {
      const list = await api.trashedProjects();
      if (!Array.isArray(list)) throw new Error("unexpected answer from /api/trash/projects");
      setItems(list);
    } catch (e) {
      setItems((cur) => cur ?? []);
      onError(e);
    }
  }, [api, onError]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return { items, refresh };
}

export function TrashDialog({ api, language, onRestored, onClose, onError }: Props) {
  const dialogRef = useRef<HTMLDivElement>(null);
  const keepFocusInside = useModalFocus(dialogRef);
  const { t } = useTranslation();
  useEscape(onClose);
  const { items: maps, refresh: refreshMaps } = useTrash(api, onError);
  const { items: projects, refresh: refreshProjects } = useTrashedProjects(api, onError);

  /** Restores or purges one item, then shows the trash as it now is. */
  const change = async (act: () => Promise<unknown>, restores: boolean) => {
    try {
      await act();
      if (restores) onRestored();
    } catch (e) {
      onError(e);
    }
    await Promise.all([refreshMaps(), refreshProjects()]);
  };

  const days = TRASH_DAYS;
  let body: ReactNode;
  if (maps === null || projects === null) {
    body = <p className="muted">{t("catalog.trash.loading")}</p>;
  } else if (maps.length === 0 && projects.length === 0) {
    body = (
      <p className="empty-hint" data-testid="trash-empty">
        {t("catalog.trash.empty", { days })}
      </p>
    );
  } else {
    body = (
      <>
        <p className="muted trash-retention" data-testid="trash-retention">
          {t("catalog.trash.retention", { days })}
        </p>
        <div className="trash-sections">
          {projects.length > 0 && (
            <section aria-labelledby="trash-projects-title">
              <h3 id="trash-projects-title">{t("catalog.trash.projects")}</h3>
              <ul className="trash-list" data-testid="trash-projects">
                {projects.map(({ project, deleted_at }) => (
                  <TrashItem
                    key={project.id}
                    kind="project"
                    id={project.id}
                    title={project.name}
                    detail={t("catalog.trash.mapCount", { count: project.maps.length })}
                    deletedAt={deleted_at}
                    confirmPurge={t("catalog.trash.confirmPurgeProject", {
                      title: project.name,
                      count: project.maps.length,
                    })}
                    language={language}
                    onRestore={() => void change(() => api.restoreProject(project.id), true)}
                    onPurge={() => void change(() => api.purgeProject(project.id), false)}
                  />
                ))}
              </ul>
            </section>
          )}
          {maps.length > 0 && (
            <section aria-labelledby="trash-maps-title">
              <h3 id="trash-maps-title">{t("catalog.trash.maps")}</h3>
              <ul className="trash-list" data-testid="trash-maps">
                {maps.map(({ map, project_name, deleted_at }) => {
                  const title = map.title || t("rail.untitled");
                  return (
                    <TrashItem
                      key={map.id}
                      kind="map"
                      id={map.id}
                      title={title}
                      detail={t("catalog.trash.from", { project: project_name })}
                      deletedAt={deleted_at}
                      confirmPurge={t("catalog.trash.confirmPurge", { title })}
                      language={language}
                      onRestore={() => void change(() => api.restoreMap(map.id), true)}
                      onPurge={() => void change(() => api.purgeMap(map.id), false)}
                    />
                  );
                })}
              </ul>
            </section>
          )}
        </div>
      </>
    );
  }

  return (
    <div className="dialog-backdrop">
      <div
        ref={dialogRef}
        tabIndex={-1}
        onKeyDown={keepFocusInside}
        className="dialog trash-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="trash-title"
        data-testid="trash-dialog"
      >
        <h2 id="trash-title">{t("catalog.trash.title")}</h2>
        {body}
        <div className="dialog-actions">
          <button type="button" className="small-button" onClick={onClose}>
            {t("catalog.trash.close")}
          </button>
        </div>
      </div>
    </div>
  );
}
