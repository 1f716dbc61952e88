// The open map's header: title, actor persona, scenario and the customer's expectations, all kept
// in the document's `meta` (doc/meta.ts) so everyone in the room sees and edits the same values;
// re-renders from the map store when remote changes arrive. Project data (personas, the persona
// panel) comes from the CatalogContext that App provides. It collapses to one line with the title
// (remembered per person, BoardPrefs.ts) so a laptop screen shows more board.
import { useContext, useSyncExternalStore } from "react";
import {
  MAX_META_TEXT,
  setMapExpectations,
  setMapPersona,
  setMapScenario,
  setMapTitle,
} from "../../doc/meta";
import { CatalogContext } from "../../hooks/catalogContext";
import type { OpenMap } from "../../hooks/useOpenMap";
import { useTranslation } from "../../i18n/useTranslation";
import { MAP_HEADER_COLLAPSED_KEY, useRememberedFlag } from "../board/BoardPrefs";
import { PersonaSelect } from "../personas/PersonaSelect";
import { MapTextArea } from "./MapTextArea";
import { MapTitleField } from "./MapTitleField";

export function MapHeader({ open }: { open: OpenMap }) {
  const { t } = useTranslation();
  const catalog = useContext(CatalogContext);
  const meta = useSyncExternalStore(open.store.subscribe, () => open.store.getView().meta);
  const personas = catalog?.personas ?? [];
  const [collapsed, toggleCollapsed] = useRememberedFlag(MAP_HEADER_COLLAPSED_KEY);
  // One editing session of a field is one undo step (like a card's editor).
  const begin = () => {
    open.steps.end();
    open.steps.begin();
  };
  const end = () => open.steps.end();

  return (
    <section
      className={collapsed ? "map-header collapsed" : "map-header"}
      data-testid="map-header"
      aria-label={t("catalog.header.label")}
    >
      <div className="map-header-row">
        {/* First in the row in both states, so it keeps the keyboard focus when pressed. */}
        <button
          type="button"
          className="collapse-button map-header-toggle"
          data-testid="map-header-toggle"
          aria-expanded={!collapsed}
          aria-controls="map-header-texts"
          aria-label={t(collapsed ? "catalog.header.expand" : "catalog.header.collapse")}
          title={t(collapsed ? "catalog.header.expand" : "catalog.header.collapse")}
          onClick={toggleCollapsed}
        >
          {collapsed ? "▸" : "▾"}
        </button>
        {collapsed ? (
          <span className="map-header-title" data-testid="map-header-title">
            {meta.title}
          </span>
        ) : (
          <>
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
          </>
        )}
      </div>
      {/* Hidden rather than unmounted, so a half-typed scenario survives a collapse. */}
      <div className="map-header-row map-header-texts" id="map-header-texts" hidden={collapsed}>
        <MapTextArea
          value={meta.scenario}
          onWrite={(text) => setMapScenario(open.doc, text)}
          label={t("catalog.header.scenario")}
          placeholder={t("catalog.header.scenarioPlaceholder")}
          testId="scenario-input"
          onFocus={begin}
          onBlur={end}
          maxChars={MAX_META_TEXT}
        />
        <MapTextArea
          value={meta.expectations}
          onWrite={(text) => setMapExpectations(open.doc, text)}
          label={t("catalog.header.expectations")}
          placeholder={t("catalog.header.expectationsPlaceholder")}
          testId="expectations-input"
          onFocus={begin}
          onBlur={end}
          maxChars={MAX_META_TEXT}
        />
      </div>
    </section>
  );
}
