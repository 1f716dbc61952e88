// The workshop's agenda (doc/agenda.ts). The facilitator plans it in the timer's panel — sections
// with their minutes, reordered and removed in place — and starts a section, which starts
// everyone's timer with its title; "Next" moves on. Everyone sees where the workshop stands: the
// timer chip says "2/5", and the list marks what is done, what is under way and what comes next.
import type { LoroDoc } from "loro-crdt";
import { useEffect, useRef } from "react";
import {
  type Agenda,
  type AgendaSection,
  newSection,
  nextSection,
  placeOf,
  plannedMinutes,
  startSection,
  writeAgenda,
} from "../../doc/agenda";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_AGENDA_SECTIONS } from "../../wire/limits";
import { SectionRow } from "./AgendaRow";

/** Minutes a new section starts with. */
export const NEW_SECTION_MINUTES = 10;

type Translate = (key: string, options?: Record<string, string>) => string;

/** The section under way, its place and the count, or null when none is. */
function stepOf(agenda: Agenda | null) {
  if (!agenda) return null;
  const at = agenda.sections.findIndex((s) => s.id === agenda.current);
  const section = agenda.sections[at];
  return section ? { section, at: String(at + 1), count: String(agenda.sections.length) } : null;
}

/** "Section 2 of 5: Map the pain points", or "" when no section is under way. */
export function agendaStepWords(t: Translate, agenda: Agenda | null): string {
  const step = stepOf(agenda);
  if (!step) return "";
  const title = step.section.title || t("agenda.untitled", { n: step.at });
  return t("agenda.stepSay", { at: step.at, count: step.count, title });
}

/** "2/5" for the section under way (said in full by the chip's name), or null when none is. */
export function AgendaStep({ agenda }: { agenda: Agenda | null }) {
  const { t } = useTranslation();
  const step = stepOf(agenda);
  if (!step) return null;
  return (
    <span className="agenda-step" data-testid="agenda-step" aria-hidden="true">
      {t("agenda.step", { at: step.at, count: step.count })}
    </span>
  );
}

/** The sections as everyone reads them: title, minutes, and whether done, under way or next. */
export function AgendaList({ agenda }: { agenda: Agenda }) {
  const { t } = useTranslation();
  return (
    <ol className="agenda-list" data-testid="agenda-list">
      {agenda.sections.map((s, i) => {
        const place = placeOf(agenda, i);
        return (
          <li
            key={s.id}
            className="agenda-row"
            data-place={place}
            aria-current={place === "current" ? "step" : undefined}
          >
            <span className="agenda-place">{t(`agenda.place.${place}`)}</span>
            <span className="agenda-title">
              {s.title || t("agenda.untitled", { n: String(i + 1) })}
            </span>
            <span className="agenda-minutes">{t("timer.minutes", { count: s.minutes })}</span>
          </li>
        );
      })}
    </ol>
  );
}

interface EditorProps {
  doc: LoroDoc;
  hostNow: () => number;
  agenda: Agenda | null;
  /** A section was started (the panel may close). */
  onStarted: () => void;
}

/** The facilitator's agenda: edit the sections in place, start one, move on to the next. */
export function AgendaEditor({ doc, hostNow, agenda, onStarted }: EditorProps) {
  const { t } = useTranslation();
  const sections = agenda?.sections ?? [];
  const current = agenda?.current ?? null;
  /** Writes the sections (none: no agenda), with the section under way unless told another. */
  const save = (next: AgendaSection[], under: string | null = current) =>
    writeAgenda(doc, next.length > 0 ? { sections: next, current: under } : null);
  const change = (id: string, patch: Partial<AgendaSection>) =>
    save(sections.map((s) => (s.id === id ? { ...s, ...patch } : s)));
  const move = (from: number, to: number) => {
    const next = [...sections];
    const [moved] = next.splice(from, 1);
    if (!moved) return;
    next.splice(to, 0, moved);
    save(next);
  };
  const start = (id: string) => {
    if (!agenda) return;
    startSection(doc, agenda, id, hostNow());
    onStarted();
  };
  const upcoming = agenda ? nextSection(agenda) : null;
  const upcomingAt = upcoming ? sections.indexOf(upcoming) : -1;
  /** Removing the section under way leaves the one before it under way: Next goes on after it. */
  const remove = (index: number) => {
    const removed = sections[index];
    const stays = removed?.id === current ? (sections[index - 1]?.id ?? null) : current;
    focusAfterRemoval.current = index;
    save(
      sections.filter((_, i) => i !== index),
      stays,
    );
  };
  // The removed row's ✕ had the focus: it goes to the ✕ of the row now in its place (or the one
  // before it), or to "Add a section" when none is left, never to the page.
  const editor = useRef<HTMLElement>(null);
  const focusAfterRemoval = useRef<number | null>(null);
  useEffect(() => {
    const at = focusAfterRemoval.current;
    if (at === null || !editor.current) return;
    focusAfterRemoval.current = null;
    const removes = editor.current.querySelectorAll<HTMLElement>('[data-testid="agenda-remove"]');
    const target = removes[Math.min(at, sections.length - 1)] ?? addButton.current;
    target?.focus();
  }, [sections]);
  const addButton = useRef<HTMLButtonElement>(null);
  const full = sections.length >= MAX_AGENDA_SECTIONS;
  return (
    <section
      ref={editor}
      className="agenda-editor"
      aria-label={t("agenda.title")}
      data-testid="agenda-editor"
    >
      <div className="agenda-head">
        <strong>{t("agenda.title")}</strong>
        {agenda && (
          <span className="agenda-planned">
            {t("agenda.planned", { minutes: String(plannedMinutes(agenda)) })}
          </span>
        )}
      </div>
      {sections.length === 0 && <p className="agenda-intro">{t("agenda.intro")}</p>}
      {upcoming && (
        <button
          type="button"
          className="small-button agenda-next"
          data-testid="agenda-next"
          onClick={() => start(upcoming.id)}
        >
          {t("agenda.next", {
            title: upcoming.title || t("agenda.untitled", { n: String(upcomingAt + 1) }),
          })}
        </button>
      )}
      <ol className="agenda-rows">
        {sections.map((s, i) => (
          <SectionRow
            key={s.id}
            section={s}
            index={i}
            last={i === sections.length - 1}
            place={agenda ? placeOf(agenda, i) : "upcoming"}
            onChange={(patch) => change(s.id, patch)}
            onMove={(to) => move(i, to)}
            onRemove={() => remove(i)}
            onStart={() => start(s.id)}
          />
        ))}
      </ol>
      <button
        ref={addButton}
        type="button"
        className="small-button"
        data-testid="agenda-add"
        disabled={full}
        title={full ? t("agenda.full", { max: String(MAX_AGENDA_SECTIONS) }) : undefined}
        onClick={() => save([...sections, newSection("", NEW_SECTION_MINUTES)])}
      >
        {t("agenda.add")}
      </button>
    </section>
  );
}
