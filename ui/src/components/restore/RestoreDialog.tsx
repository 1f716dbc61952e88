// The Restore screen: the backups Wayline has made of the data file, a "Back up now", and for the
// selected backup what it holds, so a facilitator can bring back one map (as a new map next to the
// current ones) after checking it is the right one, or put the whole file back (in the desktop
// window a button that restarts Wayline; in a browser the command to run with Wayline closed). A
// modal dialog: Escape or Close shuts it and the focus goes back to the button that opened it.
// "Export everything…" next to "Back up now" writes every project out as a `.wayline` file to keep
// elsewhere (a folder in the desktop window, downloads in a browser). At its foot, "For a bug
// report": Copy diagnostics.
import { type ReactNode, useId, useMemo, useRef, useState } from "react";
import { backUpNow, restoreMapFromBackup } from "../../api/backups";
import { errorText } from "../../api/errorText";
import { desktopShell } from "../../api/export";
import type { HostApi } from "../../api/http";
import { useBackupContents, useBackupList } from "../../hooks/useBackups";
import { useEscape } from "../../hooks/useEscape";
import { useExportEverything } from "../../hooks/useExportEverything";
import { useModalFocus } from "../../hooks/useModalFocus";
import { useTranslation } from "../../i18n/useTranslation";
import type { MapSummary } from "../../wire/MapSummary";
import type { ProjectSummary } from "../../wire/ProjectSummary";
import { ExportEverythingErrors, ExportEverythingNotice } from "../export/ExportEverythingNotice";
import { BackupContentsView } from "./BackupContentsView";
import { BackupList } from "./BackupList";
import { formatBackupTime, formatBackupTimes } from "./backupFormat";
import { DiagnosticsReport } from "./DiagnosticsReport";

interface Props {
  api: HostApi;
  /** The current projects (the rail's), to name where a restored map went. */
  projects: ProjectSummary[] | null;
  /** A map came back: the project list should show it. */
  onRestored: () => Promise<void>;
  onOpenMap: (map: MapSummary) => void;
  onClose: () => void;
}

type Making =
  | { step: "idle" }
  | { step: "busy" }
  | { step: "done"; date: string }
  | { step: "failed"; message: string };

export function RestoreDialog({ api, projects, onRestored, onOpenMap, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const titleId = useId();
  const introId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const keepFocusInside = useModalFocus(dialog);
  useEscape(onClose);

  const { backups, error, reload } = useBackupList(api);
  const { byName, load } = useBackupContents(api);
  const [selected, setSelected] = useState<string | null>(null);
  const [making, setMaking] = useState<Making>({ step: "idle" });
  const exportAll = useExportEverything(api);
  const exporting = exportAll.state.step === "busy";
  const inDesktop = desktopShell() !== null;

  const times = useMemo(() => (backups ?? []).map((b) => b.created_at_ms), [backups]);
  const dates = useMemo(() => formatBackupTimes(times, language), [times, language]);

  const select = (name: string) => {
    setSelected(name);
    const state = byName[name];
    if (!state || state.status === "failed") void load(name);
  };

  const makeBackup = async () => {
    setMaking({ step: "busy" });
    try {
      const made = await backUpNow(api);
      await reload();
      setMaking({ step: "done", date: formatBackupTime(made.created_at_ms, language) });
      select(made.name);
    } catch (e) {
      setMaking({ step: "failed", message: errorText(e, t) });
    }
  };

  const restore = async (name: string, mapId: string) => {
    const map = await restoreMapFromBackup(api, name, mapId);
    await onRestored();
    return map;
  };
  const projectName = (id: string) => projects?.find((p) => p.id === id)?.name;

  let body: ReactNode;
  if (backups === null) {
    body = error ? null : <p className="muted">{t("catalog.restore.loading")}</p>;
  } else if (backups.length === 0) {
    body = (
      <p className="empty-hint restore-empty" data-testid="restore-empty">
        {t("catalog.restore.empty")}
      </p>
    );
  } else {
    const index = backups.findIndex((b) => b.name === selected);
    const current = backups[index];
    body = (
      <div className="restore-panes">
        <BackupList
          backups={backups}
          dates={dates}
          selected={selected}
          contents={byName}
          language={language}
          onSelect={select}
        />
        {current ? (
          <BackupContentsView
            key={current.name}
            backup={current}
            date={dates[index] ?? ""}
            state={byName[current.name]}
            restore={(mapId) => restore(current.name, mapId)}
            projectName={projectName}
            onOpen={onOpenMap}
          />
        ) : (
          <p className="muted restore-pick" data-testid="restore-pick">
            {t("catalog.restore.pick")}
          </p>
        )}
      </div>
    );
  }

  return (
    <div className="dialog-backdrop">
      <div
        ref={dialog}
        className="dialog restore-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={introId}
        tabIndex={-1}
        data-testid="restore-dialog"
        onKeyDown={keepFocusInside}
      >
        <div className="restore-head">
          <h2 id={titleId}>{t("catalog.restore.title")}</h2>
          <div className="restore-head-actions">
            <button
              type="button"
              className="small-button"
              data-testid="backup-now"
              aria-busy={making.step === "busy"}
              disabled={making.step === "busy"}
              onClick={() => void makeBackup()}
            >
              {making.step === "busy"
                ? t("catalog.restore.backingUp")
                : t("catalog.restore.backUpNow")}
            </button>
            <button
              type="button"
              className="small-button"
              data-testid="export-everything"
              aria-busy={exporting}
              disabled={exporting}
              onClick={() => void exportAll.run()}
            >
              {exporting ? t("catalog.restore.exportingAll") : t("catalog.restore.exportAll")}
            </button>
          </div>
        </div>
        <p id={introId} className="muted restore-intro">
          {t("catalog.restore.intro")}
        </p>
        <p className="muted restore-intro" data-testid="export-everything-hint">
          {inDesktop
            ? t("catalog.restore.exportAllHintDesktop")
            : t("catalog.restore.exportAllHintBrowser")}
        </p>
        <div aria-live="polite" className="restore-notices">
          {making.step === "done" && (
            <p className="restore-made" data-testid="backup-made">
              ✓ {t("catalog.restore.backedUp", { date: making.date })}
            </p>
          )}
          <ExportEverythingNotice state={exportAll.state} />
        </div>
        <ExportEverythingErrors state={exportAll.state} />
        {making.step === "failed" && (
          <p className="restore-error" role="alert" data-testid="backup-now-error">
            {t("catalog.restore.failedBackup", { message: making.message })}
          </p>
        )}
        {error && (
          <p className="restore-error" role="alert" data-testid="backup-list-error">
            {t("catalog.restore.failedList", { message: error })}
          </p>
        )}
        {body}
        <DiagnosticsReport api={api} />
        <div className="dialog-actions">
          <button
            type="button"
            className="small-button"
            data-testid="restore-close"
            onClick={onClose}
          >
            {t("catalog.restore.close")}
          </button>
        </div>
      </div>
    </div>
  );
}
