// A normalised view of one map document kept current from `doc.subscribe` events: only the
// containers an event touches are re-read (one card, the stage list, …), never the whole
// document. React reads it through useSyncExternalStore. Every part is immutable except the card
// table, which is one object changed in place (copying 10,000 entries per keystroke cost more than
// the rest of an edit): a reader compares cards, not the table, and finds what an edit changed in
// `cardsBefore`.
import type { LoroDoc, LoroEventBatch } from "loro-crdt";
import { LostCards } from "./lostCards";
import { type MetricPoint, readMetricHistory } from "./metricHistory";
import { type ParkedTopic, readParkingLot } from "./parkingLot";
import {
  cardsFromJson,
  readActions,
  readCard,
  readCards,
  readChannels,
  readEmotions,
  readLanes,
  readMeta,
  readMetrics,
  readStages,
  readVotes,
} from "./read";
import type { ActionRec, CardRec, LaneRec, MetaRec, MetricRec, StageRec } from "./schema";
import { ROOT } from "./schema";
import { readVersions, type VersionRec } from "./versions";
import { readBallots, readVoting, type VotingRound } from "./voting";

export interface MapView {
  meta: MetaRec;
  stages: StageRec[];
  lanes: LaneRec[];
  /**
   * Every card by id. The same object from one view to the next while no whole re-read happens
   * (it is updated in place; each card record is immutable and replaced when it changes), so a
   * reader never selects or compares the table itself: `cardsBefore` says what changed.
   */
  cards: Record<string, CardRec>;
  /** Cards per visible cell (`cellKey(stage, lane)`), sorted by pos then id. Orphans are skipped. */
  cells: Map<string, CardRec[]>;
  emotions: Record<string, number>;
  /** Set channel keys `stage:lane:channel`. */
  channels: Set<string>;
  metrics: Record<string, MetricRec>;
  /** Vote totals per card id. */
  votes: Map<string, number>;
  /** Every vote entry `round:card:participant → count` (a card's own dots in the open round). */
  ballots: Map<string, number>;
  /** The voting round, open or closed, if any (doc/voting.ts). */
  voting: VotingRound | null;
  /** The action plan. */
  actions: Record<string, ActionRec>;
  /** Per card id, the actions that answer it (a card's badge). */
  answered: Map<string, string[]>;
  /** Per metric id, its dated values, oldest first. */
  history: Map<string, MetricPoint[]>;
  /** Saved versions, oldest first. */
  versions: VersionRec[];
  /** The parking lot, oldest first. */
  parking: ParkedTopic[];
  /** Example cards and metrics (what "Clear examples" removes), kept up to date per edit. */
  examples: number;
  /** Increases on every change (cheap change detection for undo/redo buttons etc.). */
  version: number;
  /**
   * The cards the last change touched (added, edited, moved or removed), each with its record
   * before the change (absent: the card is new); null when the whole map was read again. What lets
   * a reader skip a walk over every card on each keystroke.
   */
  cardsBefore: ReadonlyMap<string, CardRec | undefined> | null;
}

export function cellKey(stageId: string, laneId: string): string {
  return `${stageId}\u0000${laneId}`;
}

export function compareCards(a: CardRec, b: CardRec): number {
  const pa = a.placement?.pos ?? "";
  const pb = b.placement?.pos ?? "";
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function buildCells(
  stages: StageRec[],
  lanes: LaneRec[],
  cards: Record<string, CardRec>,
): Map<string, CardRec[]> {
  const stageIds = new Set(stages.map((s) => s.id));
  const laneIds = new Set(lanes.map((l) => l.id));
  const cells = new Map<string, CardRec[]>();
  for (const card of Object.values(cards)) {
    const p = card.placement;
    if (!p || !stageIds.has(p.stage) || !laneIds.has(p.lane)) continue;
    const key = cellKey(p.stage, p.lane);
    const list = cells.get(key);
    if (list) list.push(card);
    else cells.set(key, [card]);
  }
  for (const list of cells.values()) list.sort(compareCards);
  return cells;
}

/**
 * `cells` after the cards in `before` changed (added, edited, moved or deleted; `before` holds
 * their earlier records, `after` every card now): only the cells they left or entered get a new
 * array, every other cell keeps its array, so a board that renders cells by identity redraws one
 * cell per edit, not all of them.
 */
export function updateCells(
  prev: Map<string, CardRec[]>,
  stages: StageRec[],
  lanes: LaneRec[],
  before: ReadonlyMap<string, CardRec | undefined>,
  after: Record<string, CardRec>,
): Map<string, CardRec[]> {
  const stageIds = new Set(stages.map((s) => s.id));
  const laneIds = new Set(lanes.map((l) => l.id));
  const keyOf = (card: CardRec | undefined): string | null => {
    const p = card?.placement;
    return p && stageIds.has(p.stage) && laneIds.has(p.lane) ? cellKey(p.stage, p.lane) : null;
  };
  const ids = new Set(before.keys());
  const touched = new Set<string>();
  for (const id of ids) {
    const from = keyOf(before.get(id));
    const to = keyOf(after[id]);
    if (from) touched.add(from);
    if (to) touched.add(to);
  }
  if (touched.size === 0) return prev;
  const cells = new Map(prev);
  for (const key of touched) {
    const list = (prev.get(key) ?? []).filter((c) => !ids.has(c.id));
    for (const id of ids) {
      const card = after[id];
      if (card && keyOf(card) === key) list.push(card);
    }
    list.sort(compareCards);
    if (list.length > 0) cells.set(key, list);
    else cells.delete(key);
  }
  return cells;
}

/** Per card id, the ids of the actions that answer it (dropped ones too: the card was answered). */
export function answeredCards(actions: Record<string, ActionRec>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const a of Object.values(actions)) {
    for (const card of a.cards) {
      const list = out.get(card);
      if (list) list.push(a.id);
      else out.set(card, [a.id]);
    }
  }
  return out;
}

/** Example cards, metrics and actions (what "Clear examples" removes). */
export function countExamples(v: MapView): number {
  return v.examples;
}

function examplesIn(records: Record<string, { example: boolean }>): number {
  let n = 0;
  for (const r of Object.values(records)) if (r.example) n++;
  return n;
}

export class MapStore {
  private view: MapView;
  private listeners = new Set<() => void>();
  private unsub: () => void;
  /** Cards someone else deleted over this screen's unseen edits (doc/lostCards.ts). */
  readonly lostCards = new LostCards();

  /**
   * `cardsJson`: the cards map as JSON, when the document holds exactly what that JSON was made
   * from (the host's copy fetched with it, nothing else imported): read instead of the document.
   */
  constructor(
    private readonly doc: LoroDoc,
    cardsJson?: unknown,
  ) {
    this.view = this.readAll(0, cardsJson);
    this.unsub = doc.subscribe((batch) => this.apply(batch));
  }

  getView = (): MapView => this.view;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  dispose(): void {
    this.unsub();
    this.listeners.clear();
  }

  private readAll(version: number, cardsJson?: unknown): MapView {
    const stages = readStages(this.doc);
    const lanes = readLanes(this.doc);
    const cards = cardsJson === undefined ? readCards(this.doc) : cardsFromJson(cardsJson);
    const metrics = readMetrics(this.doc);
    const actions = readActions(this.doc);
    return {
      meta: readMeta(this.doc),
      stages,
      lanes,
      cards,
      cells: buildCells(stages, lanes, cards),
      emotions: readEmotions(this.doc),
      channels: readChannels(this.doc),
      metrics,
      votes: readVotes(this.doc),
      ballots: readBallots(this.doc),
      voting: readVoting(this.doc),
      actions,
      answered: answeredCards(actions),
      history: readMetricHistory(this.doc),
      versions: readVersions(this.doc),
      parking: readParkingLot(this.doc),
      examples: examplesIn(cards) + examplesIn(metrics) + examplesIn(actions),
      version,
      cardsBefore: null,
    };
  }

  private apply(batch: LoroEventBatch): void {
    if (batch.by === "checkout") {
      this.view = this.readAll(this.view.version + 1);
      this.emit();
      return;
    }
    let meta = false;
    let stages = false;
    let lanes = false;
    let emotions = false;
    let channels = false;
    let metrics = false;
    let votes = false;
    let workshop = false;
    let actions = false;
    let history = false;
    let versions = false;
    let parking = false;
    const cardIds = new Set<string>();
    /** Cards whose key in the cards map was written: made, deleted, or made anew. */
    const cardKeys = new Set<string>();
    for (const ev of batch.events) {
      const root = ev.path[0];
      if (root === ROOT.meta) meta = true;
      else if (root === ROOT.stages) stages = true;
      else if (root === ROOT.lanes) lanes = true;
      else if (root === ROOT.emotions) emotions = true;
      else if (root === ROOT.channels) channels = true;
      else if (root === ROOT.metrics) metrics = true;
      else if (root === ROOT.votes) votes = true;
      else if (root === ROOT.workshop) workshop = true;
      else if (root === ROOT.actions) actions = true;
      else if (root === ROOT.metric_history) history = true;
      else if (root === ROOT.versions) versions = true;
      else if (root === ROOT.parking) parking = true;
      else if (root === ROOT.cards) {
        const id = ev.path[1];
        if (typeof id === "string") cardIds.add(id);
        else if (ev.diff.type === "map")
          for (const k of Object.keys(ev.diff.updated)) {
            cardIds.add(k);
            cardKeys.add(k);
          }
      }
    }
    const prev = this.view;
    const cards = prev.cards;
    const cardsBefore = new Map<string, CardRec | undefined>();
    let examples = prev.examples;
    const edited: [string, CardRec | null][] = [];
    const deleted: CardRec[] = [];
    for (const id of cardIds) {
      const before = cards[id];
      cardsBefore.set(id, before);
      const c = readCard(this.doc, id);
      if (c) cards[id] = c;
      else delete cards[id];
      // Counted from the cards that changed, not over the whole map on every keystroke.
      examples += Number(c?.example === true) - Number(before?.example === true);
      if (batch.by === "local") edited.push([id, c]);
      // Deleted, or deleted and made anew (someone's undo of the deletion, in the same import):
      // either way the card this screen edited is gone, with whatever of its edits were unseen.
      else if (before && (!c || cardKeys.has(id))) deleted.push(before);
    }
    if (edited.length > 0) this.lostCards.noteLocal(batch, this.doc.peerIdStr, edited);
    if (deleted.length > 0) this.lostCards.noteDeleted(this.doc, batch, deleted);
    const nextMetrics = metrics ? readMetrics(this.doc) : prev.metrics;
    if (metrics) examples += examplesIn(nextMetrics) - examplesIn(prev.metrics);
    const nextActions = actions ? readActions(this.doc) : prev.actions;
    if (actions) examples += examplesIn(nextActions) - examplesIn(prev.actions);
    const nextStages = stages ? readStages(this.doc) : prev.stages;
    const nextLanes = lanes ? readLanes(this.doc) : prev.lanes;
    this.view = {
      meta: meta ? readMeta(this.doc) : prev.meta,
      stages: nextStages,
      lanes: nextLanes,
      cards,
      cells:
        stages || lanes
          ? buildCells(nextStages, nextLanes, cards)
          : cardIds.size > 0
            ? updateCells(prev.cells, nextStages, nextLanes, cardsBefore, cards)
            : prev.cells,
      emotions: emotions ? readEmotions(this.doc) : prev.emotions,
      channels: channels ? readChannels(this.doc) : prev.channels,
      metrics: nextMetrics,
      votes: votes ? readVotes(this.doc) : prev.votes,
      ballots: votes ? readBallots(this.doc) : prev.ballots,
      voting: workshop ? readVoting(this.doc) : prev.voting,
      actions: nextActions,
      answered: actions ? answeredCards(nextActions) : prev.answered,
      history: history ? readMetricHistory(this.doc) : prev.history,
      versions: versions ? readVersions(this.doc) : prev.versions,
      parking: parking ? readParkingLot(this.doc) : prev.parking,
      examples,
      version: prev.version + 1,
      cardsBefore,
    };
    this.emit();
  }

  private emit(): void {
    for (const fn of this.listeners) fn();
  }
}
