// Reads single records out of the Loro document into plain, immutable objects for rendering.
// Each reader touches only its own container, so a change to one card re-reads only that card.
import type { LoroDoc, LoroMap } from "loro-crdt";
import { LoroList, LoroMap as LoroMapClass } from "loro-crdt";
import { isIsoDate } from "./isoDate";
import type {
  ActionRec,
  ActionStatus,
  CardRec,
  LaneKind,
  LaneRec,
  MetaRec,
  MetricRec,
  Placement,
  Separator,
  StageRec,
} from "./schema";
import { ACTION_STATUSES, LANE_KINDS, ROOT, SEPARATORS } from "./schema";

function str(v: unknown, d = ""): string {
  return typeof v === "string" ? v : d;
}

function num(v: unknown, d = 0): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  return d;
}

function strList(v: unknown): string[] {
  if (v instanceof LoroList) return v.toArray().filter((x): x is string => typeof x === "string");
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
  return [];
}

export function readMeta(doc: LoroDoc): MetaRec {
  const m = doc.getMap(ROOT.meta);
  const persona = m.get("persona_id");
  return {
    title: str(m.get("title")),
    scenario: str(m.get("scenario")),
    expectations: str(m.get("expectations")),
    personaId: typeof persona === "string" ? persona : null,
    locale: str(m.get("locale"), "en"),
    template: str(m.get("template")),
    schemaVersion: num(m.get("schema_version")),
  };
}

function asMap(v: unknown): LoroMap | null {
  return v instanceof LoroMapClass ? v : null;
}

export function readStages(doc: LoroDoc): StageRec[] {
  const list = doc.getMovableList(ROOT.stages);
  const out: StageRec[] = [];
  for (let i = 0; i < list.length; i++) {
    const m = asMap(list.get(i));
    if (!m) continue;
    const id = str(m.get("id"));
    if (!id) continue;
    out.push({
      id,
      title: str(m.get("title")),
      description: str(m.get("description")),
      color: str(m.get("color"), "gray"),
      phase: str(m.get("phase")),
    });
  }
  return out;
}

export function readLanes(doc: LoroDoc): LaneRec[] {
  const list = doc.getMovableList(ROOT.lanes);
  const out: LaneRec[] = [];
  for (let i = 0; i < list.length; i++) {
    const m = asMap(list.get(i));
    if (!m) continue;
    const id = str(m.get("id"));
    if (!id) continue;
    const kind = str(m.get("kind"), "cards") as LaneKind;
    const sep = str(m.get("separator"), "none") as Separator;
    out.push({
      id,
      title: str(m.get("title")),
      kind: LANE_KINDS.includes(kind) ? kind : "cards",
      role: str(m.get("role")),
      department: str(m.get("department")),
      separator: SEPARATORS.includes(sep) ? sep : "none",
    });
  }
  return out;
}

function readPlacement(v: unknown): Placement | null {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const stage = str(o.stage);
  const lane = str(o.lane);
  if (!stage || !lane) return null;
  return { stage, lane, pos: str(o.pos) };
}

/**
 * A card from its value as JSON (`LoroMap.toJSON()`: the text as a string, lists as arrays). One
 * call into Loro per card, or one for all of them (readCards), instead of one per field.
 */
function cardFromJson(id: string, v: unknown): CardRec | null {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  return {
    id,
    text: str(o.text),
    color: str(o.color, "yellow"),
    tags: strList(o.tags),
    department: str(o.department),
    confidence: str(o.confidence, "assumption"),
    author: str(o.author),
    createdAt: num(o.created_at),
    links: strList(o.links),
    placement: readPlacement(o.placement),
    example: o.example === true,
  };
}

export function readCard(doc: LoroDoc, id: string): CardRec | null {
  const m = asMap(doc.getMap(ROOT.cards).get(id));
  return m ? cardFromJson(id, m.toJSON()) : null;
}

/** Every card, read in one call (opening a map of thousands of cards). */
export function readCards(doc: LoroDoc): Record<string, CardRec> {
  return cardsFromJson(doc.getMap(ROOT.cards).toJSON());
}

/**
 * Every card from the cards map as JSON: Loro's `toJSON()` of it, or the same JSON the host sent
 * with the map's snapshot (sync/mapPrefetch.ts), which is read without a call into Loro.
 */
export function cardsFromJson(all: unknown): Record<string, CardRec> {
  const out: Record<string, CardRec> = {};
  if (typeof all !== "object" || all === null) return out;
  for (const [id, v] of Object.entries(all as Record<string, unknown>)) {
    const c = cardFromJson(id, v);
    if (c) out[id] = c;
  }
  return out;
}

function optNum(v: unknown): number | null {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "bigint") return Number(v);
  return null;
}

export function readMetric(doc: LoroDoc, id: string): MetricRec | null {
  const m = asMap(doc.getMap(ROOT.metrics).get(id));
  if (!m) return null;
  const stage = str(m.get("stage"));
  const lane = str(m.get("lane"));
  if (!stage || !lane) return null;
  return {
    id,
    stage,
    lane,
    kind: str(m.get("kind"), "custom"),
    label: str(m.get("label")),
    unit: str(m.get("unit")),
    direction: m.get("direction") === "lower" ? "lower" : "higher",
    expected: optNum(m.get("expected")),
    current: optNum(m.get("current")),
    amber: optNum(m.get("amber")) ?? 0,
    red: optNum(m.get("red")) ?? 0,
    example: m.get("example") === true,
  };
}

export function readMetrics(doc: LoroDoc): Record<string, MetricRec> {
  const out: Record<string, MetricRec> = {};
  for (const id of doc.getMap(ROOT.metrics).keys()) {
    const r = readMetric(doc, id);
    if (r) out[id] = r;
  }
  return out;
}

/** The set channel keys (`stage:lane:channel`) of the flat `channels` map. */
export function readChannels(doc: LoroDoc): Set<string> {
  const m = doc.getMap(ROOT.channels);
  const out = new Set<string>();
  for (const key of m.keys()) if (m.get(key) === true) out.add(key);
  return out;
}

/** A vote key's parts, or null unless it is exactly `round:card:participant` with none empty (as
 * the host reads it: workshop_voting.rs `vote_key_parts`). */
export function voteKeyParts(key: string): { round: string; card: string; voter: string } | null {
  const [round, card, voter, ...rest] = key.split(":");
  if (!round || !card || !voter || rest.length > 0) return null;
  return { round, card, voter };
}

/** Votes per card id: the sum of the flat `round:card_id:participant` entries. */
export function readVotes(doc: LoroDoc): Map<string, number> {
  const m = doc.getMap(ROOT.votes);
  const out = new Map<string, number>();
  for (const key of m.keys()) {
    const card = voteKeyParts(key)?.card;
    if (!card) continue;
    const n = num(m.get(key));
    if (n) out.set(card, (out.get(card) ?? 0) + n);
  }
  return out;
}

export function readEmotions(doc: LoroDoc): Record<string, number> {
  const m = doc.getMap(ROOT.emotions);
  const out: Record<string, number> = {};
  for (const key of m.keys()) {
    const v = m.get(key);
    if (typeof v === "number" && Number.isFinite(v)) out[key] = v;
  }
  return out;
}

/** One action of the plan; a status from a newer writer reads as an idea, a bad date as none. */
export function readAction(doc: LoroDoc, id: string): ActionRec | null {
  const m = asMap(doc.getMap(ROOT.actions).get(id));
  if (!m) return null;
  const status = str(m.get("status"));
  const due = str(m.get("due"));
  const metric = str(m.get("metric"));
  return {
    id,
    title: str(m.get("title")),
    team: str(m.get("team")),
    owner: str(m.get("owner")),
    status: (ACTION_STATUSES as readonly string[]).includes(status)
      ? (status as ActionStatus)
      : "idea",
    due: isIsoDate(due) ? due : null,
    metric: metric || null,
    effect: optNum(m.get("effect")),
    cards: strList(m.get("cards")),
    author: str(m.get("author")),
    createdAt: num(m.get("created_at")),
    example: m.get("example") === true,
  };
}

export function readActions(doc: LoroDoc): Record<string, ActionRec> {
  const out: Record<string, ActionRec> = {};
  for (const id of doc.getMap(ROOT.actions).keys()) {
    const r = readAction(doc, id);
    if (r) out[id] = r;
  }
  return out;
}
