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
import { keyboardMove } from "../../doc/cardMoves";
import { canAdd, type LimitHit, type LimitKind, mapCounts } from "../../doc/mapLimits";
import type { CardColor, Rater } from "../../doc/schema";
import { countExamples } from "../../doc/store";
import { MapStoreContext, useStoreSlice } from "../../hooks/mapSlice";
import type { BoardMap } from "../../hooks/useOpenMap";
import { useTranslation } from "../../i18n/useTranslation";
import { BoardPresence } from "../../presence/BoardPresence";
import { useMapPresence } from "../../presence/context";
import { ActionsView } from "../actions/ActionsView";
import { useActionPane } from "../actions/useActionPane";
import { CardLinkLayer } from "../cards/CardLinkLayer";
import type { CardHandlers } from "../cards/CardView";
import { CardElements, CardElementsContext } from "../cards/cardElements";
import { showCardNotice } from "../cards/cardNotice";
import { CellWindowContext, useCellWindow } from "../cards/cellWindow";
import { boardAreaSize, firstViewOf } from "../cards/firstView";
import { LostCardsNotice } from "../cards/LostCardsNotice";
import { BoardInspector } from "../inspector/BoardInspector";
import { LaneAddDialog } from "../lanes/LaneAddDialog";
import { LaneRow } from "../lanes/LaneRow";
import { ParkingView } from "../parking/ParkingView";
import { BoardConfirm, type ConfirmRequest } from "../shared/BoardConfirm";
import { limitMessage } from "../shared/limitMessages";
import { guardActions, ReadOnlyContext, useReadOnly } from "../shared/readOnly";
import { VoterContext } from "../voting/CardBallot";
import { BoardAreaContext } from "./BoardArea";
import { BandRect, useRubberBand } from "./BoardBand";
import { BoardEmpty } from "./BoardEmpty";
import { useBoardKeys } from "./BoardKeys";
import { useBoardPrefs } from "./BoardPrefs";
import { useBoardSearch } from "./BoardSearch";
import { BoardToolbar } from "./BoardToolbar";
import { fitWidthZoom, fitZoom, useZoomGestures } from "./BoardZoom";
import { makeBoardActions } from "./boardActions";
import { cardInFocus, centerCardSoon, focusCard, focusInspector, inInspector } from "./paneJump";
import { SearchBar } from "./SearchBar";
import { ShortcutsDialog } from "./ShortcutsDialog";
import { StageHeader } from "./StageHeader";
import { useShowCardRequests } from "./showCard";
import { useStageHeadHeight } from "./stageHeadHeight";
import { useStructureDeletes } from "./structureDeletes";
import { useEditingSession } from "./useEditingSession";
import { useSteadyDoubleClick } from "./useSteadyDoubleClick";
import { WallExit } from "./WallExit";
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
/** How long "Card deleted · Undo" stays. */
const DELETED_NOTICE_MS = 8_000;

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
  // Stable handlers for the memoised cards: they read the current selection through a ref.
  const on = useMemo<CardHandlers>(
    () => ({
      select: (id, additive) =>
        setSelected((old) => {
          if (!additive) return new Set([id]);
          const next = new Set(old);
          if (next.has(id)) next.delete(id);
          else next.add(id);
          return next;
        }),
      edit: (id) => startEdit(id),
      removeSelection: () => {
        const ids = [...selRef.current];
        setSelected(new Set());
        if (ids.length === 0) return;
        actions.removeCards(ids);
        // One tap deletes (a phone's sheet, the Delete key): the way back is offered at once, for
        // as long as nothing else of one's own was done since.
        const doc = open.doc;
        const mark = doc.oplogVersion().get(doc.peerIdStr);
        showCardNotice(
          t("board.deleted", { count: ids.length }),
          "deleted-notice",
          DELETED_NOTICE_MS,
          {
            label: t("history.undo"),
            run: () => {
              if (doc.oplogVersion().get(doc.peerIdStr) === mark) open.steps.undoLast();
            },
          },
        );
      },
      colorSelection: (c: CardColor) => actions.colorCards([...selRef.current], c),
      dragIds: (id) => (selRef.current.has(id) ? [...selRef.current] : [id]),
    }),
    [actions, startEdit, open, t],
  );

  // Turning read-only (a lock, a role change) closes editors, renames and dialogs at once.
  useEffect(() => {
    if (!readOnly) return;
    closeEditing();
    setRenamingStage(null);
    setLaneDialog(false);
    setConfirm(null);
  }, [readOnly, closeEditing]);

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
  const band = useRubberBand(scrollRef, (ids, additive) =>
    setSelected((old) => (additive ? new Set([...old, ...ids]) : new Set(ids))),
  );
  useZoomGestures(scrollRef, prefs.setZoom);
  useStageHeadHeight(gridEl);

  const found = useBoardSearch(store, scrollRef);

  const { deleteStage, deleteLane } = useStructureDeletes(store, actions, setConfirm);

  const addStage = (after?: string) =>
    setRenamingStage(actions.addStage({ title: t("board.stage.new"), after }));

  useBoardKeys(scrollRef, {
    stageIds: () => store.getView().stages.map((s) => s.id),
    laneIds: () => store.getView().lanes.map((l) => l.id),
    onSearch: found.open,
    onEscape: () => setSelected(new Set()),
    onDelete: () => {
      if (readOnlyRef.current || selRef.current.size === 0) return false;
      on.removeSelection();
      return true;
    },
    onEnterCell: (stageId, laneId) => {
      if (readOnlyRef.current) return;
      const v = store.getView();
      const lane = v.lanes.find((l) => l.id === laneId);
      if (!lane || (lane.kind !== "cards" && lane.kind !== "department")) return;
      const cell = v.cells.get(`${stageId}\u0000${laneId}`) ?? [];
      const sel = cell.find((c) => selRef.current.has(c.id));
      if (sel) return startEdit(sel.id);
      const id = actions.add(stageId, laneId, lane.department, cell.at(-1)?.placement?.pos ?? null);
      if (id === null) return;
      setSelected(new Set([id]));
      startEdit(id);
    },
    onMoveCard: (focused, stageStep, laneStep) => {
      const v = store.getView();
      const sel = selRef.current;
      const id = focused ?? (sel.size === 1 ? [...sel][0] : undefined);
      if (!id || !v.cards[id]) return false;
      if (readOnlyRef.current) return true;
      const cardLanes = v.lanes
        .filter(
          (l) => (l.kind === "cards" || l.kind === "department") && !prefs.collapsed.has(l.id),
        )
        .map((l) => l.id);
      const to = keyboardMove(v, cardLanes, id, { stages: stageStep, lanes: laneStep });
      if (to) actions.moveCards([id], to.stage, to.lane, to.before, to.after);
      if (!sel.has(id)) setSelected(new Set([id]));
      // The card is drawn anew in its new cell: give it the focus again there.
      requestAnimationFrame(() => scrollRef.current && focusCard(scrollRef.current, id));
      return true;
    },
    onPaneJump: () => {
      const board = scrollRef.current;
      const active = document.activeElement;
      if (!board) return false;
      const sel = selRef.current;
      if (inInspector(active)) {
        const back = jumpedFrom.current && sel.has(jumpedFrom.current) ? jumpedFrom.current : null;
        const id = back ?? [...sel][0];
        return id ? focusCard(board, id) : false;
      }
      if (active && active !== document.body && !board.contains(active)) return false;
      const id = cardInFocus(board, active, sel);
      if (!id || !store.getView().cards[id]) return false;
      jumpedFrom.current = id;
      if (!sel.has(id)) setSelected(new Set([id]));
      // The inspector shows once the selection is drawn.
      requestAnimationFrame(() => focusInspector());
      return true;
    },
    onHelp: () => setHelp(true),
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
  const phaseStart =
    stages.find((s, i) => i > 0 && s.phase === "post_sale" && stages[i - 1]?.phase !== "post_sale")
      ?.id ?? null;
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
              {plan.pane === "parking" && <ParkingView actions={actions} onConfirm={setConfirm} />}
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
              <div className="board-body" hidden={plan.pane !== "board"}>
                <section
                  ref={scrollRef}
                  className="board-scroll"
                  {...steadyDoubleClick}
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
                    <div
                      ref={attachGrid}
                      className="board-grid"
                      style={{
                        gridTemplateColumns: `var(--lane-col) repeat(${stages.length}, minmax(var(--stage-col), 1fr)) auto`,
                        // A definite width, so content never widens the columns (fr tracks in a
                        // max-content grid would all grow to the widest card's unwrapped text).
                        width: `max(100%, calc(var(--lane-col) + ${stages.length} * var(--stage-col) + 48px))`,
                        zoom: prefs.zoom,
                      }}
                    >
                      <CardLinkLayer
                        grid={gridEl}
                        store={open.store}
                        elements={elements}
                        zoom={prefs.zoom}
                        collapsedKey={[...prefs.collapsed].join()}
                      />
                      <div className="corner" />
                      {stages.map((s, i) => (
                        <StageHeader
                          key={s.id}
                          stage={s}
                          index={i}
                          count={stages.length}
                          phaseStart={s.id === phaseStart}
                          renaming={renamingStage === s.id}
                          onRename={setRenamingStage}
                          onAddAfter={(id) => addStage(id)}
                          stageLimit={stageLimit}
                          onDelete={deleteStage}
                          actions={actions}
                        />
                      ))}
                      <div
                        className="stage-add"
                        style={{ gridColumn: stages.length + 2, gridRow: 1 }}
                      >
                        <button
                          hidden={readOnly}
                          type="button"
                          className={stageLimit ? "icon-button at-limit" : "icon-button"}
                          data-testid="add-stage"
                          aria-label={t("board.stage.add")}
                          aria-disabled={stageLimit ? true : undefined}
                          title={stageLimit ?? t("board.stage.add")}
                          onClick={() => addStage()}
                        >
                          +
                        </button>
                      </div>
                      {lanes.map((l, i) => (
                        <LaneRow
                          key={l.id}
                          lane={l}
                          index={i}
                          count={lanes.length}
                          stages={stages}
                          phaseStart={phaseStart}
                          locale={locale}
                          participant={rater.id}
                          selected={selected}
                          editingId={editing?.where === "board" ? editing.id : null}
                          hits={found.hitSet}
                          currentHit={found.currentHit}
                          collapsed={prefs.collapsed.has(l.id)}
                          onCollapse={prefs.toggleCollapsed}
                          onDelete={deleteLane}
                          actions={actions}
                          on={on}
                          cardLimit={cardLimit}
                        />
                      ))}
                    </div>
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
