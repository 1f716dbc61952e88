// The application shell: connects to the host (HTTP + one WebSocket), loads settings and the
// catalog, and lays out the top bar, the left rail and the board of the open map.
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { ideasApi } from "./api/brainstorm";
import { type Endpoint, webSocketUrl } from "./api/endpoint";
import { HostApi } from "./api/http";
import { useErrorText } from "./api/useErrorText";
import { WorkshopApi } from "./api/workshop";
import { Board } from "./components/board/Board";
import { BoardArea, MapPane } from "./components/board/BoardArea";
import { Brainstorm } from "./components/brainstorm/Brainstorm";
import { LeftRail } from "./components/catalog/LeftRail";
import { ExportDialog } from "./components/export/ExportDialog";
import { PersonaPanel } from "./components/personas/PersonaPanel";
import { ErrorBanner } from "./components/shell/ErrorBanner";
import { MapHeader } from "./components/shell/MapHeader";
import { NamePrompt } from "./components/shell/NamePrompt";
import { TopBar } from "./components/shell/TopBar";
import { WorkshopTimer } from "./components/timer/WorkshopTimer";
import { VersionedMap } from "./components/versions/VersionedMap";
import { DotVoting } from "./components/voting/DotVoting";
import { CatalogContext, type CatalogContextValue } from "./hooks/catalogContext";
import { countsOf, withLiveCounts } from "./hooks/liveCounts";
import { useContributorRecord } from "./hooks/useContributorRecord";
import { useDisplayName } from "./hooks/useDisplayName";
import { useBoardReady, useOpenMap, useRoomSlice } from "./hooks/useOpenMap";
import { usePersonas } from "./hooks/usePersonas";
import { useProjects } from "./hooks/useProjects";
import { useUndo } from "./hooks/useUndo";
import { languageFromLocale } from "./i18n";
import { useTranslation } from "./i18n/useTranslation";
import { PresenceContext } from "./presence/context";
import { colorFor, localPresenceId } from "./presence/identity";
import { PresenceBar } from "./presence/PresenceBar";
import { useFacilitatorPresence } from "./presence/usePresence";
import { useSettings } from "./settings/useSettings";
import { forgetOpenMap, rememberedOpenMap, rememberOpenMap } from "./startup/openMapMemory";
import { SyncClient } from "./sync/client";
import type { SessionInfo } from "./wire/SessionInfo";
import { HostingControls } from "./workshop/hosting/HostingControls";
import { JoinWorkshopButton } from "./workshop/joining/JoinWorkshopButton";

const noop = () => () => {};

export function App({ endpoint }: { endpoint: Endpoint }) {
  const { t, i18n } = useTranslation();
  const api = useMemo(() => new HostApi(endpoint), [endpoint]);
  const workshopApi = useMemo(() => new WorkshopApi(endpoint), [endpoint]);
  const brainstormApi = useMemo(() => ideasApi((m, p, b) => api.call(m, p, b)), [api]);
  const sync = useMemo(
    () => new SyncClient({ url: webSocketUrl(endpoint), token: endpoint.token }),
    [endpoint],
  );
  useEffect(() => {
    sync.connect();
    return () => sync.destroy();
  }, [sync]);

  const [error, setError] = useState<string | null>(null);
  const describe = useErrorText();
  const onError = useCallback(
    (e: unknown) => {
      setError(describe(e));
    },
    [describe],
  );
  const clearError = useCallback(() => setError(null), []);

  const { settings, update } = useSettings(api, onError);
  const { projects, refresh } = useProjects(api, onError);
  const display = useDisplayName();
  const [session, setSession] = useState<SessionInfo | null>(null);
  useEffect(() => {
    api.session().then(setSession, onError);
  }, [api, onError]);

  const [openIds, setOpenIds] = useState(() => rememberedOpenMap());
  const openMapId = openIds?.mapId ?? null;
  const onOpenMap = useCallback((projectId: string, mapId: string) => {
    setOpenIds({ projectId, mapId });
    rememberOpenMap({ projectId, mapId });
  }, []);

  const onMapGone = useCallback((mapId: string) => {
    setOpenIds((cur) => {
      if (cur?.mapId !== mapId) return cur;
      forgetOpenMap();
      return null;
    });
  }, []);

  // Personas of the open map's project (for the map header), and the persona panel.
  const openProjectId = openIds?.projectId ?? null;
  const { personas, refresh: refreshPersonas } = usePersonas(api, openProjectId, onError);
  const [personasFor, setPersonasFor] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const catalog = useMemo<CatalogContextValue>(
    () => ({
      api,
      projectId: openProjectId,
      personas,
      refreshPersonas,
      openPersonas: setPersonasFor,
      // the host updates the catalog once the document edit reached it
      refreshProjects: () => setTimeout(() => void refresh(), 1_000),
    }),
    [api, openProjectId, personas, refreshPersonas, refresh],
  );

  const open = useOpenMap(sync, openMapId);
  // Opened with the map's loading rather than once it is loaded: it is then there when the board
  // first renders, and its arrival does not re-render every card on screen.
  const presence = useFacilitatorPresence(sync, openMapId, display.name);
  // The facilitator rates stages under the same stable id their presence uses.
  const raterId = useMemo(() => localPresenceId(), []);
  const rater = useMemo(
    () => ({ id: raterId, name: display.name, color: colorFor(raterId) }),
    [raterId, display.name],
  );
  useContributorRecord(open?.doc ?? null, rater);
  // Parts of the room's status, not all of it: its count of waiting edits changes per keystroke.
  const room = open?.room ?? null;
  const ready = useBoardReady(open);
  const canEdit = useRoomSlice(room, (s) => s.access?.can_edit !== false);
  const history = useUndo(open);
  const meta = useSyncExternalStore(
    open ? open.store.subscribe : noop,
    open ? () => open.store.getView().meta : () => null,
  );

  // A string snapshot so the rail re-renders only when a count changes, not on every keystroke.
  const liveCountKey = useSyncExternalStore(
    open ? open.store.subscribe : noop,
    open
      ? () => {
          const c = countsOf(open.store.getView());
          return `${c.stages}:${c.lanes}:${c.cards}`;
        }
      : () => null,
  );
  const railProjects = useMemo(() => {
    const [stages, lanes, cards] = (liveCountKey ?? "").split(":").map(Number);
    const counts =
      liveCountKey && stages !== undefined && lanes !== undefined && cards !== undefined
        ? { stages, lanes, cards }
        : null;
    return withLiveCounts(projects, open?.mapId ?? null, counts);
  }, [projects, open?.mapId, liveCountKey]);

  const project = projects?.find((p) => p.id === openIds?.projectId) ?? null;
  const mapSummary = project?.maps.find((m) => m.id === openMapId) ?? null;
  const mapTitle = open ? meta?.title || mapSummary?.title || t("rail.untitled") : null;

  useEffect(() => {
    document.title = "Wayline";
  }, []);

  return (
    <CatalogContext.Provider value={catalog}>
      <div className="app">
        <TopBar
          projectName={project?.name ?? null}
          mapTitle={mapTitle}
          mapLanguage={meta?.locale ? languageFromLocale(meta.locale) : null}
          room={room}
          onDismissError={() => open?.room.dismissError()}
          canUndo={history.canUndo}
          canRedo={history.canRedo}
          onUndo={history.undo}
          onRedo={history.redo}
          language={settings.language}
          onLanguage={(language) => update({ language })}
          theme={settings.theme}
          onTheme={(theme) => update({ theme })}
          browserUrl={session?.browser_url ?? ""}
          onExport={open ? () => setExporting(true) : null}
          people={<PresenceBar presence={presence} />}
          timer={
            open && (
              <>
                <WorkshopTimer
                  key={open.session}
                  doc={open.doc}
                  hostNow={open.room.hostNow}
                  canRun
                />
                <DotVoting
                  key={`voting-${open.session}`}
                  doc={open.doc}
                  store={open.store}
                  participant={rater.id}
                  canRun
                  hostNow={open.room.hostNow}
                />
                <Brainstorm
                  key={`brainstorm-${open.session}`}
                  doc={open.doc}
                  store={open.store}
                  api={brainstormApi}
                  mapId={open.mapId}
                  canRun
                  canWrite
                />
              </>
            )
          }
          workshop={
            <HostingControls
              api={workshopApi}
              mapId={open?.mapId ?? null}
              mapTitle={mapTitle}
              presence={presence}
            />
          }
        />
        {error && <ErrorBanner message={error} onDismiss={() => setError(null)} />}
        {!endpoint.token && <div className="error-banner">{t("error.noToken")}</div>}
        <div className="workspace">
          <LeftRail
            api={api}
            projects={railProjects}
            refresh={refresh}
            openMapId={openMapId}
            onOpenMap={onOpenMap}
            uiLanguage={i18n.language}
            onError={onError}
            clearError={clearError}
            onOpenPersonas={setPersonasFor}
            onMapGone={onMapGone}
            join={<JoinWorkshopButton api={workshopApi} />}
          />
          <BoardArea>
            {open ? (
              <MapPane locale={meta?.locale}>
                <MapHeader key={`header-${open.session}`} open={open} />
                <VersionedMap
                  key={`versions-${open.session}`}
                  api={api}
                  open={open}
                  author={display.name}
                  canEdit={canEdit}
                  onOpened={(projectId, mapId) => {
                    void refresh();
                    onOpenMap(projectId, mapId);
                  }}
                  onError={onError}
                  renderBoard={(map, tools, key) => (
                    // Presence belongs to the live map; a version is nobody's to edit.
                    <PresenceContext.Provider
                      value={map === open && presence?.mapId === open.mapId ? presence : null}
                    >
                      <Board
                        key={`${open.session}-${key}`}
                        open={map}
                        ready={ready}
                        author={display.name}
                        rater={rater}
                        tools={tools}
                      />
                    </PresenceContext.Provider>
                  )}
                />
              </MapPane>
            ) : (
              <p className="board-message">{openMapId ? t("board.loading") : t("board.pickMap")}</p>
            )}
          </BoardArea>
        </div>
        {!display.asked && <NamePrompt onSave={display.save} />}
        {exporting && open && (
          <ExportDialog
            key={open.mapId}
            endpoint={endpoint}
            mapId={open.mapId}
            onClose={() => setExporting(false)}
          />
        )}
        {personasFor && (
          <PersonaPanel
            api={api}
            projectId={personasFor}
            projectName={projects?.find((p) => p.id === personasFor)?.name ?? ""}
            onChanged={() => void refreshPersonas()}
            onClose={() => setPersonasFor(null)}
            onError={onError}
          />
        )}
      </div>
    </CatalogContext.Provider>
  );
}
