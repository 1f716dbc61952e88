// What a tile says about its gap: which side of the target, by how much, in which unit of a
// difference, for a higher- and a lower-is-better metric, in English and Chinese.
import { describe, expect, it } from "vitest";
import { shortfall } from "../../doc/metrics";
import type { MetricRec } from "../../doc/schema";
import { initI18n } from "../../i18n";
import { gapText } from "./metricGap";

const i18n = initI18n("en");

type Gap = Pick<MetricRec, "direction" | "unit" | "expected" | "current" | "amber" | "red">;

function said(language: string, m: Gap): string {
  const t = i18n.getFixedT(language);
  return gapText(m, shortfall(m), t);
}

const churn: Gap = { direction: "lower", unit: "%", expected: 1.3, current: 2.3, amber: 1, red: 3 };
const conversion: Gap = {
  direction: "higher",
  unit: "%",
  expected: 3.5,
  current: 2.1,
  amber: 1,
  red: 2,
};
const hold: Gap = { direction: "lower", unit: "min", expected: 5, current: 14, amber: 2, red: 5 };
const ces: Gap = {
  direction: "higher",
  unit: "1-7",
  expected: 5.5,
  current: 5.2,
  amber: 0.5,
  red: 1,
};

describe("a metric tile's gap", () => {
  it("says which side of the target and by how much, percentages in percentage points", () => {
    expect(said("en", conversion)).toBe("Short by 1.4 pp");
    expect(said("en", churn)).toBe("Over target by 1 pp");
    expect(said("en", hold)).toBe("Over target by 9 min");
    expect(said("en", ces)).toBe("Short by 0.3");
    expect(said("en", { ...churn, current: 0.75 })).toBe("Better than target by 0.55 pp");
    expect(said("en", { ...churn, current: 1.3 })).toBe("On target");
    expect(said("en", { ...churn, current: null })).toBe("Needs target and actual");
  });

  it("in Chinese", () => {
    expect(said("zh-CN", conversion)).toBe("差 1.4 个百分点");
    expect(said("zh-CN", hold)).toBe("超出目标 9 分钟");
    expect(said("zh-TW", { ...conversion, current: 4 })).toBe("優於目標 0.5 個百分點");
    expect(said("zh-CN", { ...conversion, unit: "％" })).toBe("差 1.4 个百分点");
  });
});
