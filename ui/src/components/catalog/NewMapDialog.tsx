// "New map" dialog: pick one of the host's templates (localised name and a one-line description),
// the map's language (defaults to the UI language) and an optional title; the host creates the
// document from the template.
import { useEffect, useRef, useState } from "react";
import type { HostApi } from "../../api/http";
import { useModalFocus } from "../../hooks/useModalFocus";
import { UI_LANGUAGES } from "../../i18n";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_TITLE_CHARS } from "../../wire/limits";
import type { MapSummary } from "../../wire/MapSummary";
import type { TemplateInfo } from "../../wire/TemplateInfo";
import { charLimit } from "../shared/charLimit";

/** The documented template ids, shown until the host's list arrives. */
const KNOWN_TEMPLATES = [
  "lifecycle",
  "pre_post_sale",
  "service_blueprint",
  "self_service",
  "saas_onboarding",
] as const;

interface Props {
  api: HostApi;
  projectId: string;
  uiLanguage: string;
  onCreated: (map: MapSummary) => void;
  onClose: () => void;
  onError: (e: unknown) => void;
}

export function NewMapDialog({ api, projectId, uiLanguage, onCreated, onClose, onError }: Props) {
  const { t } = useTranslation();
  const [templates, setTemplates] = useState<TemplateInfo[]>(
    KNOWN_TEMPLATES.map((id) => ({ id, locales: [] })),
  );
  const [template, setTemplate] = useState("lifecycle");
  const [locale, setLocale] = useState(
    (UI_LANGUAGES as readonly string[]).includes(uiLanguage) ? uiLanguage : "en",
  );
  const [title, setTitle] = useState("");
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLFormElement>(null);
  const keepFocus = useModalFocus(dialog);

  useEffect(() => {
    api.templates().then((list) => {
      if (list.length === 0) return;
      setTemplates(list);
      setTemplate((cur) => (list.some((tp) => tp.id === cur) ? cur : (list[0]?.id ?? cur)));
    }, onError);
  }, [api, onError]);

  const submit = async () => {
    setBusy(true);
    try {
      const map = await api.createMap(projectId, {
        template,
        locale,
        title: title.trim() ? title.trim() : null,
      });
      onCreated(map);
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="dialog-backdrop">
      <form
        ref={dialog}
        tabIndex={-1}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="new-map-title"
        data-testid="new-map-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        onKeyDown={(e) => {
          keepFocus(e);
          if (e.key === "Escape") onClose();
        }}
      >
        <h2 id="new-map-title">{t("newMap.title")}</h2>
        <fieldset className="template-options">
          <legend>{t("catalog.newMap.templateLegend")}</legend>
          {templates.map((tp) => (
            <label
              key={tp.id}
              className={tp.id === template ? "template-option selected" : "template-option"}
              data-testid={`template-option-${tp.id}`}
            >
              <input
                type="radio"
                name="template"
                value={tp.id}
                checked={tp.id === template}
                onChange={() => setTemplate(tp.id)}
              />
              <span className="template-text">
                <span className="template-name">
                  {t(`catalog.template.${tp.id}.name`, { defaultValue: tp.id })}
                </span>
                <span className="template-description">
                  {t(`catalog.template.${tp.id}.description`, { defaultValue: "" })}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>{t("newMap.mapLanguage")}</span>
          <select
            value={locale}
            onChange={(e) => setLocale(e.target.value)}
            data-testid="map-locale"
          >
            {UI_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`language.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("newMap.mapTitle")}</span>
          <input
            value={title}
            placeholder={t("catalog.newMap.titlePlaceholder")}
            {...charLimit(MAX_TITLE_CHARS, setTitle)}
          />
        </label>
        <div className="dialog-actions">
          <button type="button" className="small-button" onClick={onClose}>
            {t("rail.cancel")}
          </button>
          <button type="submit" className="primary-button" disabled={busy} data-testid="create-map">
            {busy ? t("catalog.newMap.creating") : t("newMap.create")}
          </button>
        </div>
      </form>
    </div>
  );
}
