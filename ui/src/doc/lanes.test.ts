// A second channels, emotion or metrics lane is independent of the first: what is set in one
// never shows in the other, also when two people write to both lanes at once. A metric's label and
// unit are held to their limits in characters.
import { LoroDoc } from "loro-crdt";
import { describe, expect, it } from "vitest";
import { makeMapDoc } from "../../test/doc/fixture";
import { channelsOfCell } from "../components/lanes/ChannelCell";
import { metricsOfCell } from "../components/lanes/MetricCell";
import { MAX_METRIC_UNIT_CHARS, MAX_TITLE_CHARS } from "../wire/limits";
import { rateEmotion } from "./actions";
import { emotionStats, myRating } from "./emotion";
import { addMetric, setChannel, setMetricText } from "./metricActions";
import { readChannels, readEmotions, readMetrics } from "./read";

function twoOfEach() {
  return makeMapDoc(
    ["s1", "s2"],
    [
      { id: "ch1", title: "渠道", kind: "channels" },
      { id: "ch2", title: "自助通路", kind: "channels" },
      { id: "em1", title: "情緒曲線", kind: "emotion" },
      { id: "em2", title: "情緒（新客）", kind: "emotion" },
      { id: "me1", title: "體驗指標", kind: "metrics" },
      { id: "me2", title: "自助指標", kind: "metrics" },
    ],
  );
}

const ann = { id: "p-ann", name: "安", color: "#2f6fde" };

describe("lanes of the same kind", () => {
  it("keep their own channel chips", () => {
    const doc = twoOfEach();
    setChannel(doc, "s1", "ch1", "website", true);
    setChannel(doc, "s1", "ch2", "knowledge_base", true);
    setChannel(doc, "s1", "ch2", "custom:LINE 官方帳號", true);
    const keys = readChannels(doc);
    expect(channelsOfCell(keys, "s1", "ch1")).toEqual(["website"]);
    expect(channelsOfCell(keys, "s1", "ch2")).toEqual(["knowledge_base", "custom:LINE 官方帳號"]);
    setChannel(doc, "s1", "ch2", "knowledge_base", false);
    expect(channelsOfCell(readChannels(doc), "s1", "ch1")).toEqual(["website"]);
  });

  it("keep their own emotion ratings", () => {
    const doc = twoOfEach();
    rateEmotion(doc, "s1", "em1", ann, 2);
    rateEmotion(doc, "s1", "em2", ann, -2);
    const emotions = readEmotions(doc);
    expect(emotionStats(emotions, "em1").get("s1")?.mean).toBe(2);
    expect(emotionStats(emotions, "em2").get("s1")?.mean).toBe(-2);
    expect(myRating(emotions, "s1", "em1", ann.id)).toBe(2);
    expect(myRating(emotions, "s1", "em2", ann.id)).toBe(-2);
  });

  it("keep their own metrics", () => {
    const doc = twoOfEach();
    addMetric(doc, "s1", "me1", "nps");
    addMetric(doc, "s1", "me2", "self_service_deflection");
    const all = readMetrics(doc);
    expect(metricsOfCell(all, "s1", "me1").map((m) => m.kind)).toEqual(["nps"]);
    expect(metricsOfCell(all, "s1", "me2").map((m) => m.kind)).toEqual(["self_service_deflection"]);
  });

  it("stay apart when two people write to both at once", () => {
    const a = twoOfEach();
    const b = new LoroDoc();
    b.import(a.export({ mode: "snapshot" }));
    setChannel(a, "s2", "ch1", "faq", true);
    setChannel(b, "s2", "ch2", "faq", true);
    rateEmotion(a, "s2", "em1", ann, 1);
    rateEmotion(b, "s2", "em2", { ...ann, id: "p-bo" }, -1);
    a.import(b.export({ mode: "update", from: a.oplogVersion() }));
    b.import(a.export({ mode: "update", from: b.oplogVersion() }));
    for (const doc of [a, b]) {
      const keys = readChannels(doc);
      expect(channelsOfCell(keys, "s2", "ch1")).toEqual(["faq"]);
      expect(channelsOfCell(keys, "s2", "ch2")).toEqual(["faq"]);
      const emotions = readEmotions(doc);
      expect(emotionStats(emotions, "em1").get("s2")?.count).toBe(1);
      expect(emotionStats(emotions, "em2").get("s2")?.count).toBe(1);
    }
  });
});

describe("a metric's label and unit", () => {
  it("are cut to their limits in characters, 𠮷 counting as one", () => {
    const doc = twoOfEach();
    const id = addMetric(doc, "s1", "me1", "custom");
    setMetricText(doc, id, "label", "𠮷".repeat(MAX_TITLE_CHARS + 1));
    setMetricText(doc, id, "unit", "𠮷".repeat(MAX_METRIC_UNIT_CHARS + 1));
    const metric = readMetrics(doc)[id];
    expect(metric?.label).toBe("𠮷".repeat(MAX_TITLE_CHARS));
    expect(metric?.unit).toBe("𠮷".repeat(MAX_METRIC_UNIT_CHARS));
  });
});
