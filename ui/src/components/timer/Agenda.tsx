// The workshop's agenda (doc/agenda.ts). The facilitator plans it in the timer's panel — sections
// with their minutes, reordered and removed in place — and starts a section, which starts
// everyone's timer with its title; "Next" moves on. Everyone sees where the workshop stands: the
// timer chip says "2/5", and the list marks what is done, what is under way and what comes next.
import type { LoroDoc } from "loro-crdt";
import { useState } from "react";
import {
  type Agenda,
  type AgendaSection,
  newSection,
  nextSection,
  placeOf,
  plannedMinutes,
  sectionMinutes,
  sectionTitle,
  startSection,
  writeAgenda,
} from "../../doc/agenda";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_AGENDA_SECTIONS, MAX_TIMER_LABEL_CHARS, MAX_TIMER_MINUTES } from "../../wire/limits";
import { charLimit } from "../shared/charLimit";

/** Minutes a new section starts with. */
export const NEW_SECTION_MINUTES = 10;

/** "2/5" for the section under way, or null when none is. */
export function AgendaStep({ agenda }: { agenda: Agenda | null }) {
  const { t } = useTranslation();
  if (!agenda) return null;
  const at = agenda.sections.findIndex((s) => s.id === agenda.current);
  const section = agenda.sections[at];
  if (!section) return null;
  const words = { at: String(at + 1), count: String(agenda.sections.length) };
  return (
    <span
      className="agenda-step"
      data-testid="agenda-step"
      title={t("agenda.stepSay", { ...words, title: section.title })}
    >
      {t("agenda.step", words)}
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
  const save = (next: AgendaSection[]) =>
    writeAgenda(doc, next.length > 0 ? { sections: next, current } : null);
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
  const full = sections.length >= MAX_AGENDA_SECTIONS;
  return (
    <section className="agenda-editor" aria-label={t("agenda.title")} data-testid="agenda-editor">
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
          {t("agenda.next", { title: upcoming.title || t("agenda.untitled", { n: "" }).trim() })}
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
            onRemove={() => save(sections.filter((x) => x.id !== s.id))}
            onStart={() => start(s.id)}
          />
        ))}
      </ol>
      <button
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

interface RowProps {
  section: AgendaSection;
  index: number;
  last: boolean;
  place: "done" | "current" | "upcoming";
  onChange: (patch: Partial<AgendaSection>) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
  onStart: () => void;
}

function SectionRow({
  section,
  index,
  last,
  place,
  onChange,
  onMove,
  onRemove,
  onStart,
}: RowProps) {
  const { t } = useTranslation();
  const n = String(index + 1);
  // Typed text is written when the field is left or Enter pressed (an IME composition never
  // reaches the document half-way); minutes as soon as they are a length the agenda takes.
  const [title, setTitle] = useState(section.title);
  const [minutes, setMinutes] = useState(String(section.minutes));
  const typed = Number(minutes.replace(",", "."));
  const minutesOk = Number.isInteger(typed) && typed >= 1 && typed <= MAX_TIMER_MINUTES;
  const commitTitle = () => {
    const kept = sectionTitle(title);
    if (kept !== section.title) onChange({ title: kept });
  };
  return (
    <li className="agenda-row agenda-edit-row" data-place={place} data-testid="agenda-row">
      <span className="agenda-place">{t(`agenda.place.${place}`)}</span>
      <input
        className="agenda-title-input"
        data-testid="agenda-title"
        aria-label={t("agenda.sectionTitle", { n })}
        placeholder={t("agenda.titlePlaceholder")}
        value={title}
        {...charLimit(MAX_TIMER_LABEL_CHARS, setTitle)}
        onBlur={commitTitle}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.nativeEvent.isComposing) commitTitle();
        }}
      />
      <div className="agenda-controls">
        <input
          className="agenda-minutes-input"
          data-testid="agenda-minutes"
          inputMode="numeric"
          aria-label={t("agenda.minutes", { n })}
          aria-invalid={!minutesOk}
          value={minutes}
          onChange={(e) => {
            setMinutes(e.target.value);
            const m = Number(e.target.value.replace(",", "."));
            if (Number.isInteger(m) && m >= 1 && m <= MAX_TIMER_MINUTES)
              onChange({ minutes: sectionMinutes(m) });
          }}
        />
        <span className="agenda-unit">{t("agenda.minutesShort")}</span>
        <button
          type="button"
          className="small-button"
          data-testid="agenda-start"
          aria-label={t("agenda.startNamed", {
            title: section.title || t("agenda.untitled", { n }),
            minutes: String(section.minutes),
          })}
          onClick={onStart}
        >
          {place === "upcoming" ? t("agenda.start") : t("agenda.restart")}
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={t("agenda.up", { n })}
          disabled={index === 0}
          onClick={() => onMove(index - 1)}
        >
          ↑
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={t("agenda.down", { n })}
          disabled={last}
          onClick={() => onMove(index + 1)}
        >
          ↓
        </button>
        <button
          type="button"
          className="icon-button"
          data-testid="agenda-remove"
          aria-label={t("agenda.remove", { n })}
          onClick={onRemove}
        >
          ✕
        </button>
      </div>
    </li>
  );
}
