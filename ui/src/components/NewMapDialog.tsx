// "New map" dialog: pick a template (localised name), the map's language (defaults to the UI
// language) and an optional title; the host creates the document from the template.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { HostApi } from "../api/http";
import { UI_LANGUAGES } from "../i18n";
import type { MapSummary } from "../wire/MapSummary";
import type { TemplateInfo } from "../wire/TemplateInfo";

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
  const [templates, setTemplates] = useState<TemplateInfo[]>([{ id: "lifecycle", locales: [] }]);
  const [template, setTemplate] = useState("lifecycle");
  const [locale, setLocale] = useState(
    (UI_LANGUAGES as readonly string[]).includes(uiLanguage) ? uiLanguage : "en",
  );
  const [title, setTitle] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.templates().then((list) => {
      if (list.length > 0) setTemplates(list);
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
          if (e.key === "Escape") onClose();
        }}
      >
        <h2 id="new-map-title">{t("newMap.title")}</h2>
        <label className="field">
          <span>{t("newMap.template")}</span>
          <select value={template} onChange={(e) => setTemplate(e.target.value)}>
            {templates.map((tp) => (
              <option key={tp.id} value={tp.id}>
                {t(`template.${tp.id}`, { defaultValue: tp.id })}
              </option>
            ))}
          </select>
        </label>
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
          <input value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <div className="dialog-actions">
          <button type="button" className="small-button" onClick={onClose}>
            {t("rail.cancel")}
          </button>
          <button type="submit" className="primary-button" disabled={busy} data-testid="create-map">
            {t("newMap.create")}
          </button>
        </div>
      </form>
    </div>
  );
}
