// The open map's header: title, actor persona, scenario and the customer's expectations, all kept
// in the document's `meta` (doc/meta.ts) so everyone in the room sees and edits the same values;
// re-renders from the map store when remote changes arrive. Project data (personas, the persona
// panel) comes from the CatalogContext that App provides.
import { useContext, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import {
  MAX_META_TEXT,
  setMapExpectations,
  setMapPersona,
  setMapScenario,
  setMapTitle,
} from "../doc/meta";
import { CatalogContext } from "../hooks/catalogContext";
import type { OpenMap } from "../hooks/useOpenMap";
import { MapTextArea } from "./MapTextArea";
import { MapTitleField } from "./MapTitleField";
import { PersonaSelect } from "./PersonaSelect";

export function MapHeader({ open }: { open: OpenMap }) {
  const { t } = useTranslation();
  const catalog = useContext(CatalogContext);
  const meta = useSyncExternalStore(open.store.subscribe, () => open.store.getView().meta);
  const personas = catalog?.personas ?? [];
  // One editing session of a field is one undo step (like a card's editor).
  const begin = () => {
    open.steps.end();
    open.steps.begin();
  };
  const end = () => open.steps.end();

  return (
    <section className="map-header" data-testid="map-header" aria-label={t("catalog.header.label")}>
      <div className="map-header-row">
        <MapTitleField
          value={meta.title}
          onWrite={(title) => {
            open.steps.end();
            const ok = setMapTitle(open.doc, title);
            if (ok) catalog?.refreshProjects();
            return ok;
          }}
        />
        <PersonaSelect
          api={catalog?.api ?? null}
          personas={personas}
          value={meta.personaId || null}
          onOpen={() => void catalog?.refreshPersonas()}
          onChange={(id) => {
            open.steps.end();
            setMapPersona(open.doc, id);
          }}
        />
        {catalog?.projectId && (
          <button
            type="button"
            className="link-button"
            onClick={() => catalog.projectId && catalog.openPersonas(catalog.projectId)}
          >
            {t("catalog.header.managePersonas")}
          </button>
        )}
      </div>
      <div className="map-header-row map-header-texts">
        <MapTextArea
          value={meta.scenario}
          onWrite={(text) => setMapScenario(open.doc, text)}
          label={t("catalog.header.scenario")}
          placeholder={t("catalog.header.scenarioPlaceholder")}
          testId="scenario-input"
          onFocus={begin}
          onBlur={end}
          maxLength={MAX_META_TEXT}
        />
        <MapTextArea
          value={meta.expectations}
          onWrite={(text) => setMapExpectations(open.doc, text)}
          label={t("catalog.header.expectations")}
          placeholder={t("catalog.header.expectationsPlaceholder")}
          testId="expectations-input"
          onFocus={begin}
          onBlur={end}
          maxLength={MAX_META_TEXT}
        />
      </div>
    </section>
  );
}
