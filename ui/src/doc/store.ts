// A normalised, immutable view of one map document kept current from `doc.subscribe` events:
// only the containers an event touches are re-read (one card, the stage list, …), never the whole
// document. React reads it through useSyncExternalStore.
import type { LoroDoc, LoroEventBatch } from "loro-crdt";
import {
  readCard,
  readChannels,
  readEmotions,
  readLanes,
  readMeta,
  readMetrics,
  readStages,
  readVotes,
} from "./read";
import type { CardRec, LaneRec, MetaRec, MetricRec, StageRec } from "./schema";
import { ROOT } from "./schema";

export interface MapView {
  meta: MetaRec;
  stages: StageRec[];
  lanes: LaneRec[];
  cards: Record<string, CardRec>;
  /** Cards per visible cell (`cellKey(stage, lane)`), sorted by pos then id. Orphans are skipped. */
  cells: Map<string, CardRec[]>;
  emotions: Record<string, number>;
  /** Set channel keys `stage:lane:channel`. */
  channels: Set<string>;
  metrics: Record<string, MetricRec>;
  /** Vote totals per card id. */
  votes: Map<string, number>;
  /** Increases on every change (cheap change detection for undo/redo buttons etc.). */
  version: number;
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

export class MapStore {
  private view: MapView;
  private listeners = new Set<() => void>();
  private unsub: () => void;

  constructor(private readonly doc: LoroDoc) {
    this.view = this.readAll(0);
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

  private readAll(version: number): MapView {
    const stages = readStages(this.doc);
    const lanes = readLanes(this.doc);
    const cards: Record<string, CardRec> = {};
    for (const id of this.doc.getMap(ROOT.cards).keys()) {
      const c = readCard(this.doc, id);
      if (c) cards[id] = c;
    }
    return {
      meta: readMeta(this.doc),
      stages,
      lanes,
      cards,
      cells: buildCells(stages, lanes, cards),
      emotions: readEmotions(this.doc),
      channels: readChannels(this.doc),
      metrics: readMetrics(this.doc),
      votes: readVotes(this.doc),
      version,
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
    const cardIds = new Set<string>();
    for (const ev of batch.events) {
      const root = ev.path[0];
      if (root === ROOT.meta) meta = true;
      else if (root === ROOT.stages) stages = true;
      else if (root === ROOT.lanes) lanes = true;
      else if (root === ROOT.emotions) emotions = true;
      else if (root === ROOT.channels) channels = true;
      else if (root === ROOT.metrics) metrics = true;
      else if (root === ROOT.votes) votes = true;
      else if (root === ROOT.cards) {
        const id = ev.path[1];
        if (typeof id === "string") cardIds.add(id);
        else if (ev.diff.type === "map")
          for (const k of Object.keys(ev.diff.updated)) cardIds.add(k);
      }
    }
    const prev = this.view;
    let cards = prev.cards;
    if (cardIds.size > 0) {
      cards = { ...prev.cards };
      for (const id of cardIds) {
        const c = readCard(this.doc, id);
        if (c) cards[id] = c;
        else delete cards[id];
      }
    }
    const nextStages = stages ? readStages(this.doc) : prev.stages;
    const nextLanes = lanes ? readLanes(this.doc) : prev.lanes;
    this.view = {
      meta: meta ? readMeta(this.doc) : prev.meta,
      stages: nextStages,
      lanes: nextLanes,
      cards,
      cells:
        cardIds.size > 0 || stages || lanes ? buildCells(nextStages, nextLanes, cards) : prev.cells,
      emotions: emotions ? readEmotions(this.doc) : prev.emotions,
      channels: channels ? readChannels(this.doc) : prev.channels,
      metrics: metrics ? readMetrics(this.doc) : prev.metrics,
      votes: votes ? readVotes(this.doc) : prev.votes,
      version: prev.version + 1,
    };
    this.emit();
  }

  private emit(): void {
    for (const fn of this.listeners) fn();
  }
}
