// A project's personas: the list (avatar, name, role) beside the form that creates or edits one.
import { useRef, useState } from "react";
import type { HostApi } from "../../api/http";
import { useEscape } from "../../hooks/useEscape";
import { useModalFocus } from "../../hooks/useModalFocus";
import { usePersonas } from "../../hooks/usePersonas";
import { useTranslation } from "../../i18n/useTranslation";
import type { Persona } from "../../wire/Persona";
import { PersonaAvatar } from "./PersonaAvatar";
import { PersonaForm } from "./PersonaForm";

interface Props {
  api: HostApi;
  projectId: string;
  projectName: string;
  onChanged: () => void;
  onClose: () => void;
  onError: (e: unknown) => void;
}

/** What the form shows: nothing, a new persona, or the persona with this id. */
type Editing = null | "new" | string;

export function PersonaPanel({ api, projectId, projectName, onChanged, onClose, onError }: Props) {
  const dialogRef = useRef<HTMLDivElement>(null);
  const keepFocusInside = useModalFocus(dialogRef);
  const { t } = useTranslation();
  useEscape(onClose);
  const { personas, refresh } = usePersonas(api, projectId, onError);
  const [editing, setEditing] = useState<Editing>(null);
  const current: Persona | null =
    editing && editing !== "new" ? (personas?.find((p) => p.id === editing) ?? null) : null;

  const after = async (next: Editing) => {
    await refresh();
    setEditing(next);
    onChanged();
  };

  return (
    <div className="dialog-backdrop">
      <div
        ref={dialogRef}
        tabIndex={-1}
        onKeyDown={keepFocusInside}
        className="dialog persona-panel"
        role="dialog"
        aria-modal="true"
        aria-labelledby="persona-panel-title"
        data-testid="persona-panel"
      >
        <h2 id="persona-panel-title">{t("catalog.persona.title", { project: projectName })}</h2>
        <div className="persona-columns">
          <div className="persona-list-column">
            <button
              type="button"
              className="small-button"
              data-testid="new-persona"
              onClick={() => setEditing("new")}
            >
              + {t("catalog.persona.new")}
            </button>
            {personas !== null && personas.length === 0 && (
              <p className="empty-hint">{t("catalog.persona.empty")}</p>
            )}
            <ul className="persona-list">
              {(personas ?? []).map((p) => (
                <li key={p.id}>
                  <button
                    type="button"
                    className={p.id === editing ? "persona-item active" : "persona-item"}
                    data-testid="persona-item"
                    data-persona-id={p.id}
                    onClick={() => setEditing(p.id)}
                  >
                    <PersonaAvatar api={api} persona={p} />
                    <span className="persona-text">
                      <span className="persona-name">{p.name}</span>
                      {p.role && <span className="map-counts">{p.role}</span>}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
          {editing !== null && (editing === "new" || current) && (
            <PersonaForm
              key={`${editing}:${current?.updated_at ?? 0}`}
              api={api}
              projectId={projectId}
              persona={current}
              onSaved={(p) => void after(p.id)}
              onDeleted={() => void after(null)}
              onCancel={() => setEditing(null)}
              onError={onError}
            />
          )}
        </div>
        <div className="dialog-actions">
          <button type="button" className="small-button" onClick={onClose}>
            {t("catalog.persona.close")}
          </button>
        </div>
      </div>
    </div>
  );
}
