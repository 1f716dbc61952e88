// Creates or edits one persona: name (required), role, goals, frustrations, quote and picture.
// Save sends the fields, then the picture change (upload or removal) and waits while a chosen
// picture is still being made smaller; delete asks first, in place. Name and role are one-line,
// name-like fields and hold a title's length; goals, frustrations and quote hold as much as the
// host keeps of a persona field.
import { useEffect, useState } from "react";
import type { HostApi } from "../../api/http";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_PERSONA_FIELD_CHARS, MAX_TITLE_CHARS } from "../../wire/limits";
import type { Persona } from "../../wire/Persona";
import type { PersonaFields } from "../../wire/PersonaFields";
import { charLimit } from "../shared/charLimit";
import { PersonaAvatar } from "./PersonaAvatar";
import { PersonaPictureField, type PictureChoice } from "./PersonaPictureField";
import type { ImportProblem } from "./preparePicture";

interface Props {
  api: HostApi;
  projectId: string;
  /** null: a new persona. */
  persona: Persona | null;
  onSaved: (p: Persona) => void;
  onDeleted: () => void;
  onCancel: () => void;
  onError: (e: unknown) => void;
}

const EMPTY: PersonaFields = { name: "", role: "", goals: "", frustrations: "", quote: "" };

function fieldsOf(p: Persona | null): PersonaFields {
  if (!p) return EMPTY;
  return {
    name: p.name,
    role: p.role,
    goals: p.goals,
    frustrations: p.frustrations,
    quote: p.quote,
  };
}

export function PersonaForm({
  api,
  projectId,
  persona,
  onSaved,
  onDeleted,
  onCancel,
  onError,
}: Props) {
  const { t } = useTranslation();
  const [fields, setFields] = useState<PersonaFields>(() => fieldsOf(persona));
  const [picture, setPicture] = useState<PictureChoice | null>(null);
  const [removePicture, setRemovePicture] = useState(false);
  const [problem, setProblem] = useState<ImportProblem | null>(null);
  const [nameMissing, setNameMissing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [preparing, setPreparing] = useState(false);
  const [preview, setPreview] = useState<string | null>(null);

  useEffect(() => {
    if (!picture) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(picture.file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [picture]);

  /** The handlers of one field, held to `max` characters. */
  const field = (key: keyof PersonaFields, max: number) =>
    charLimit(max, (text) => {
      setFields((f) => ({ ...f, [key]: text }));
      if (key === "name") setNameMissing(false);
    });

  const save = async () => {
    const clean: PersonaFields = { ...fields, name: fields.name.trim(), role: fields.role.trim() };
    if (!clean.name) {
      setNameMissing(true);
      return;
    }
    // Saving now would leave out the picture still being made smaller.
    if (preparing) return;
    setBusy(true);
    try {
      let saved = persona
        ? await api.updatePersona(persona.id, clean)
        : await api.createPersona(projectId, clean);
      if (picture) saved = await api.putPersonaPicture(saved.id, picture.file, picture.contentType);
      else if (removePicture && saved.has_picture) saved = await api.deletePersonaPicture(saved.id);
      onSaved(saved);
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!persona) return;
    try {
      await api.deletePersona(persona.id);
      onDeleted();
    } catch (e) {
      onError(e);
    }
  };

  const shown = {
    id: persona?.id ?? "new",
    name: fields.name || "?",
    has_picture: (persona?.has_picture ?? false) && !removePicture,
    updated_at: persona?.updated_at ?? 0,
  };

  return (
    <form
      className="persona-form"
      data-testid="persona-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="persona-form-head">
        <PersonaAvatar api={api} persona={shown} size={56} previewUrl={preview} />
        <h3>{persona ? t("catalog.persona.edit") : t("catalog.persona.new")}</h3>
      </div>
      <label className="field">
        <span>{t("catalog.persona.name")}</span>
        <input
          data-testid="persona-name"
          value={fields.name}
          placeholder={t("catalog.persona.namePlaceholder")}
          aria-invalid={nameMissing}
          {...field("name", MAX_TITLE_CHARS)}
        />
        {nameMissing && (
          <span className="field-problem" role="alert">
            {t("catalog.persona.nameRequired")}
          </span>
        )}
      </label>
      <label className="field">
        <span>{t("catalog.persona.role")}</span>
        <input
          data-testid="persona-role"
          value={fields.role}
          placeholder={t("catalog.persona.rolePlaceholder")}
          {...field("role", MAX_TITLE_CHARS)}
        />
      </label>
      <label className="field">
        <span>{t("catalog.persona.goals")}</span>
        <textarea
          data-testid="persona-goals"
          rows={2}
          value={fields.goals}
          {...field("goals", MAX_PERSONA_FIELD_CHARS)}
        />
      </label>
      <label className="field">
        <span>{t("catalog.persona.frustrations")}</span>
        <textarea
          data-testid="persona-frustrations"
          rows={2}
          value={fields.frustrations}
          {...field("frustrations", MAX_PERSONA_FIELD_CHARS)}
        />
      </label>
      <label className="field">
        <span>{t("catalog.persona.quote")}</span>
        <textarea
          data-testid="persona-quote"
          rows={2}
          value={fields.quote}
          placeholder={t("catalog.persona.quotePlaceholder")}
          {...field("quote", MAX_PERSONA_FIELD_CHARS)}
        />
      </label>
      <PersonaPictureField
        hasPicture={picture !== null || shown.has_picture}
        problem={problem}
        onChoose={(choice, p) => {
          setProblem(p);
          if (choice) {
            setPicture(choice);
            setRemovePicture(false);
          }
        }}
        onRemove={() => {
          setPicture(null);
          setProblem(null);
          setRemovePicture(true);
        }}
        onPreparing={setPreparing}
      />
      {confirming && persona ? (
        <div className="inline-confirm" role="alert">
          <span>{t("catalog.persona.confirmDelete", { name: persona.name })}</span>
          <button
            type="button"
            className="small-button danger"
            data-testid="confirm-delete-persona"
            onClick={() => void remove()}
          >
            {t("catalog.persona.confirm")}
          </button>
          <button type="button" className="small-button" onClick={() => setConfirming(false)}>
            {t("catalog.persona.keep")}
          </button>
        </div>
      ) : (
        <div className="dialog-actions">
          {persona && (
            <button
              type="button"
              className="link-button danger-text persona-delete"
              data-testid="delete-persona"
              onClick={() => setConfirming(true)}
            >
              {t("catalog.persona.delete")}
            </button>
          )}
          <button type="button" className="small-button" onClick={onCancel}>
            {t("catalog.persona.cancel")}
          </button>
          <button
            type="submit"
            className="primary-button"
            data-testid="save-persona"
            disabled={busy || preparing}
          >
            {t("catalog.persona.save")}
          </button>
        </div>
      )}
    </form>
  );
}
