// Reads and writes the map's `meta` container (map-document.md): title, actor persona, scenario and
// the customer's expectations. Each write is one commit; values are plain strings (persona_id is
// absent for "no persona"), so concurrent edits resolve last-writer-wins per field.
import type { LoroDoc } from "loro-crdt";
import { MAX_META_TEXT_CHARS, MAX_TITLE_CHARS } from "../wire/limits";
import { ROOT } from "./schema";
import { textHead } from "./textLength";

/** Longest map title, in characters (MAX_TITLE_CHARS in crates/model/src/schema.rs). */
export const MAX_MAP_TITLE = MAX_TITLE_CHARS;
/** Longest scenario / expectations text, in characters (MAX_META_TEXT_CHARS). */
export const MAX_META_TEXT = MAX_META_TEXT_CHARS;

export interface MapMeta {
  title: string;
  personaId: string | null;
  scenario: string;
  expectations: string;
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

export function readMapMeta(doc: LoroDoc): MapMeta {
  const m = doc.getMap(ROOT.meta);
  const persona = m.get("persona_id");
  return {
    title: str(m.get("title")),
    personaId: typeof persona === "string" && persona !== "" ? persona : null,
    scenario: str(m.get("scenario")),
    expectations: str(m.get("expectations")),
  };
}

/** Writes the title (trimmed, at most MAX_MAP_TITLE characters). An empty title is refused: returns false. */
export function setMapTitle(doc: LoroDoc, title: string): boolean {
  const clean = textHead(title.trim(), MAX_MAP_TITLE);
  if (!clean) return false;
  const m = doc.getMap(ROOT.meta);
  if (m.get("title") === clean) return true;
  m.set("title", clean);
  doc.commit();
  return true;
}

/** Sets the actor persona, or removes it with null. */
export function setMapPersona(doc: LoroDoc, personaId: string | null): void {
  const m = doc.getMap(ROOT.meta);
  const current = m.get("persona_id");
  if (personaId) {
    if (current === personaId) return;
    m.set("persona_id", personaId);
  } else {
    if (current === undefined) return;
    m.delete("persona_id");
  }
  doc.commit();
}

function setText(doc: LoroDoc, key: "scenario" | "expectations", text: string): void {
  const m = doc.getMap(ROOT.meta);
  const clean = textHead(text, MAX_META_TEXT);
  if (m.get(key) === clean) return;
  m.set(key, clean);
  doc.commit();
}

export function setMapScenario(doc: LoroDoc, text: string): void {
  setText(doc, "scenario", text);
}

export function setMapExpectations(doc: LoroDoc, text: string): void {
  setText(doc, "expectations", text);
}
