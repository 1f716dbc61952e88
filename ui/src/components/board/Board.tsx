// The board of the open map: sticky stage headers as columns, lanes as rows, rendered from the
// map's normalised store. Holds the view-only state: selection, the card being edited, search,
// zoom, collapsed lanes and dialogs; the pieces live in Board*/Stage*/Lane*/Card* files. When an
// editing session ends (useEditingSession.ts), a card added here and left blank goes.
// At one of the map's limits (doc/mapLimits.ts) the add buttons say so in their tooltip, and an
// addition is not made but explained in a notice.

import {
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { canAdd, type LimitHit, type LimitKind, mapCounts } from "../../doc/mapLimits";
import type { Rater } from "../../doc/schema";
import { countExamples } from "../../doc/store";
import { MapStoreContext, useStoreSlice } from "../../hooks/mapSlice";
import type { BoardMap } from "../../hooks/useOpenMap";
import { useTranslation } from "../../i18n/useTranslation";
import { BoardPresence } from "../../presence/BoardPresence";
import { useMapPresence } from "../../presence/context";
import { ActionsView } from "../actions/ActionsView";
import { useActionPane } from "../actions/useActionPane";
import { CardElements, CardElementsContext } from "../cards/cardElements";
import { showCardNotice } from "../cards/cardNotice";
import { CellWindowContext, useCellWindow } from "../cards/cellWindow";
import { boardAreaSize, firstViewOf } from "../cards/firstView";
import { LostCardsNotice } from "../cards/LostCardsNotice";
import { BoardInspector } from "../inspector/BoardInspector";
import { LaneAddDialog } from "../lanes/LaneAddDialog";
import { ParkingView } from "../parking/ParkingView";
import { BoardConfirm, type ConfirmRequest } from "../shared/BoardConfirm";
import { limitMessage } from "../shared/limitMessages";
import { useMapT } from "../shared/mapLanguage";
import { guardActions, ReadOnlyContext, useReadOnly } from "../shared/readOnly";
import { VoterContext } from "../voting/CardBallot";
import { BoardAreaContext } from "./BoardArea";
import { BandRect, useRubberBand } from "./BoardBand";
import { BoardEmpty } from "./BoardEmpty";
import { BoardGrid } from "./BoardGrid";
import { useBoardPrefs } from "./BoardPrefs";
import { useBoardSearch } from "./BoardSearch";
import { BoardToolbar } from "./BoardToolbar";
import { fitWidthZoom, fitZoom, useZoomGestures } from "./BoardZoom";
import { makeBoardActions } from "./boardActions";
import { useBoardKeyHandlers } from "./boardKeyHandlers";
import { centerCardSoon, showLaneSoon } from "./paneJump";
import { SearchBar } from "./SearchBar";
import { ShortcutsDialog } from "./ShortcutsDialog";
import { useShowCardRequests, useShowLaneRequests } from "./showCard";
import { useStageHeadHeight } from "./stageHeadHeight";
import { useStructureDeletes } from "./structureDeletes";
import { revealFromUnderHeaders } from "./underHeaders";
import { useCardHandlers } from "./useCardHandlers";
import { useEditingSession } from "./useEditingSession";
import { useSteadyDoubleClick } from "./useSteadyDoubleClick";
import { WallExit } from "./WallExit";
import { WallNow } from "./WallNow";
import { useWallMode, useWallZoom, WALL_MAX_ZOOM, type WallMode } from "./wallMode";

interface Props {
  open: BoardMap;
  /** The map has been joined and its document loaded. */
  ready: boolean;
  author: string;
  /** Who rates stages here: a stable id, not the name (doc/schema.ts `Rater`). */
  rater: Rater;
  /** Tools the owner adds to the toolbar (the versions of the map). */
  tools?: ReactNode;
  /**
   * Whether "Clear examples" is offered: the facilitator's call, not a participant's (whose
   * update, removing teammates' ratings and dots with the example cards, the host refuses).
   */
  clearsExamples?: boolean;
}

/** How long the notice of a refused addition stays: it is two sentences. */
const LIMIT_NOTICE_MS = 10_000;

/** The board, and wall mode around it (nothing on a projected board is edited by a stray click). */
export function Board(props: Props) {
  const wall = useWallMode();
  const readOnly = useReadOnly();
  return (
    <ReadOnlyContext.Provider value={readOnly || wall.on}>
      <BoardView {...props} wall={wall} />
    </ReadOnlyContext.Provider>
  );
}

function BoardView({
  open,
  ready,
  author,
  rater,
  tools,
  clearsExamples = true,
  wall,
}: Props & { wall: WallMode }) {
  const { t, i18n } = useTranslation();
  // A new stage's title is the map's words: in the map's language, as the template's are.
  const mapT = useMapT();
  const readOnly = useReadOnly();
  const readOnlyRef = useRef(readOnly);
  readOnlyRef.current = readOnly;
  // The board reads only what it lays out; cells, lanes and the inspector read their own parts of
  // the map (hooks/mapSlice.ts), so typing into a card does not redraw the board.
  const store = open.store;
  const stages = useStoreSlice(store, (v) => v.stages);
  const lanes = useStoreSlice(store, (v) => v.lanes);
  const locale = useStoreSlice(store, (v) => v.meta.locale);
  const examples = useStoreSlice(store, countExamples);
  // Counted from the document as the host counts.
  const cardCount = useStoreSlice(store, () => mapCounts(open.doc).cards);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [renamingStage, setRenamingStage] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [laneDialog, setLaneDialog] = useState(false);
  const [help, setHelp] = useState(false);
  const prefs = useBoardPrefs(open.mapId);
  // Where each card is drawn (for the link arrows), per open map.
  const elements = useMemo(() => new CardElements(), []);
  useEffect(() => () => elements.dispose(), [elements]);
  const scrollRef = useRef<HTMLElement>(null);
  const area = useContext(BoardAreaContext);
  const cellWindow = useCellWindow(scrollRef, cardCount, () =>
    firstViewOf(store.getView(), prefs, boardAreaSize(area?.current ?? null)),
  );
  const gridRef = useRef<HTMLDivElement>(null);
  // The grid element as state too, so the link layer measures once it is actually attached (a
  // child's layout effect runs before its parent's ref is set).
  const [gridEl, setGridEl] = useState<HTMLDivElement | null>(null);
  const attachGrid = useCallback((el: HTMLDivElement | null) => {
    gridRef.current = el;
    setGridEl(el);
  }, []);
  const authorRef = useRef(author);
  authorRef.current = author;
  const raterRef = useRef(rater);
  raterRef.current = rater;
  const presence = useMapPresence();
  const presenceRef = useRef(presence);
  presenceRef.current = presence;
  const limitText = (hit: LimitHit) => limitMessage(t, i18n.language, hit);
  const limitNotice = useRef(limitText);
  limitNotice.current = limitText;
  const selRef = useRef(selected);
  selRef.current = selected;
  // Read-only (readOnly.ts): every write throws instead; the document and undo steps pass.
  const actions = useMemo(
    () =>
      guardActions(
        makeBoardActions(
          open.doc,
          open.steps,
          () => authorRef.current,
          () => raterRef.current,
          (id) => (presenceRef.current?.sync.editorsOf(id).length ?? 0) > 0,
          (hit) => showCardNotice(limitNotice.current(hit), "map-limit", LIMIT_NOTICE_MS),
        ),
        () => !readOnlyRef.current,
        ["doc", "editing"],
      ),
    [open.doc, open.steps],
  );
  const voter = useMemo(() => ({ participant: rater.id, vote: actions.vote }), [rater.id, actions]);
  const counts = { cards: cardCount, stages: stages.length, lanes: lanes.length };
  const limitOf = (kind: LimitKind): string | null => {
    const hit = canAdd(kind, counts);
    return hit ? limitText(hit) : null;
  };
  const cardLimit = limitOf("cards");
  const stageLimit = limitOf("stages");
  const laneLimit = limitOf("lanes");

  const { editing, startEdit, closeEditing } = useEditingSession(
    store,
    actions,
    scrollRef,
    readOnlyRef,
  );
  // The card F6 left for the inspector, which the next F6 returns to.
  const jumpedFrom = useRef<string | null>(null);
  const steadyDoubleClick = useSteadyDoubleClick(startEdit);
  const on = useCardHandlers(open, actions, startEdit, selRef, setSelected);

  // Turning read-only (a lock, a role change) closes editors, renames and dialogs at once; an
  // editor closed under someone's typing says why, or the rest of their sentence would go nowhere
  // without a word.
  const editingNow = useRef(editing);
  editingNow.current = editing;
  useEffect(() => {
    if (!readOnly) return;
    if (editingNow.current) showCardNotice(t("board.editingStopped"), "editing-stopped");
    closeEditing();
    setRenamingStage(null);
    setLaneDialog(false);
    setConfirm(null);
  }, [readOnly, closeEditing, t]);

  // Forget selected cards that are gone (deleted here or by someone else), watching the store
  // rather than redrawing the board on every edit.
  useEffect(() => {
    const prune = () => {
      const cards = store.getView().cards;
      setSelected((old) =>
        [...old].some((id) => !cards[id]) ? new Set([...old].filter((id) => cards[id])) : old,
      );
    };
    prune();
    return store.subscribe(prune);
  }, [store]);

  const plan = useActionPane(store, actions, scrollRef, setSelected);
  useShowCardRequests(plan.showCard);
  useShowLaneRequests((lane) => {
    plan.setPane("board");
    requestAnimationFrame(() => scrollRef.current && showLaneSoon(scrollRef.current, lane));
  });
  const band = useRubberBand(scrollRef, (ids, additive) =>
    setSelected((old) => (additive ? new Set([...old, ...ids]) : new Set(ids))),
  );
  useZoomGestures(scrollRef, prefs.setZoom);
  useStageHeadHeight(gridEl);

  const found = useBoardSearch(store, scrollRef);

  const { deleteStage, deleteLane } = useStructureDeletes(store, actions, setConfirm);

  const addStage = (after?: string) =>
    setRenamingStage(actions.addStage({ title: mapT("board.stage.new"), after }));

  useBoardKeyHandlers({
    store,
    actions,
    on,
    scrollRef,
    readOnlyRef,
    selRef,
    setSelected,
    startEdit,
    collapsed: prefs.collapsed,
    onSearch: found.open,
    onHelp: () => setHelp(true),
    jumpedFrom,
  });

  const fit = () => {
    const z = fitZoom(scrollRef.current, gridRef.current);
    if (z !== null) prefs.setZoom(z);
  };
  useWallZoom(
    wall.on,
    () => fitWidthZoom(scrollRef.current, gridRef.current, WALL_MAX_ZOOM),
    () => Boolean(presence?.follow.getState().target),
    prefs.zoom,
    prefs.setZoom,
  );
  const selectedIds = [...selected];

  return (
    <MapStoreContext.Provider value={open.store}>
      <VoterContext.Provider value={voter}>
        <CardElementsContext.Provider value={elements}>
          <CellWindowContext.Provider value={cellWindow}>
            <div className="board-area" data-readonly={readOnly ? "true" : undefined}>
              <BoardToolbar
                pane={plan.pane}
                onPane={plan.setPane}
                zoom={prefs.zoom}
                onZoom={prefs.setZoom}
                onFit={fit}
                onAddLane={() => {
                  // At the lane limit the dialog would only end in a refusal: say why at once.
                  const hit = canAdd("lanes", mapCounts(open.doc));
                  if (hit) showCardNotice(limitText(hit), "map-limit", LIMIT_NOTICE_MS);
                  else setLaneDialog(true);
                }}
                onSearch={found.open}
                onHelp={() => setHelp(true)}
                examples={readOnly || !clearsExamples ? 0 : examples}
                onClearExamples={() =>
                  setConfirm({
                    message: t("board.examples.confirm", { count: examples }),
                    okLabel: t("board.examples.clear"),
                    onOk: () => actions.clearExamples(),
                  })
                }
                canAddLane={!readOnly && ready && stages.length > 0}
                tools={tools}
                laneLimit={laneLimit}
                onWall={wall.enter}
              />
              <WallExit wall={wall} />
              {wall.on && <WallNow doc={open.doc} store={open.store} />}
              <LostCardsNotice doc={open.doc} />
              {plan.pane === "actions" && (
                <ActionsView
                  actions={actions}
                  focusId={plan.focusAction}
                  onFocused={plan.focused}
                  onShowCard={plan.showCard}
                  onConfirm={setConfirm}
                />
              )}
              {plan.pane === "parking" && (
                <ParkingView actions={actions} onConfirm={setConfirm} onShowCard={plan.showCard} />
              )}
              {found.search && plan.pane === "board" && (
                <SearchBar
                  query={found.search.query}
                  onQuery={found.setQuery}
                  count={found.hits.length}
                  current={found.current}
                  onStep={found.step}
                  onClose={found.close}
                />
              )}
              {/* The inspector the first click opens may come under the pointer: the second click of
                  a double click on a card near it belongs to the card too. */}
              <div className="board-body" hidden={plan.pane !== "board"} {...steadyDoubleClick}>
                {/* biome-ignore lint/a11y/noStaticElementInteractions: it only follows the focus the keyboard moved inside it, out from under the sticky headers */}
                <section
                  ref={scrollRef}
                  className="board-scroll"
                  onFocus={(e) => revealFromUnderHeaders(e.currentTarget, e.target)}
                  data-testid="board"
                  data-ready={ready ? "true" : "false"}
                  aria-busy={!ready}
                >
                  <BoardEmpty
                    ready={ready}
                    stages={stages.length}
                    lanes={lanes.length}
                    onAddStage={() => addStage()}
                  />
                  {stages.length > 0 && (
                    <BoardGrid
                      attach={attachGrid}
                      grid={gridEl}
                      store={open.store}
                      elements={elements}
                      stages={stages}
                      lanes={lanes}
                      zoom={prefs.zoom}
                      collapsed={prefs.collapsed}
                      renamingStage={renamingStage}
                      onRenameStage={setRenamingStage}
                      onAddStage={addStage}
                      onDeleteStage={deleteStage}
                      stageLimit={stageLimit}
                      actions={actions}
                      rows={{
                        locale,
                        participant: rater.id,
                        selected,
                        editingId: editing?.where === "board" ? editing.id : null,
                        hits: found.hitSet,
                        currentHit: found.currentHit,
                        onCollapse: prefs.toggleCollapsed,
                        onDelete: deleteLane,
                        actions,
                        on,
                        cardLimit,
                      }}
                    />
                  )}
                </section>
                <BoardInspector
                  ids={selectedIds}
                  actions={actions}
                  editingId={editing?.where === "inspector" ? editing.id : null}
                  onEdit={(id) => startEdit(id, "inspector")}
                  onColor={on.colorSelection}
                  onDelete={on.removeSelection}
                  onJump={(id) => {
                    setSelected(new Set([id]));
                    if (scrollRef.current) centerCardSoon(scrollRef.current, id);
                  }}
                  onMakeAction={plan.makeAction}
                  onOpenAction={plan.openAction}
                  onClose={() => setSelected(new Set())}
                />
              </div>
              <BandRect rect={band} />
              <BoardPresence
                scrollRef={scrollRef}
                zoom={prefs.zoom}
                setZoom={prefs.setZoom}
                editingId={editing?.id ?? null}
              />
              {confirm && <BoardConfirm req={confirm} onClose={() => setConfirm(null)} />}
              {laneDialog && (
                <LaneAddDialog
                  onAdd={(l) => actions.addLane(l)}
                  onClose={() => setLaneDialog(false)}
                />
              )}
              {help && <ShortcutsDialog onClose={() => setHelp(false)} />}
            </div>
          </CellWindowContext.Provider>
        </CardElementsContext.Provider>
      </VoterContext.Provider>
    </MapStoreContext.Provider>
  );
}
