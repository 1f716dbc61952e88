// The workshop's timer, the countdown every screen shows (crates/model/src/workshop_timer.rs): one
// plain value under `workshop.timer`, written whole by the facilitator so two writes never mix
// fields, with its times on the host's clock (each screen adds the offset the host told it when it
// joined: sync/room.ts clockOffset). Its writes are no undo steps: undoing an edit must not stop
// everyone's countdown. The host refuses a timer from anyone but the facilitator.
import type { LoroDoc } from "loro-crdt";
import { MAX_TIMER_LABEL_CHARS, MAX_TIMER_MINUTES } from "../wire/limits";
import { ROOT } from "../wire/schema";
import { textHead } from "./textLength";
import { NO_UNDO_PREFIX } from "./undoSteps";

export const TIMER_KEY = "timer";
export const TIMER_ORIGIN = `${NO_UNDO_PREFIX}timer`;
export const MIN_TIMER_MS = 1_000;
export const MAX_TIMER_MS = MAX_TIMER_MINUTES * 60_000;
const MINUTE = 60_000;
/**
 * A timer that ran out this long ago is no longer shown: it belonged to a session that is over
 * (a workshop ended without stopping it, or a copy of the map made later).
 */
export const STALE_AFTER_MS = 60 * MINUTE;

/** As stored. */
export interface TimerRec {
  duration_ms: number;
  /** When it reaches zero on the host's clock; null while paused. */
  ends_at: number | null;
  /** Time left when paused (or when set and not started). */
  remaining_ms: number;
  label: string;
}

export type TimerPhase = "running" | "paused" | "done";

export interface TimerState {
  phase: TimerPhase;
  /** Milliseconds left (0 when done). */
  leftMs: number;
  durationMs: number;
  label: string;
}

/** A whole number both sides read exactly (the host stores these values as integers). */
export const isWhole = (v: unknown): v is number =>
  typeof v === "number" && Number.isSafeInteger(v);

/** The timer as stored, or null when there is none or it is not one (the host refuses those). */
export function readTimer(doc: LoroDoc): TimerRec | null {
  const v = doc.getMap(ROOT.workshop).get(TIMER_KEY) as Record<string, unknown> | undefined;
  if (!v || typeof v !== "object") return null;
  const { duration_ms, ends_at, remaining_ms, label } = v;
  if (!isWhole(duration_ms) || duration_ms < MIN_TIMER_MS || duration_ms > MAX_TIMER_MS)
    return null;
  if (!isWhole(remaining_ms) || remaining_ms < 0 || remaining_ms > duration_ms) return null;
  if (ends_at !== null && ends_at !== undefined && !isWhole(ends_at)) return null;
  return {
    duration_ms,
    ends_at: isWhole(ends_at) ? ends_at : null,
    remaining_ms,
    label: typeof label === "string" ? label : "",
  };
}

/** What the timer shows at `hostNow` (the host's clock). */
export function timerState(t: TimerRec | null, hostNow: number): TimerState | null {
  if (!t) return null;
  if (t.ends_at === null) {
    return { phase: "paused", leftMs: t.remaining_ms, durationMs: t.duration_ms, label: t.label };
  }
  const left = Math.max(0, t.ends_at - hostNow);
  if (hostNow - t.ends_at > STALE_AFTER_MS) return null;
  return {
    phase: left > 0 ? "running" : "done",
    leftMs: left,
    durationMs: t.duration_ms,
    label: t.label,
  };
}

/** "4:59", "1:02:03": whole seconds, rounded up, so 0:00 shows only when the time is up. */
export function formatLeft(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** The label as kept: trimmed and at most MAX_TIMER_LABEL_CHARS characters. */
export function timerLabel(label: string): string {
  return textHead(label.trim(), MAX_TIMER_LABEL_CHARS);
}

function write(doc: LoroDoc, t: TimerRec | null): void {
  const map = doc.getMap(ROOT.workshop);
  if (t) map.set(TIMER_KEY, { ...t });
  else map.delete(TIMER_KEY);
  doc.commit({ origin: TIMER_ORIGIN });
}

const clampDuration = (ms: number) =>
  Math.min(MAX_TIMER_MS, Math.max(MIN_TIMER_MS, Math.round(ms)));

/** A countdown of `minutes` (whole or not) starting at `hostNow`, as stored. */
export function runningTimer(minutes: number, label: string, hostNow: number): TimerRec {
  const duration = clampDuration(minutes * MINUTE);
  return {
    duration_ms: duration,
    ends_at: Math.round(hostNow) + duration,
    remaining_ms: duration,
    label: timerLabel(label),
  };
}

/** Starts a countdown of `minutes` (whole or not) for everyone, now. */
export function startTimer(doc: LoroDoc, minutes: number, label: string, hostNow: number): void {
  write(doc, runningTimer(minutes, label, hostNow));
}

export function pauseTimer(doc: LoroDoc, hostNow: number): void {
  const t = readTimer(doc);
  const s = timerState(t, hostNow);
  if (!t || !s || s.phase !== "running") return;
  // Never more left than it was set to, whatever this screen's idea of the host's clock.
  const left = Math.min(t.duration_ms, Math.max(0, Math.round(s.leftMs)));
  write(doc, { ...t, ends_at: null, remaining_ms: left });
}

export function resumeTimer(doc: LoroDoc, hostNow: number): void {
  const t = readTimer(doc);
  if (!t || t.ends_at !== null || t.remaining_ms === 0) return;
  write(doc, { ...t, ends_at: Math.round(hostNow) + t.remaining_ms });
}

/** One more minute: on the time left (a finished timer starts again with one minute). */
export function addMinute(doc: LoroDoc, hostNow: number): void {
  const t = readTimer(doc);
  const s = timerState(t, hostNow);
  if (!t || !s) return;
  const duration = clampDuration(t.duration_ms + MINUTE);
  const added = duration - t.duration_ms;
  if (added <= 0) return;
  if (s.phase === "paused") {
    write(doc, { ...t, duration_ms: duration, remaining_ms: t.remaining_ms + added });
  } else {
    const from = s.phase === "done" ? Math.round(hostNow) : (t.ends_at ?? Math.round(hostNow));
    write(doc, {
      ...t,
      duration_ms: duration,
      ends_at: from + added,
      remaining_ms: t.remaining_ms,
    });
  }
}

/** Takes the timer away from every screen. */
export function clearTimer(doc: LoroDoc): void {
  if (doc.getMap(ROOT.workshop).get(TIMER_KEY) === undefined) return;
  write(doc, null);
}
