// The versions of the open map: save the map as it is now under a name ("Workshop 1"), and for
// each saved version (newest first) view it read-only, compare it with now, restore it as a new
// map or delete it (asked first; the map itself does not change); or compare any two versions.
// A modal dialog (hooks/useModalFocus.ts): focus starts in the name field and stays inside;
// Escape or Close shuts it.
import type { LoroDoc } from "loro-crdt";
import { useId, useLayoutEffect, useRef, useState } from "react";
import { deleteVersion, saveVersion, type VersionRec } from "../../doc/versions";
import { useEscape } from "../../hooks/useEscape";
import { useModalFocus } from "../../hooks/useModalFocus";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_VERSION_NAME_CHARS, MAX_VERSIONS_PER_MAP } from "../../wire/limits";
import { formatVersionDate } from "./versionText";

interface Props {
  doc: LoroDoc;
  versions: VersionRec[];
  author: string;
  canEdit: boolean;
  onView(id: string): void;
  onCompare(from: string, to: string | null): void;
  onRestore(id: string): void;
  onClose(): void;
}

const NOW = "";

export function VersionsDialog(p: Props) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState("");
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);
  const [deleting, setDeleting] = useState<VersionRec | null>(null);
  const newest = [...p.versions].reverse();
  const [from, setFrom] = useState(newest[1]?.id ?? newest[0]?.id ?? "");
  const [to, setTo] = useState(newest.length > 1 ? (newest[0]?.id ?? NOW) : NOW);
  useEscape(p.onClose);
  const keepFocusInside = useModalFocus(dialogRef);
  // After the dialog took the focus: straight into the name, when there is one to type.
  useLayoutEffect(() => nameRef.current?.focus(), []);

  const save = () => {
    const result = saveVersion(p.doc, name, p.author);
    if (result.ok) {
      setNote({ text: t("versions.saved", { name: name.trim() }), error: false });
      setName("");
    } else {
      const text =
        result.why === "name"
          ? t("versions.nameRequired")
          : t("versions.limit", { count: MAX_VERSIONS_PER_MAP });
      setNote({ text, error: true });
    }
  };

  return (
    <div className="dialog-backdrop">
      <div
        ref={dialogRef}
        tabIndex={-1}
        className="dialog versions-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="versions-dialog"
        onKeyDown={(e) => {
          // Its keys are its own: the board behind must not act on them.
          e.stopPropagation();
          keepFocusInside(e);
          if (e.key === "Escape" && !e.nativeEvent.isComposing) {
            e.preventDefault();
            if (deleting) setDeleting(null);
            else p.onClose();
          }
        }}
      >
        <h2 id={titleId}>{t("versions.title")}</h2>
        {p.canEdit && (
          <form
            className="version-save"
            onSubmit={(e) => {
              e.preventDefault();
              save();
            }}
          >
            <input
              ref={nameRef}
              data-testid="version-name"
              value={name}
              maxLength={MAX_VERSION_NAME_CHARS * 2}
              placeholder={t("versions.namePlaceholder")}
              aria-label={t("versions.namePlaceholder")}
              onChange={(e) => setName(e.target.value)}
            />
            <button type="submit" className="primary-button" data-testid="save-version">
              {t("versions.save")}
            </button>
          </form>
        )}
        {note && (
          <p className={note.error ? "form-error" : "version-note"} role="status">
            {note.text}
          </p>
        )}
        {newest.length === 0 ? (
          <p className="muted">{t("versions.empty")}</p>
        ) : (
          <ul className="version-list" data-testid="version-list">
            {newest.map((v) => (
              <li key={v.id} className="version-row" data-testid="version-row">
                <div className="version-what">
                  <strong>{v.name}</strong>
                  {v.example && <span className="version-example">{t("versions.example")}</span>}
                  <span className="muted">
                    {t("versions.savedOn", {
                      date: formatVersionDate(v.createdAt, i18n.language),
                      author: v.author || "—",
                    })}
                  </span>
                </div>
                {deleting?.id === v.id ? (
                  <div className="version-buttons" role="alert">
                    <span>{t("versions.deleteConfirm", { name: v.name })}</span>
                    <button
                      type="button"
                      className="danger-button"
                      data-testid="confirm-delete-version"
                      onClick={() => {
                        deleteVersion(p.doc, v.id);
                        setDeleting(null);
                      }}
                    >
                      {t("versions.delete")}
                    </button>
                    <button
                      type="button"
                      className="small-button"
                      onClick={() => setDeleting(null)}
                    >
                      {t("versions.close")}
                    </button>
                  </div>
                ) : (
                  <div className="version-buttons">
                    <button
                      type="button"
                      className="small-button"
                      data-testid="view-version"
                      onClick={() => p.onView(v.id)}
                    >
                      {t("versions.view")}
                    </button>
                    <button
                      type="button"
                      className="small-button"
                      data-testid="compare-version"
                      onClick={() => p.onCompare(v.id, null)}
                    >
                      {t("versions.compare")}
                    </button>
                    <button
                      type="button"
                      className="small-button"
                      data-testid="restore-version"
                      onClick={() => p.onRestore(v.id)}
                    >
                      {t("versions.restore")}
                    </button>
                    {p.canEdit && (
                      <button
                        type="button"
                        className="icon-button"
                        data-testid="delete-version"
                        aria-label={t("versions.delete")}
                        title={t("versions.delete")}
                        onClick={() => setDeleting(v)}
                      >
                        ×
                      </button>
                    )}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
        {newest.length > 1 && (
          <fieldset className="version-compare">
            <legend>{t("versions.compareTwo")}</legend>
            <label>
              {t("versions.from")}
              <select
                data-testid="compare-from"
                value={from}
                onChange={(e) => setFrom(e.target.value)}
              >
                {newest.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("versions.to")}
              <select data-testid="compare-to" value={to} onChange={(e) => setTo(e.target.value)}>
                <option value={NOW}>{t("versions.now")}</option>
                {newest.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.name}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="small-button"
              data-testid="compare-two"
              disabled={!from || from === to}
              onClick={() => p.onCompare(from, to === NOW ? null : to)}
            >
              {t("versions.go")}
            </button>
          </fieldset>
        )}
        <div className="dialog-actions">
          <button type="button" className="small-button" onClick={p.onClose}>
            {t("versions.close")}
          </button>
        </div>
      </div>
    </div>
  );
}
