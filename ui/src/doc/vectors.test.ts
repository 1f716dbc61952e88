// The rules the UI shares with the Rust model — the metric status, the fractional-index position
// keys, the emotion curve's derived values, text-length counting and due dates — checked against the same
// vectors as crates/model/tests/vectors.rs.
import { generateKeyBetween, generateNKeysBetween } from "fractional-indexing";
import { describe, expect, it } from "vitest";
import emotion from "../../../tests/vectors/emotion.json";
import positions from "../../../tests/vectors/fractional_index.json";
import frontiers from "../../../tests/vectors/frontiers.json";
import isoDates from "../../../tests/vectors/iso_date.json";
import historyKeys from "../../../tests/vectors/metric_history_keys.json";
import numberCases from "../../../tests/vectors/metric_number.json";
import statusCases from "../../../tests/vectors/metric_status.json";
import overdueCases from "../../../tests/vectors/overdue.json";
import textLengths from "../../../tests/vectors/text_length.json";
import { isOverdue } from "../components/actions/actionList";
import { curvePoints, lowPoint } from "./emotion";
import { isIsoDate } from "./isoDate";
import { parseHistoryKey } from "./metricHistory";
import { metricStatus, shortfall } from "./metrics";
import { metricNumber } from "./metricText";
import { ACTION_STATUSES, emotionKey } from "./schema";
import { textHead, textLength } from "./textLength";
import { parseFrontiers, writeFrontiers } from "./versions";

describe("shared vectors", () => {
  it("metric numbers as people read them", () => {
    for (const c of numberCases.cases) expect(metricNumber(c.value), String(c.value)).toBe(c.text);
  });

  it("metric status", () => {
    for (const c of statusCases.cases) {
      const m = {
        direction: c.direction as "higher" | "lower",
        expected: c.expected,
        current: c.current,
        amber: c.amber,
        red: c.red,
      };
      expect(shortfall(m), c.why).toBe(c.shortfall);
      expect(metricStatus(m), c.why).toBe(c.status);
    }
  });

  it("position keys", () => {
    for (const c of positions.between) {
      expect(generateKeyBetween(c.a, c.b), `${c.a} ${c.b}`).toBe(c.key);
    }
    for (const c of positions.invalid) {
      expect(() => generateKeyBetween(c.a, c.b), `${c.a} ${c.b}`).toThrow();
    }
    for (const c of positions.n_after) {
      expect(generateNKeysBetween(c.after, null, c.n)).toEqual(c.keys);
    }
  });

  it("emotion curve", () => {
    for (const c of emotion.cases) {
      const emotions: Record<string, number> = {};
      for (const r of c.ratings) emotions[emotionKey(r.stage, r.lane, r.participant)] = r.score;
      const points = curvePoints(emotions, c.lane, c.stages);
      expect(
        points.map((p) => ({ ...p, mean: Number(p.mean.toFixed(12)) })),
        c.why,
      ).toEqual(c.stats.map((s) => ({ ...s, mean: Number(s.mean.toFixed(12)) })));
      const low = lowPoint(points);
      expect(low < 0 ? null : points[low]?.stage, c.why).toBe(c.low_point);
    }
  });

  it("text length in characters", () => {
    for (const c of textLengths.lengths) expect(textLength(c.text), c.text).toBe(c.scalars);
    for (const c of textLengths.cuts) expect(textHead(c.text, c.max), c.text).toBe(c.head);
  });

  it("due dates", () => {
    for (const d of isoDates.valid) expect(isIsoDate(d), d).toBe(true);
    for (const d of isoDates.invalid) expect(isIsoDate(d), d).toBe(false);
  });

  it("late actions", () => {
    for (const c of overdueCases.cases) {
      const status = ACTION_STATUSES.find((s) => s === c.status);
      if (!status) throw new Error(`not a status: ${c.status}`);
      expect(isOverdue({ due: c.due, status }, c.today), JSON.stringify(c)).toBe(c.overdue);
    }
  });

  it("metric history keys", () => {
    for (const c of historyKeys.valid)
      expect(parseHistoryKey(c.key), c.key).toEqual({
        metric: c.metric,
        date: c.date,
        field: c.field,
      });
    for (const k of historyKeys.invalid) expect(parseHistoryKey(k), k).toBeNull();
  });

  it("version frontiers", () => {
    for (const c of frontiers.valid) {
      const ids = parseFrontiers(c.text);
      expect(ids, c.text).toEqual(c.ids);
      expect(writeFrontiers(ids ?? []), c.text).toBe(c.text);
    }
    for (const text of frontiers.invalid) expect(parseFrontiers(text), text).toBeNull();
  });
});
