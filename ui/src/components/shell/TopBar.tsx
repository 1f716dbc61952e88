// The top bar: where you are (project › map), whether edits are saved, undo/redo, export,
// language, theme, the address others can join at and who is on the map.
import type { ReactNode } from "react";
import { useTranslation } from "../../i18n/useTranslation";
import type { RoomSync } from "../../sync/room";
import { BrowserLink } from "./BrowserLink";
import { LanguageMenu } from "./LanguageMenu";
import { SaveState } from "./SaveState";
import { ThemeToggle } from "./ThemeToggle";

interface Props {
  projectName: string | null;
  mapTitle: string | null;
  /** The open map's language, which its title is written and drawn in (base.css `:lang`). */
  mapLanguage?: string | null;
  /** The open map's room, whose save state is shown; null with no map open. */
  room: RoomSync | null;
  onDismissError: () => void;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  language: string;
  onLanguage: (l: string) => void;
  theme: string;
  onTheme: (t: string) => void;
  browserUrl: string;
  /** Opens the export dialog; null when no map is open. */
  onExport: (() => void) | null;
  /** The workshop entry (workshop/hosting/HostingControls): "Host a workshop" or its status. */
  workshop?: ReactNode;
  /** Who is on the open map (presence/PresenceBar). */
  people?: ReactNode;
  /** The workshop timer (components/timer/WorkshopTimer). */
  timer?: ReactNode;
}

export function TopBar(p: Props) {
  const { t } = useTranslation();
  return (
    <header className="top-bar">
      <strong className="brand">{t("app.title")}</strong>
      <nav className="breadcrumb" aria-label="breadcrumb">
        {p.projectName && <span>{p.projectName}</span>}
        {p.projectName && <span aria-hidden="true"> › </span>}
        <span className="breadcrumb-map" lang={(p.mapTitle && p.mapLanguage) || undefined}>
          {p.mapTitle ?? t("app.noMap")}
        </span>
      </nav>
      {p.room && <SaveState room={p.room} onDismiss={p.onDismissError} />}
      <div className="top-actions">
        {p.people}
        {p.timer}
        {p.workshop}
        <button
          type="button"
          className="icon-button"
          data-testid="undo"
          onClick={p.onUndo}
          disabled={!p.canUndo}
          title={t("history.undo")}
          aria-label={t("history.undo")}
        >
          ↶
        </button>
        <button
          type="button"
          className="icon-button"
          data-testid="redo"
          onClick={p.onRedo}
          disabled={!p.canRedo}
          title={t("history.redo")}
          aria-label={t("history.redo")}
        >
          ↷
        </button>
        {p.onExport && (
          <button
            type="button"
            className="small-button"
            data-testid="export-open"
            onClick={p.onExport}
          >
            {t("catalog.export.open")}
          </button>
        )}
        <BrowserLink url={p.browserUrl} />
        <LanguageMenu value={p.language} onChange={p.onLanguage} />
        <ThemeToggle value={p.theme} onChange={p.onTheme} />
      </div>
    </header>
  );
}
