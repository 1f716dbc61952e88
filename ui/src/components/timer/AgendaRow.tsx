// One section of the agenda as the facilitator edits it: its title and minutes are written when
// the person is done with the field (Enter, leaving it, or the panel closing under it), so another
// facilitator window's change shows as soon as this one is not being typed in and an IME
// composition never reaches the document half-way; Escape puts back what is stored.
import { useEffect, useRef } from "react";
import { type AgendaSection, parseSectionMinutes, type SectionPlace } from "../../doc/agenda";
import { timerLabel } from "../../doc/timer";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_TIMER_LABEL_CHARS, MAX_TIMER_MINUTES } from "../../wire/limits";
import { charLimit } from "../shared/charLimit";
import { useCommitDraft } from "../shared/useCommitDraft";

interface RowProps {
  section: AgendaSection;
  index: number;
  last: boolean;
  place: SectionPlace;
  onChange: (patch: Partial<AgendaSection>) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
  onStart: () => void;
}

/** Writes a field still being typed in when its row goes (the panel closed by a click outside). */
function useCommitOnUnmount(commit: () => void): void {
  const latest = useRef(commit);
  latest.current = commit;
  useEffect(() => () => latest.current(), []);
}

export function SectionRow({
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
  const title = useCommitDraft(section.title, (text) => {
    onChange({ title: timerLabel(text) });
    return true;
  });
  const minutes = useCommitDraft(String(section.minutes), (text) => {
    const m = parseSectionMinutes(text);
    if (m === null) return false;
    if (m !== section.minutes) onChange({ minutes: m });
    return true;
  });
  useCommitOnUnmount(title.commit);
  useCommitOnUnmount(minutes.commit);
  const rangeId = `agenda-range-${section.id}`;
  return (
    <li
      className="agenda-row agenda-edit-row"
      data-place={place}
      data-testid="agenda-row"
      aria-current={place === "current" ? "step" : undefined}
    >
      <span className="agenda-place">{t(`agenda.place.${place}`)}</span>
      <input
        className="agenda-title-input"
        data-testid="agenda-title"
        aria-label={t("agenda.sectionTitle", { n })}
        placeholder={t("agenda.titlePlaceholder")}
        value={title.draft}
        {...charLimit(MAX_TIMER_LABEL_CHARS, title.edit)}
        onBlur={title.commit}
        onKeyDown={title.onKeyDown}
      />
      <div className="agenda-controls">
        <input
          className="agenda-minutes-input"
          data-testid="agenda-minutes"
          inputMode="numeric"
          aria-label={t("agenda.minutes", { n })}
          aria-describedby={rangeId}
          aria-invalid={minutes.invalid || parseSectionMinutes(minutes.draft) === null}
          value={minutes.draft}
          onChange={(e) => minutes.edit(e.target.value)}
          onBlur={minutes.commit}
          onKeyDown={minutes.onKeyDown}
        />
        <span className="agenda-unit" aria-hidden="true">
          {t("agenda.minutesShort")}
        </span>
        <span className="sr-only" id={rangeId}>
          {t("agenda.range", { max: String(MAX_TIMER_MINUTES) })}
        </span>
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
          aria-disabled={index === 0}
          onClick={() => index > 0 && onMove(index - 1)}
        >
          ↑
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={t("agenda.down", { n })}
          aria-disabled={last}
          onClick={() => !last && onMove(index + 1)}
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
