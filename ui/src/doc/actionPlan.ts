// Writes of the action plan (`actions`: id → map, docs/map-document.md). An action is created
// whole in one commit, its card list included (two peers creating that list lazily would lose one
// side); each field is then a plain value, so two people editing different fields both keep theirs.
import type { LoroDoc } from "loro-crdt";
import { LoroList, LoroMap } from "loro-crdt";
import { MAX_ACTION_CARDS, MAX_PERSON_NAME_CHARS, MAX_TITLE_CHARS } from "../wire/limits";
import { newId } from "./actions";
import { isIsoDate } from "./isoDate";
import type { ActionStatus } from "./schema";
import { ROOT } from "./schema";
import { textHead } from "./textLength";

export interface NewAction {
  title: string;
  team: string;
  author: string;
  cards: string[];
  status?: ActionStatus;
}

function actionMap(doc: LoroDoc, id: string): LoroMap | null {
  const v = doc.getMap(ROOT.actions).get(id);
  return v instanceof LoroMap ? v : null;
}

export function addAction(doc: LoroDoc, a: NewAction, id = newId()): string {
  const m = doc.getMap(ROOT.actions).setContainer(id, new LoroMap());
  m.set("title", textHead(a.title.trim(), MAX_TITLE_CHARS));
  m.set("team", textHead(a.team, MAX_PERSON_NAME_CHARS));
  m.set("owner", "");
  m.set("status", a.status ?? "idea");
  const cards = m.setContainer("cards", new LoroList());
  for (const card of a.cards.slice(0, MAX_ACTION_CARDS)) cards.push(card);
  m.set("author", a.author);
  m.set("created_at", Date.now());
  m.set("example", false);
  doc.commit();
  return id;
}

type TextField = "title" | "team" | "owner";
const TEXT_LIMITS: Record<TextField, number> = {
  title: MAX_TITLE_CHARS,
  team: MAX_PERSON_NAME_CHARS,
  owner: MAX_PERSON_NAME_CHARS,
};

export function setActionText(doc: LoroDoc, id: string, field: TextField, value: string): void {
  const m = actionMap(doc, id);
  const v = textHead(field === "title" ? value.trim() : value, TEXT_LIMITS[field]);
  if (!m || m.get(field) === v) return;
  m.set(field, v);
  doc.commit();
}

export function setActionStatus(doc: LoroDoc, id: string, status: ActionStatus): void {
  const m = actionMap(doc, id);
  if (!m || m.get("status") === status) return;
  m.set("status", status);
  doc.commit();
}

/** Sets the due date (`YYYY-MM-DD`) or removes it (null); anything else is refused (false). */
export function setActionDue(doc: LoroDoc, id: string, due: string | null): boolean {
  const m = actionMap(doc, id);
  if (!m) return false;
  if (due !== null && !isIsoDate(due)) return false;
  if ((m.get("due") ?? null) === due) return true;
  if (due === null) m.delete("due");
  else m.set("due", due);
  doc.commit();
  return true;
}

/** The metric the action should move and by how much; null removes either. */
export function setActionEffect(
  doc: LoroDoc,
  id: string,
  metric: string | null,
  effect: number | null,
): boolean {
  const m = actionMap(doc, id);
  if (!m) return false;
  if (effect !== null && !Number.isFinite(effect)) return false;
  if ((m.get("metric") ?? null) === metric && (m.get("effect") ?? null) === effect) return true;
  if (metric === null) m.delete("metric");
  else m.set("metric", metric);
  if (effect === null) m.delete("effect");
  else m.set("effect", effect);
  doc.commit();
  return true;
}

/** Links or unlinks a card the action answers. */
export function setActionCard(doc: LoroDoc, id: string, card: string, on: boolean): boolean {
  const m = actionMap(doc, id);
  const list = m?.get("cards");
  if (!(list instanceof LoroList)) return false;
  const items = list.toArray();
  const at = items.indexOf(card);
  if (on === at >= 0) return true;
  if (on && items.length >= MAX_ACTION_CARDS) return false;
  if (on) list.push(card);
  else list.delete(at, 1);
  doc.commit();
  return true;
}

export function deleteAction(doc: LoroDoc, id: string): void {
  if (!actionMap(doc, id)) return;
  doc.getMap(ROOT.actions).delete(id);
  doc.commit();
}
