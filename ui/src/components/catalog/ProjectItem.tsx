// One project in the left rail: its name and "⋯" menu (rename; move to the trash with its maps,
// after a confirmation that says how many go with it), its maps (thumbnail, counts, per-map menu),
// "New map" and the project's personas.
import { useEffect, useRef, useState } from "react";
import type { HostApi } from "../../api/http";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_PROJECT_NAME_CHARS } from "../../wire/limits";
import type { MapSummary } from "../../wire/MapSummary";
import type { ProjectSummary } from "../../wire/ProjectSummary";
import { BoardPopover } from "../board/BoardPopover";
import { BoardConfirm } from "../shared/BoardConfirm";
import { charLimit } from "../shared/charLimit";
import { MapItem } from "./MapItem";
import { TRASH_DAYS } from "./TrashDialog";

export interface MapActions {
  rename: (map: MapSummary, title: string) => Promise<boolean>;
  duplicate: (map: MapSummary) => void;
  trash: (map: MapSummary) => void;
}

interface Props {
  api: HostApi;
  project: ProjectSummary;
  openMapId: string | null;
  onOpenMap: (projectId: string, mapId: string) => void;
  onRename: (id: string, name: string) => Promise<void>;
  onNewMap: (projectId: string) => void;
  onOpenPersonas: (projectId: string) => void;
  /** Moves the project and its maps to the trash (asked for and confirmed here). */
  onTrash: (project: ProjectSummary) => void;
  mapActions: MapActions;
}

export function ProjectItem({
  api,
  project,
  openMapId,
  onOpenMap,
  onRename,
  onNewMap,
  onOpenPersonas,
  onTrash,
  mapActions,
}: Props) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(project.name);
  const [menu, setMenu] = useState(false);
  const [confirmingTrash, setConfirmingTrash] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const menuLabel = t("catalog.project.menu", { name: project.name });

  useEffect(() => {
    if (menu) menuButton.current?.parentElement?.querySelector<HTMLElement>(".menu-item")?.focus();
  }, [menu]);

  const pick = (fn: () => void) => () => {
    setMenu(false);
    fn();
  };

  return (
    <li className="project" data-testid="project-item" data-project-id={project.id}>
      {editing ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) void onRename(project.id, name.trim()).then(() => setEditing(false));
          }}
        >
          <input
            aria-label={t("rail.projectName")}
            // biome-ignore lint/a11y/noAutofocus: the rename was just asked for
            autoFocus
            value={name}
            {...charLimit(MAX_PROJECT_NAME_CHARS, setName)}
            onKeyDown={(e) => {
              if (e.key === "Escape") setEditing(false);
            }}
          />
          <button type="submit" className="small-button">
            {t("rail.save")}
          </button>
        </form>
      ) : (
        <div className="project-head">
          <span className="project-name">{project.name}</span>
          <button
            ref={menuButton}
            type="button"
            className="icon-button map-menu-button"
            data-testid="project-menu"
            aria-haspopup="true"
            aria-expanded={menu}
            aria-label={menuLabel}
            title={menuLabel}
            onClick={() => setMenu((m) => !m)}
          >
            ⋯
          </button>
          {menu && (
            <BoardPopover
              label={menuLabel}
              className="project-menu"
              onClose={() => setMenu(false)}
              toggle={menuButton}
            >
              <button
                type="button"
                className="menu-item"
                data-testid="rename-project"
                onClick={pick(() => {
                  setName(project.name);
                  setEditing(true);
                })}
              >
                {t("rail.rename")}
              </button>
              <button
                type="button"
                className="menu-item danger-text"
                data-testid="trash-project"
                onClick={pick(() => setConfirmingTrash(true))}
              >
                {t("catalog.project.trash")}
              </button>
            </BoardPopover>
          )}
        </div>
      )}
      {confirmingTrash && (
        <BoardConfirm
          req={{
            message: t("catalog.project.confirmTrash", {
              name: project.name,
              count: project.maps.length,
              days: TRASH_DAYS,
            }),
            okLabel: t("catalog.project.trashOk"),
            onOk: () => onTrash(project),
          }}
          onClose={() => {
            setConfirmingTrash(false);
            menuButton.current?.focus();
          }}
        />
      )}
      {project.maps.length === 0 ? (
        <p className="empty-hint">{t("rail.emptyMaps")}</p>
      ) : (
        <ul className="map-list">
          {project.maps.map((m) => (
            <MapItem
              key={m.id}
              api={api}
              map={m}
              active={m.id === openMapId}
              onOpen={() => onOpenMap(project.id, m.id)}
              onRename={(title) => mapActions.rename(m, title)}
              onDuplicate={() => mapActions.duplicate(m)}
              onDelete={() => mapActions.trash(m)}
            />
          ))}
        </ul>
      )}
      <div className="project-actions">
        <button
          type="button"
          className="small-button"
          data-testid="new-map"
          onClick={() => onNewMap(project.id)}
        >
          + {t("rail.newMap")}
        </button>
        <button
          type="button"
          className="small-button"
          data-testid="personas-open"
          onClick={() => onOpenPersonas(project.id)}
        >
          {t("catalog.persona.open")}
        </button>
      </div>
    </li>
  );
}
