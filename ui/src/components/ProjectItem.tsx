// One project in the left rail: its name (renamable), its maps with their counts, and "New map".
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ProjectSummary } from "../wire/ProjectSummary";

interface Props {
  project: ProjectSummary;
  openMapId: string | null;
  onOpenMap: (projectId: string, mapId: string) => void;
  onRename: (id: string, name: string) => Promise<void>;
  onNewMap: (projectId: string) => void;
}

export function ProjectItem({ project, openMapId, onOpenMap, onRename, onNewMap }: Props) {
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
            <li key={m.id}>
              <button
                type="button"
                className={m.id === openMapId ? "map-item active" : "map-item"}
                data-testid="map-item"
                data-map-id={m.id}
                aria-current={m.id === openMapId ? "page" : undefined}
                onClick={() => onOpenMap(project.id, m.id)}
              >
                <span className="map-title">{m.title || t("rail.untitled")}</span>
                <span className="map-counts">
                  {[
                    t("rail.stages", { count: m.stage_count }),
                    t("rail.lanes", { count: m.lane_count }),
                    t("rail.cards", { count: m.card_count }),
                  ].join(" · ")}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="small-button"
        data-testid="new-map"
        onClick={() => onNewMap(project.id)}
      >
        + {t("rail.newMap")}
      </button>
    </li>
  );
}
