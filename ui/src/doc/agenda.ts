// The workshop's agenda (crates/model/src/workshop_agenda.rs): timed sections the facilitator
// plans and moves through. One plain value under `workshop.agenda`, written whole by the
// facilitator like the timer; starting a section starts everyone's timer with its title and length
// in the same change, so every screen shows where the workshop stands. Its writes are no undo
// steps (undoing an edit must not move the workshop back a section). The host refuses an agenda
// from anyone but the facilitator, and one that is not an agenda.
import type { LoroDoc } from "loro-crdt";
import {
  MAX_AGENDA_SECTION_ID_CHARS,
  MAX_AGENDA_SECTIONS,
  MAX_TIMER_LABEL_CHARS,
  MAX_TIMER_MINUTES,
} from "../wire/limits";
import { ROOT } from "../wire/schema";
import { newId } from "./actions";
import { textLength } from "./textLength";
import { isWhole, runningTimer, TIMER_KEY, timerLabel } from "./timer";
import { NO_UNDO_PREFIX } from "./undoSteps";

export const AGENDA_KEY = "agenda";
export const AGENDA_ORIGIN = `${NO_UNDO_PREFIX}agenda`;

export interface AgendaSection {
  id: string;
  /** What the section is for; it becomes the timer's label. */
  title: string;
  /** Planned length, whole minutes from 1 to MAX_TIMER_MINUTES. */
  minutes: number;
}

export interface Agenda {
  sections: AgendaSection[];
  /** The section under way (the ones before it are behind), or null before the first. */
  current: string | null;
}

function readSection(v: unknown, seen: Set<string>): AgendaSection | null {
  if (!v || typeof v !== "object") return null;
  const { id, title, minutes } = v as Record<string, unknown>;
  if (
    typeof id !== "string" ||
    id === "" ||
    textLength(id) > MAX_AGENDA_SECTION_ID_CHARS ||
    seen.has(id)
  )
    return null;
  if (typeof title !== "string" || textLength(title) > MAX_TIMER_LABEL_CHARS) return null;
  if (!isWhole(minutes) || minutes < 1 || minutes > MAX_TIMER_MINUTES) return null;
  seen.add(id);
  return { id, title, minutes };
}

/**
 * The agenda as stored, or null when there is none or its sections are not ones the host keeps; a
 * current section that is not among them reads as none (the host refuses such an agenda, so only
 * a copy made by hand holds one).
 */
export function readAgenda(doc: LoroDoc): Agenda | null {
  const v = doc.getMap(ROOT.workshop).get(AGENDA_KEY) as Record<string, unknown> | undefined;
  if (!v || typeof v !== "object" || !Array.isArray(v.sections)) return null;
  if (v.sections.length > MAX_AGENDA_SECTIONS) return null;
  const seen = new Set<string>();
  const sections: AgendaSection[] = [];
  for (const raw of v.sections) {
    const section = readSection(raw, seen);
    if (!section) return null;
    sections.push(section);
  }
  const current = typeof v.current === "string" && seen.has(v.current) ? v.current : null;
  return { sections, current };
}

/**
 * Typed minutes as the agenda keeps them — whole, from 1 to the longest timer, in ASCII or
 * full-width digits (a Chinese input method types "１５") — or null.
 */
export function parseSectionMinutes(text: string): number | null {
  const digits = text
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (!/^\d{1,3}$/.test(digits)) return null;
  const m = Number(digits);
  return m >= 1 && m <= MAX_TIMER_MINUTES ? m : null;
}

/** A section with a fresh id; `minutes` must be whole and in range (parseSectionMinutes). */
export function newSection(title: string, minutes: number): AgendaSection {
  return { id: `s-${newId().slice(0, 12)}`, title: timerLabel(title), minutes };
}

function plain(a: Agenda): Record<string, unknown> {
  return { sections: a.sections.map((s) => ({ ...s })), current: a.current };
}

/** Writes the agenda whole (or removes it with null); a current section not among them is none. */
export function writeAgenda(doc: LoroDoc, agenda: Agenda | null): void {
  const map = doc.getMap(ROOT.workshop);
  if (agenda) {
    const { sections } = agenda;
    const current = sections.some((s) => s.id === agenda.current) ? agenda.current : null;
    map.set(AGENDA_KEY, plain({ sections, current }));
  } else map.delete(AGENDA_KEY);
  doc.commit({ origin: AGENDA_ORIGIN });
}

/** Makes `id` the section under way and starts everyone's timer for it, in one change. */
export function startSection(doc: LoroDoc, agenda: Agenda, id: string, hostNow: number): void {
  const section = agenda.sections.find((s) => s.id === id);
  if (!section) return;
  const map = doc.getMap(ROOT.workshop);
  map.set(AGENDA_KEY, plain({ ...agenda, current: id }));
  map.set(TIMER_KEY, { ...runningTimer(section.minutes, section.title, hostNow) });
  doc.commit({ origin: AGENDA_ORIGIN });
}

/** The section after the one under way (the first before any), or null after the last. */
export function nextSection(agenda: Agenda): AgendaSection | null {
  const at = agenda.sections.findIndex((s) => s.id === agenda.current);
  return agenda.sections[at + 1] ?? null;
}

export type SectionPlace = "done" | "current" | "upcoming";

/** Where `index` stands against the section under way. */
export function placeOf(agenda: Agenda, index: number): SectionPlace {
  const at = agenda.sections.findIndex((s) => s.id === agenda.current);
  if (at < 0 || index > at) return "upcoming";
  return index === at ? "current" : "done";
}

/** Planned minutes of the whole agenda. */
export function plannedMinutes(agenda: Agenda): number {
  return agenda.sections.reduce((sum, s) => sum + s.minutes, 0);
}
