// Writes to the board's structure — stages and lanes (MovableLists of Maps) — each as one commit.
// Deleting a stage or lane leaves its cards in the document, so an undo brings them back.
import type { LoroDoc, LoroMovableList } from "loro-crdt";
import { LoroMap } from "loro-crdt";
import { newId } from "./actions";
import type { LaneKind, Phase, Separator } from "./schema";
import { MAX_TITLE, ROOT } from "./schema";
import { textHead } from "./textLength";

function indexOf(list: LoroMovableList, id: string): number {
  for (let i = 0; i < list.length; i++) {
    const m = list.get(i);
    if (m instanceof LoroMap && m.get("id") === id) return i;
  }
  return -1;
}

function entry(list: LoroMovableList, id: string): LoroMap | null {
  const i = indexOf(list, id);
  const m = i < 0 ? null : list.get(i);
  return m instanceof LoroMap ? m : null;
}

/** A trimmed title of at most MAX_TITLE characters, or null when it is empty (refused). */
export function cleanTitle(raw: string): string | null {
  const t = textHead(raw.trim(), MAX_TITLE);
  return t === "" ? null : t;
}

export interface NewStage {
  title: string;
  color?: string;
  phase?: Phase;
  /** Insert after this stage; at the end when absent or unknown. */
  after?: string;
}

export function addStage(doc: LoroDoc, s: NewStage, id = newId()): string {
  const list = doc.getMovableList(ROOT.stages);
  const at = s.after ? indexOf(list, s.after) : -1;
  const index = at < 0 ? list.length : at + 1;
  const prev = index > 0 ? list.get(index - 1) : null;
  const prevPhase = prev instanceof LoroMap ? prev.get("phase") : null;
  const m = list.insertContainer(index, new LoroMap());
  m.set("id", id);
  m.set("title", cleanTitle(s.title) ?? "?");
  m.set("description", "");
  m.set("color", s.color ?? "gray");
  m.set("phase", s.phase ?? (prevPhase === "post_sale" ? "post_sale" : "pre_sale"));
  doc.commit();
  return id;
}

/**
 * Sets one field of a stage or lane; returns false if the entry is gone or a field that needs
 * text (`titled`) would be empty.
 */
function setEntryField(
  doc: LoroDoc,
  root: string,
  id: string,
  field: string,
  value: string,
  titled: boolean,
): boolean {
  const m = entry(doc.getMovableList(root), id);
  if (!m) return false;
  let v = value;
  if (titled) {
    const t = cleanTitle(value);
    if (t === null) return false;
    v = t;
  }
  if (m.get(field) === v) return true;
  m.set(field, v);
  doc.commit();
  return true;
}

/** Sets one field of a stage; returns false if the stage is gone or a title is empty. */
export function setStageField(
  doc: LoroDoc,
  id: string,
  field: "title" | "description" | "color" | "phase",
  value: string,
): boolean {
  return setEntryField(doc, ROOT.stages, id, field, value, field === "title");
}

function removeFrom(doc: LoroDoc, root: string, id: string): void {
  const list = doc.getMovableList(root);
  const i = indexOf(list, id);
  if (i < 0) return;
  list.delete(i, 1);
  doc.commit();
}

function moveIn(doc: LoroDoc, root: string, id: string, to: number): void {
  const list = doc.getMovableList(root);
  const from = indexOf(list, id);
  const target = Math.max(0, Math.min(list.length - 1, to));
  if (from < 0 || from === target) return;
  list.move(from, target);
  doc.commit();
}

export const deleteStage = (doc: LoroDoc, id: string) => removeFrom(doc, ROOT.stages, id);
export const deleteLane = (doc: LoroDoc, id: string) => removeFrom(doc, ROOT.lanes, id);
/** Moves a stage to index `to` of the stage list (MovableList move). */
export const moveStage = (doc: LoroDoc, id: string, to: number) => moveIn(doc, ROOT.stages, id, to);
export const moveLane = (doc: LoroDoc, id: string, to: number) => moveIn(doc, ROOT.lanes, id, to);

export interface NewLane {
  title: string;
  kind: LaneKind;
  role?: string;
  department?: string;
  separator?: Separator;
}

export function addLane(doc: LoroDoc, l: NewLane, id = newId()): string {
  const list = doc.getMovableList(ROOT.lanes);
  const m = list.insertContainer(list.length, new LoroMap());
  m.set("id", id);
  m.set("title", cleanTitle(l.title) ?? "?");
  m.set("kind", l.kind);
  m.set("role", l.kind === "cards" ? (l.role ?? "actions") : "");
  m.set("department", l.kind === "department" ? (l.department ?? "") : "");
  m.set("separator", l.separator ?? "none");
  doc.commit();
  return id;
}

export function setLaneField(
  doc: LoroDoc,
  id: string,
  field: "title" | "separator" | "department" | "role",
  value: string,
): boolean {
  return setEntryField(
    doc,
    ROOT.lanes,
    id,
    field,
    value,
    field === "title" || field === "department",
  );
}
