// The participant's slim top bar: the workshop's map title, whether their edits are saved, who else
// is here, undo and redo (only while they may edit), who they are (colour, name, role — or
// read-only while editing is off), language and theme. No catalog, export or hosting: those
// belong to the facilitator. On a phone the bar is two rows (participant.css) and the language and
// theme end the first: they come in that place in the page too, so Tab goes through the bar in the
// order it is read.

import type { ReactNode } from "react";
import { LanguageMenu } from "../../components/shell/LanguageMenu";
import { SaveState } from "../../components/shell/SaveState";
import { ThemeToggle } from "../../components/shell/ThemeToggle";
import { PHONE_QUERY, useMediaQuery } from "../../hooks/useMediaQuery";
import { useTranslation } from "../../i18n/useTranslation";
import type { RoomSync } from "../../sync/room";
import type { Role } from "../../wire/Role";

interface Props {
  mapTitle: string;
  /** The map's language, which its title is written and drawn in (base.css `:lang`). */
  mapLanguage?: string | null;
  /** Null once the workshop is over: nothing is being saved any more. */
  room: RoomSync | null;
  onDismissError: () => void;
  name: string;
  color: string;
  role: Role;
  /** Editing is off (the map is locked, the workshop ended, they were removed): said on the badge. */
  readOnly: boolean;
  /** Undo/redo, or null while read-only. */
  history: { canUndo: boolean; canRedo: boolean; undo: () => void; redo: () => void } | null;
  /** Who else is on the map (presence avatars). */
  people?: ReactNode;
  /** The workshop timer, read-only here (components/timer/WorkshopTimer). */
  timer?: ReactNode;
  language: string;
  onLanguage: (l: string) => void;
  theme: string;
  onTheme: (t: string) => void;
}

export function ParticipantTopBar(p: Props) {
  const { t } = useTranslation();
  const phone = useMediaQuery(PHONE_QUERY);
  // An editor who may not edit right now is not shown as "Editor": the badge says what holds now.
  const role =
    p.readOnly && p.role !== "viewer"
      ? t("participant.role.readOnly")
      : t(`participant.role.${p.role}`);
  return (
    <header className="top-bar participant-top-bar">
      <strong className="brand">{t("app.title")}</strong>
      <span
        className="breadcrumb-map participant-title"
        data-testid="participant-map-title"
        lang={p.mapLanguage || undefined}
      >
        {p.mapTitle}
      </span>
      {p.room && <SaveState room={p.room} onDismiss={p.onDismissError} />}
      {phone && <Preferences {...p} />}
      <div className="top-actions">
        {p.people}
        {p.timer}
        {p.history && (
          // One piece, so that on a narrow screen undo and redo wrap together.
          <span className="history-buttons">
            <button
              type="button"
              className="icon-button"
              data-testid="undo"
              onClick={p.history.undo}
              disabled={!p.history.canUndo}
              title={t("history.undo")}
              aria-label={t("history.undo")}
            >
              ↶
            </button>
            <button
              type="button"
              className="icon-button"
              data-testid="redo"
              onClick={p.history.redo}
              disabled={!p.history.canRedo}
              title={t("history.redo")}
              aria-label={t("history.redo")}
            >
              ↷
            </button>
          </span>
        )}
        <span
          className="participant-me"
          data-testid="participant-me"
          data-role={p.role}
          data-read-only={p.readOnly}
          title={t("participant.you", { name: p.name, role })}
        >
          <span className="participant-me-dot" style={{ background: p.color }} aria-hidden="true" />
          <span className="participant-me-name">{p.name}</span>
          <span className="participant-role" data-testid="participant-role">
            {role}
          </span>
        </span>
        {!phone && <Preferences {...p} />}
      </div>
    </header>
  );
}

function Preferences(p: Pick<Props, "language" | "onLanguage" | "theme" | "onTheme">) {
  return (
    <span className="participant-prefs">
      <LanguageMenu value={p.language} onChange={p.onLanguage} />
      <ThemeToggle value={p.theme} onChange={p.onTheme} />
    </span>
  );
}
