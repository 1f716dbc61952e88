// The workshop's agenda (crates/model/src/workshop_agenda.rs): timed sections the facilitator
// plans and moves through. One plain value under `workshop.agenda`, written whole by the
// facilitator like the timer; starting a section starts everyone's timer with its title and length
// in the same change, so every screen shows where the workshop stands. Its writes are no undo
// steps (undoing an edit must not move the workshop back a section). The host refuses an agenda
// from anyone but the facilitator, and one that is not an agenda.
import type { LoroDoc } from "loro-crdt";
import { MAX_AGENDA_SECTIONS, MAX_TIMER_LABEL_CHARS, MAX_TIMER_MINUTES } from "../wire/limits";
import { ROOT } from "../wire/schema";
import { newId } from "./actions";
import { textHead, textLength } from "./textLength";
import { isWhole, runningTimer, TIMER_KEY } from "./timer";
import { NO_UNDO_PREFIX } from "./undoSteps";

export const AGENDA_KEY = "agenda";
export const AGENDA_ORIGIN = `${NO_UNDO_PREFIX}agenda`;
/** Longest section id the host takes. */
const MAX_SECTION_ID_CHARS = 40;

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
  if (typeof id !== "string" || id === "" || id.length > MAX_SECTION_ID_CHARS || seen.has(id))
    return null;
  if (typeof title !== "string" || textLength(title) > MAX_TIMER_LABEL_CHARS) return null;
  if (!isWhole(minutes) || minutes < 1 || minutes > MAX_TIMER_MINUTES) return null;
  seen.add(id);
  return { id, title, minutes };
}

/** The agenda as stored, or null when there is none or it is not one (the host refuses those). */
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

/** A new section's title as kept: trimmed, at most the timer label's length. */
export function sectionTitle(title: string): string {
  return textHead(title.trim(), MAX_TIMER_LABEL_CHARS);
}

/** Minutes as the agenda keeps them: whole, from 1 to the longest timer. */
export function sectionMinutes(minutes: number): number {
  if (!Number.isFinite(minutes)) return 1;
  return Math.min(MAX_TIMER_MINUTES, Math.max(1, Math.round(minutes)));
}

export function newSection(title: string, minutes: number): AgendaSection {
  return {
    id: `s-${newId().slice(0, 12)}`,
    title: sectionTitle(title),
    minutes: sectionMinutes(minutes),
  };
}

function plain(a: Agenda): Record<string, unknown> {
  return { sections: a.sections.map((s) => ({ ...s })), current: a.current };
}

/** Writes the agenda whole (or removes it with null). */
export function writeAgenda(doc: LoroDoc, agenda: Agenda | null): void {
  const map = doc.getMap(ROOT.workshop);
  if (agenda) {
    const sections = agenda.sections.slice(0, MAX_AGENDA_SECTIONS);
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
