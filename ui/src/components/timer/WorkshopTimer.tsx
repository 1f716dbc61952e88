// The workshop timer in the top bar. Everyone on the map sees the countdown (what it is for, the
// time left; the last 30 seconds and "time's up" are said in words and colour). The facilitator
// also gets the controls: start with a preset or typed length and an optional label, pause,
// resume, one more minute, stop, and the agenda (Agenda.tsx). Participants see it read-only (the
// host refuses their writes): a tap on the chip says its words whole (a long label is cut on the
// chip), and the agenda's sections when there is one.
import type { LoroDoc } from "loro-crdt";
import { type RefObject, useEffect, useRef, useState } from "react";
import { type Agenda, readAgenda } from "../../doc/agenda";
import {
  addMinute,
  clearTimer,
  formatLeft,
  pauseTimer,
  resumeTimer,
  startTimer,
  type TimerState,
} from "../../doc/timer";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_TIMER_LABEL_CHARS, MAX_TIMER_MINUTES } from "../../wire/limits";
import { BoardPopover } from "../board/BoardPopover";
import { charLimit } from "../shared/charLimit";
import { AgendaEditor, AgendaList, AgendaStep, agendaStepWords } from "./Agenda";
import { useWorkshopTimer, useWorkshopValue } from "./useWorkshopTimer";

/** The lengths offered with one click, in minutes. */
export const TIMER_PRESETS = [1, 3, 5, 10, 15, 30] as const;
/** From here on the countdown warns (colour and words). */
export const TIMER_WARN_MS = 30_000;

interface Props {
  doc: LoroDoc;
  /** The host's clock now (sync/room.ts hostNow). */
  hostNow: () => number;
  /** The facilitator: may start, pause and stop it. */
  canRun: boolean;
}

type Look = "running" | "warning" | "paused" | "done";

function lookOf(s: TimerState): Look {
  if (s.phase === "running" && s.leftMs <= TIMER_WARN_MS) return "warning";
  return s.phase;
}

export function WorkshopTimer({ doc, hostNow, canRun }: Props) {
  const { t } = useTranslation();
  const state = useWorkshopTimer(doc, hostNow);
  const agenda = useWorkshopValue(doc, readAgenda);
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  // A participant's timer and agenda both gone while open: closed, so the next one does not open
  // by itself.
  const nothingToShow = !canRun && !agenda && !state;
  useEffect(() => {
    if (nothingToShow) setOpen(false);
  }, [nothingToShow]);
  if (!state && !canRun && !agenda) return null;

  const look = state ? lookOf(state) : null;
  const shown = state ? (state.phase === "done" ? t("timer.done") : formatLeft(state.leftMs)) : "";
  const step = state ? agendaStepWords(t, agenda) : "";
  const words = state
    ? `${step} ${t(`timer.say.${look}`, { left: formatLeft(state.leftMs), label: state.label })}`.trim()
    : canRun
      ? t("timer.open")
      : t("agenda.show");
  const face = (
    <>
      <span className="timer-icon" aria-hidden="true">
        ⏱
      </span>
      {state && <AgendaStep agenda={agenda} />}
      {state?.label && <span className="timer-label">{state.label}</span>}
      <span className="timer-left" data-testid="timer-left">
        {state ? shown : words}
      </span>
    </>
  );
  // Said once to screen readers when the countdown starts warning and when time is up (the chip
  // itself is a timer, which is not read out as it changes).
  const announce =
    look === "warning" ? t("timer.announceWarning") : look === "done" ? t("timer.done") : "";
  return (
    <span className="workshop-timer-wrap">
      <span className="sr-only" aria-live="polite" data-testid="timer-announce">
        {announce}
      </span>
      <button
        ref={opener}
        type="button"
        className="small-button workshop-timer"
        data-testid="timer"
        data-look={look ?? "idle"}
        aria-expanded={open}
        title={words}
        aria-label={words}
        onClick={() => setOpen((o) => !o)}
      >
        {face}
      </button>
      {open && canRun && (
        <TimerControls
          doc={doc}
          hostNow={hostNow}
          state={state}
          agenda={agenda}
          onClose={() => setOpen(false)}
          toggle={opener}
        />
      )}
      {open && !canRun && (agenda || state) && (
        // A participant's: the countdown's words whole (the chip cuts a long label, and a phone
        // shows no tooltip), and the agenda when there is one.
        <BoardPopover
          label={agenda ? t("agenda.title") : t("timer.title")}
          testId="agenda-view"
          onClose={() => setOpen(false)}
          toggle={opener}
        >
          {state && (
            <p className="timer-words" data-testid="timer-words">
              {words}
            </p>
          )}
          {agenda && (
            <>
              <strong>{t("agenda.title")}</strong>
              <AgendaList agenda={agenda} />
            </>
          )}
        </BoardPopover>
      )}
    </span>
  );
}

interface RunningAction {
  id: "pause" | "resume" | "add-minute" | "stop";
  label: string;
  run: (doc: LoroDoc, hostNow: number) => void;
}

/** What can be done to a timer that is set, in the order offered. */
function runningActions(s: TimerState): RunningAction[] {
  const out: RunningAction[] = [];
  if (s.phase === "running") out.push({ id: "pause", label: "pause", run: pauseTimer });
  if (s.phase === "paused" && s.leftMs > 0)
    out.push({ id: "resume", label: "resume", run: resumeTimer });
  out.push({ id: "add-minute", label: "addMinute", run: addMinute });
  out.push({ id: "stop", label: "stop", run: (doc) => clearTimer(doc) });
  return out;
}

interface ControlsProps {
  doc: LoroDoc;
  hostNow: () => number;
  state: TimerState | null;
  agenda: Agenda | null;
  onClose: () => void;
  toggle: RefObject<HTMLButtonElement | null>;
}

function TimerControls({ doc, hostNow, state, agenda, onClose, toggle }: ControlsProps) {
  const { t } = useTranslation();
  const [label, setLabel] = useState(state?.label ?? "");
  const [minutes, setMinutes] = useState("");
  const typed = Number(minutes.replace(",", "."));
  const typedOk = minutes.trim() !== "" && typed > 0 && typed <= MAX_TIMER_MINUTES;
  const start = (m: number) => {
    startTimer(doc, m, label, hostNow());
    onClose();
  };
  return (
    <BoardPopover
      label={t("timer.title")}
      testId="timer-controls"
      onClose={onClose}
      toggle={toggle}
    >
      <strong>{t("timer.title")}</strong>
      {state && (
        <div className="timer-running-actions">
          {runningActions(state).map((a) => (
            <button
              key={a.id}
              type="button"
              className="small-button"
              data-testid={`timer-${a.id}`}
              onClick={() => {
                a.run(doc, hostNow());
                if (a.id === "stop") onClose();
              }}
            >
              {t(`timer.${a.label}`)}
            </button>
          ))}
        </div>
      )}
      <label className="field">
        <span>{t("timer.label")}</span>
        <input
          data-testid="timer-label-input"
          value={label}
          placeholder={t("timer.labelPlaceholder")}
          {...charLimit(MAX_TIMER_LABEL_CHARS, setLabel)}
        />
      </label>
      <fieldset className="timer-presets" aria-label={t("timer.presets")}>
        {TIMER_PRESETS.map((m) => (
          <button
            key={m}
            type="button"
            className="small-button"
            data-testid={`timer-preset-${m}`}
            onClick={() => start(m)}
          >
            {t("timer.minutes", { count: m })}
          </button>
        ))}
      </fieldset>
      <form
        className="timer-custom"
        onSubmit={(e) => {
          e.preventDefault();
          if (typedOk) start(typed);
        }}
      >
        <label className="field">
          <span>{t("timer.custom", { max: String(MAX_TIMER_MINUTES) })}</span>
          <input
            data-testid="timer-minutes"
            inputMode="decimal"
            value={minutes}
            aria-invalid={minutes.trim() !== "" && !typedOk}
            onChange={(e) => setMinutes(e.target.value)}
          />
        </label>
        <button
          type="submit"
          className="small-button"
          data-testid="timer-start"
          disabled={!typedOk}
        >
          {t("timer.start")}
        </button>
      </form>
      <AgendaEditor doc={doc} hostNow={hostNow} agenda={agenda} onStarted={onClose} />
    </BoardPopover>
  );
}
