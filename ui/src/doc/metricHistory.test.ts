import { LoroDoc, LoroMap } from "loro-crdt";
import { describe, expect, it } from "vitest";
import { clearExamples } from "./cardActions";
import { addMetric } from "./metricActions";
import { historyKey, lastChange, readMetricHistory, setMetricPoint } from "./metricHistory";
import { ROOT } from "./schema";
import { MapStore } from "./store";
import { addLane, addStage } from "./structure";

function map() {
  const doc = new LoroDoc();
  const stage = addStage(doc, { title: "忠誠" });
  const lane = addLane(doc, { title: "指標", kind: "metrics" });
  return { doc, nps: addMetric(doc, stage, lane, "nps") };
}

describe("a metric's dated values", () => {
  it("are read oldest first, one point per day, and kept current in the store", () => {
    const { doc, nps } = map();
    const store = new MapStore(doc);
    setMetricPoint(doc, nps, "2026-09-30", "actual", 31);
    setMetricPoint(doc, nps, "2026-06-30", "actual", 27);
    setMetricPoint(doc, nps, "2026-09-30", "expected", 30);
    setMetricPoint(doc, nps, "2026-12-31", "actual", 34);
    expect(store.getView().history.get(nps)).toEqual([
      { date: "2026-06-30", actual: 27, expected: null },
      { date: "2026-09-30", actual: 31, expected: 30 },
      { date: "2026-12-31", actual: 34, expected: null },
    ]);
    expect(lastChange(store.getView().history.get(nps) ?? [])).toEqual({
      delta: 3,
      since: "2026-09-30",
    });
    // a day is not a date, a value no number: nothing written
    expect(setMetricPoint(doc, nps, "2026-02-30", "actual", 1)).toBe(false);
    expect(setMetricPoint(doc, nps, "2026-12-01", "actual", Number.NaN)).toBe(false);
    setMetricPoint(doc, nps, "2026-06-30", "actual", null);
    expect(
      readMetricHistory(doc)
        .get(nps)
        ?.map((p) => p.date),
    ).toEqual(["2026-09-30", "2026-12-31"]);
  });

  it("of example metrics go with them when examples are cleared", () => {
    const { doc, nps } = map();
    const m = doc.getMap(ROOT.metrics).get(nps);
    if (!(m instanceof LoroMap)) throw new Error("the metric was not written");
    m.set("example", true);
    doc.commit();
    setMetricPoint(doc, nps, "2026-09-30", "actual", 31);
    doc.getMap(ROOT.metric_history).set(historyKey("someone-else", "2026-09-30", "actual"), 5);
    doc.commit();
    clearExamples(doc);
    expect(readMetricHistory(doc).get(nps)).toBeUndefined();
    expect(readMetricHistory(doc).get("someone-else")).toHaveLength(1);
  });
});
