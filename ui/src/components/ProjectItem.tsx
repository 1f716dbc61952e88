// One project in the left rail: its name (renamable), its maps (thumbnail, counts, per-map menu),
// "New map" and the project's personas.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { HostApi } from "../api/http";
import type { MapSummary } from "../wire/MapSummary";
import type { ProjectSummary } from "../wire/ProjectSummary";
import { MapItem } from "./MapItem";

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
  mapActions,
}: Props) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(project.name);

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
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
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
            type="button"
            className="link-button"
            aria-label={t("rail.renameProject", { name: project.name })}
            onClick={() => {
              setName(project.name);
              setEditing(true);
            }}
          >
            {t("rail.rename")}
          </button>
        </div>
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
