// The workshop timer's rules: what it shows at a given host time, how pause, resume, one more
// minute and stop rewrite it, that its writes are no undo steps, and how the time left is written.
import { LoroDoc, UndoManager } from "loro-crdt";
import { describe, expect, it } from "vitest";
import { MAX_TIMER_MINUTES } from "../wire/limits";
import { ROOT } from "../wire/schema";
import {
  addMinute,
  clearTimer,
  formatLeft,
  pauseTimer,
  readTimer,
  resumeTimer,
  startTimer,
  TIMER_KEY,
  timerLabel,
  timerState,
} from "./timer";
import { NO_UNDO_PREFIX } from "./undoSteps";

const T0 = 1_800_000_000_000;
const state = (doc: LoroDoc, at: number) => timerState(readTimer(doc), at);

describe("the workshop timer", () => {
  it("counts down on the host's clock, pauses, resumes and says when time is up", () => {
    const doc = new LoroDoc();
    expect(state(doc, T0)).toBeNull();
    startTimer(doc, 5, "  头脑风暴：痛点  ", T0);
    expect(readTimer(doc)).toEqual({
      duration_ms: 300_000,
      ends_at: T0 + 300_000,
      remaining_ms: 300_000,
      label: "头脑风暴：痛点",
    });
    expect(state(doc, T0 + 1_000)).toMatchObject({ phase: "running", leftMs: 299_000 });
    pauseTimer(doc, T0 + 60_000);
    // paused: the time left stays, whatever the clock says
    expect(state(doc, T0 + 200_000)).toMatchObject({ phase: "paused", leftMs: 240_000 });
    resumeTimer(doc, T0 + 200_000);
    expect(state(doc, T0 + 210_000)).toMatchObject({ phase: "running", leftMs: 230_000 });
    expect(state(doc, T0 + 440_000)).toMatchObject({ phase: "done", leftMs: 0 });
    clearTimer(doc);
    expect(state(doc, T0)).toBeNull();
    expect(doc.getMap(ROOT.workshop).get(TIMER_KEY)).toBeUndefined();
  });

  it("adds a minute to the time left, and starts a finished timer again with one", () => {
    const doc = new LoroDoc();
    startTimer(doc, 3, "", T0);
    addMinute(doc, T0 + 10_000);
    expect(state(doc, T0 + 10_000)).toMatchObject({ phase: "running", leftMs: 230_000 });
    pauseTimer(doc, T0 + 20_000);
    addMinute(doc, T0 + 30_000);
    expect(state(doc, T0 + 99_000)).toMatchObject({ phase: "paused", leftMs: 280_000 });
    resumeTimer(doc, T0 + 100_000);
    expect(state(doc, T0 + 500_000)?.phase).toBe("done");
    addMinute(doc, T0 + 500_000);
    expect(state(doc, T0 + 500_000)).toMatchObject({ phase: "running", leftMs: 60_000 });
  });

  it("never pauses with more left than it was set to, whatever this screen's clock says", () => {
    const doc = new LoroDoc();
    startTimer(doc, 2, "", T0);
    // this screen's idea of the host's clock went back 5 s (a new offset after a rejoin)
    pauseTimer(doc, T0 - 5_000);
    expect(readTimer(doc)).toMatchObject({ ends_at: null, remaining_ms: 120_000 });
  });

  it("is no longer shown an hour after it ran out", () => {
    const doc = new LoroDoc();
    startTimer(doc, 1, "", T0);
    expect(state(doc, T0 + 60_000 + 59 * 60_000)?.phase).toBe("done");
    expect(state(doc, T0 + 60_000 + 61 * 60_000)).toBeNull();
  });

  it("keeps to the host's limits: length and label", () => {
    const doc = new LoroDoc();
    startTimer(doc, MAX_TIMER_MINUTES * 10, "x".repeat(500), T0);
    const t = readTimer(doc);
    expect(t?.duration_ms).toBe(MAX_TIMER_MINUTES * 60_000);
    expect(Array.from(t?.label ?? "")).toHaveLength(80);
    // one more minute never goes past the longest timer
    addMinute(doc, T0);
    expect(readTimer(doc)?.duration_ms).toBe(MAX_TIMER_MINUTES * 60_000);
    expect(timerLabel("𠮷".repeat(100))).toBe("𠮷".repeat(80));
  });

  it("ignores a stored value that is not a timer", () => {
    const doc = new LoroDoc();
    doc.getMap(ROOT.workshop).set(TIMER_KEY, { duration_ms: "5 min", ends_at: null });
    expect(readTimer(doc)).toBeNull();
    doc
      .getMap(ROOT.workshop)
      .set(TIMER_KEY, { duration_ms: 60_000, remaining_ms: 90_000, ends_at: null });
    expect(readTimer(doc)).toBeNull();
  });

  it("is no undo step: undoing an edit leaves everyone's countdown alone", () => {
    const doc = new LoroDoc();
    const undo = new UndoManager(doc, {
      mergeInterval: 0,
      excludeOriginPrefixes: [NO_UNDO_PREFIX],
    });
    doc.getMap(ROOT.meta).set("title", "旅程");
    doc.commit();
    startTimer(doc, 10, "", T0);
    undo.undo();
    expect(doc.getMap(ROOT.meta).get("title")).toBeUndefined();
    expect(readTimer(doc)?.duration_ms).toBe(600_000);
  });

  it("writes the time left in whole seconds, rounded up", () => {
    expect(formatLeft(300_000)).toBe("5:00");
    expect(formatLeft(299_001)).toBe("5:00");
    expect(formatLeft(59_000)).toBe("0:59");
    expect(formatLeft(1)).toBe("0:01");
    expect(formatLeft(0)).toBe("0:00");
    expect(formatLeft(3_723_000)).toBe("1:02:03");
  });
});
