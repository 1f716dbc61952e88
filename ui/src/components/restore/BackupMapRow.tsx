// One map in a backup: its title and counts, and "Restore this map". Restoring asks first, saying
// the map comes back as a new map next to the current ones and nothing is overwritten; afterwards
// it says where the map now is and offers to open it. The focus follows each step.
import { useEffect, useId, useRef, useState } from "react";
import { errorText } from "../../api/errorText";
import { languageFromLocale } from "../../i18n";
import { useTranslation } from "../../i18n/useTranslation";
import type { MapSummary } from "../../wire/MapSummary";
import type { ProjectSummary } from "../../wire/ProjectSummary";

type Step =
  | { step: "idle" }
  | { step: "confirming" }
  | { step: "restoring" }
  | { step: "done"; map: MapSummary }
  | { step: "failed"; message: string };

interface Props {
  map: MapSummary;
  /** The project the map was in, as the backup holds it. */
  project: ProjectSummary;
  /** When the backup was made, as the screen shows it. */
  date: string;
  /** Brings the map back (a new map) and refreshes the project list. */
  restore: () => Promise<MapSummary>;
  /** The current name of a project, once the list has refreshed. */
  projectName: (projectId: string) => string | undefined;
  onOpen: (map: MapSummary) => void;
}

export function BackupMapRow({ map, project, date, restore, projectName, onOpen }: Props) {
  const { t } = useTranslation();
  const [s, setS] = useState<Step>({ step: "idle" });
  const nameId = useId();
  const title = map.title || t("rail.untitled");

  // The button that was pressed goes away with each step: the focus moves to the next one.
  const acted = useRef(false);
  const action = useRef<HTMLButtonElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const open = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!acted.current) return;
    if (s.step === "confirming") confirm.current?.focus();
    else if (s.step === "done") open.current?.focus();
    else if (s.step === "idle" || s.step === "failed") action.current?.focus();
  }, [s.step]);
  const go = (next: Step) => {
    acted.current = true;
    setS(next);
  };

  const run = async () => {
    if (s.step === "restoring") return;
    go({ step: "restoring" });
    try {
      go({ step: "done", map: await restore() });
    } catch (e) {
      go({ step: "failed", message: errorText(e, t) });
    }
  };

  let result = "";
  if (s.step === "done") {
    const here = s.map.project_id === project.id;
    const where = projectName(s.map.project_id) ?? (here ? project.name : "");
    result = t(here ? "catalog.restore.restoredHere" : "catalog.restore.restoredNew", {
      title: s.map.title,
      project: where,
    });
  }

  return (
    <li className="backup-map" data-testid="backup-map" data-map-id={map.id}>
      <div className="backup-map-text">
        <span
          id={nameId}
          className="map-title"
          lang={map.title ? languageFromLocale(map.locale) : undefined}
        >
          {title}
        </span>
        <span className="map-counts">
          {[
            t("rail.stages", { count: map.stage_count }),
            t("rail.lanes", { count: map.lane_count }),
            t("rail.cards", { count: map.card_count }),
          ].join(" · ")}
        </span>
      </div>
      {(s.step === "idle" || s.step === "failed") && (
        <button
          ref={action}
          type="button"
          className="small-button"
          data-testid="restore-map"
          aria-describedby={nameId}
          onClick={() => go({ step: "confirming" })}
        >
          {t("catalog.restore.restoreMap")}
        </button>
      )}
      {(s.step === "confirming" || s.step === "restoring") && (
        <fieldset
          className="backup-map-confirm"
          aria-labelledby={`${nameId}-q`}
          data-testid="restore-confirm"
          onKeyDown={(e) => {
            // Escape takes back the question, not the whole screen.
            if (e.key === "Escape" && !e.nativeEvent.isComposing && s.step === "confirming") {
              e.stopPropagation();
              go({ step: "idle" });
            }
          }}
        >
          <p id={`${nameId}-q`}>{t("catalog.restore.confirmRestore", { title, date })}</p>
          <div className="backup-map-actions">
            <button
              ref={confirm}
              type="button"
              className="primary-button"
              data-testid="restore-map-confirm"
              aria-describedby={`${nameId}-q`}
              aria-busy={s.step === "restoring"}
              onClick={() => void run()}
            >
              {s.step === "restoring"
                ? t("catalog.restore.restoring")
                : t("catalog.restore.confirm")}
            </button>
            <button
              type="button"
              className="small-button"
              disabled={s.step === "restoring"}
              onClick={() => go({ step: "idle" })}
            >
              {t("catalog.restore.cancel")}
            </button>
          </div>
        </fieldset>
      )}
      {s.step === "done" && (
        <div className="backup-map-done" role="status" data-testid="restore-done">
          <p>✓ {result}</p>
          <button
            ref={open}
            type="button"
            className="primary-button"
            data-testid="restore-open-map"
            onClick={() => onOpen(s.map)}
          >
            {t("catalog.restore.openRestored")}
          </button>
        </div>
      )}
      {s.step === "failed" && (
        <p className="restore-error" role="alert" data-testid="restore-map-error">
          {t("catalog.restore.failedRestore", { message: s.message })}
        </p>
      )}
    </li>
  );
}
