// What the selected backup holds, before anything is restored: its projects with their maps and
// each map's counts, a "Restore this map" per map, and putting the whole file back instead.
import { type ReactNode, useId } from "react";
import type { ContentsState } from "../../hooks/useBackups";
import { useTranslation } from "../../i18n/useTranslation";
import type { BackupInfo } from "../../wire/BackupInfo";
import type { MapSummary } from "../../wire/MapSummary";
import { BackupMapRow } from "./BackupMapRow";
import { backupTotals } from "./backupFormat";
import { WholeFileRestore } from "./WholeFileRestore";

interface Props {
  backup: BackupInfo;
  /** When it was made, as the list shows it. */
  date: string;
  state: ContentsState | undefined;
  restore: (mapId: string) => Promise<MapSummary>;
  projectName: (projectId: string) => string | undefined;
  onOpen: (map: MapSummary) => void;
}

export function BackupContentsView({ backup, date, state, restore, projectName, onOpen }: Props) {
  const { t } = useTranslation();
  const titleId = useId();
  let body: ReactNode;
  if (!state || state.status === "loading") {
    body = <p className="muted">{t("catalog.restore.reading")}</p>;
  } else if (state.status === "failed") {
    body = (
      <p className="restore-error" role="alert" data-testid="backup-contents-error">
        {t("catalog.restore.failedRead", { message: state.message })}
      </p>
    );
  } else if (state.contents.projects.length === 0) {
    body = <p className="empty-hint">{t("catalog.restore.noProjects")}</p>;
  } else {
    const totals = backupTotals(state.contents);
    body = (
      <>
        <p className="map-counts" data-testid="backup-totals">
          {t("catalog.restore.projectCount", { count: totals.projects })} ·{" "}
          {t("catalog.restore.mapCount", { count: totals.maps })}
        </p>
        <ul className="backup-projects">
          {state.contents.projects.map((project) => (
            <li key={project.id} className="backup-project" data-testid="backup-project">
              <h4 className="project-name">{project.name}</h4>
              {project.maps.length === 0 ? (
                <p className="empty-hint">{t("catalog.restore.noMaps")}</p>
              ) : (
                <ul className="backup-maps">
                  {project.maps.map((map) => (
                    <BackupMapRow
                      key={map.id}
                      map={map}
                      project={project}
                      date={date}
                      restore={() => restore(map.id)}
                      projectName={projectName}
                      onOpen={onOpen}
                    />
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      </>
    );
  }
  return (
    <section
      className="restore-contents"
      aria-labelledby={titleId}
      aria-busy={!state || state.status === "loading"}
      data-testid="backup-contents"
      data-backup-name={backup.name}
    >
      <h3 id={titleId}>{t("catalog.restore.holds", { date })}</h3>
      {body}
      <WholeFileRestore name={backup.name} date={date} />
    </section>
  );
}
