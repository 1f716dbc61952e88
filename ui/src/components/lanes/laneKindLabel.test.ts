// Tests the kind label under a lane's title and when a title already says it.
import { beforeAll, describe, expect, it } from "vitest";
import type { LaneRec } from "../../doc/schema";
import { initI18n } from "../../i18n";
import { laneKindLabel, titleRepeatsKind } from "./laneKindLabel";

const lane = (over: Partial<LaneRec>): LaneRec => ({
  id: "l1",
  title: "",
  kind: "cards",
  role: "",
  department: "",
  separator: "none",
  ...over,
});

describe("laneKindLabel", () => {
  let i18n: ReturnType<typeof initI18n>;
  beforeAll(() => {
    i18n = initI18n("en");
  });
  it("names a cards lane by its role, a team lane by its team, others by kind", () => {
    const zhTW = i18n.getFixedT("zh-TW");
    expect(laneKindLabel(lane({ role: "touchpoints" }), zhTW)).toBe("接觸點");
    expect(laneKindLabel(lane({ kind: "department", department: "sales" }), zhTW)).toBe("銷售");
    expect(laneKindLabel(lane({ kind: "department", department: "物流部" }), zhTW)).toBe("物流部");
    expect(laneKindLabel(lane({ kind: "emotion" }), zhTW)).toBe("情緒曲線");
    expect(laneKindLabel(lane({ role: "evidence" }), i18n.getFixedT("zh-CN"))).toBe("有形展示");
    expect(laneKindLabel(lane({ role: "no_such_role" }), i18n.getFixedT("en"))).toBe("Cards");
  });
});

describe("titleRepeatsKind", () => {
  it("matches the title trimmed and without case", () => {
    expect(titleRepeatsKind("Touchpoints", ["Touchpoints"], "en")).toBe(true);
    expect(titleRepeatsKind("  touchpoints ", ["Touchpoints"], "en")).toBe(true);
    expect(titleRepeatsKind("TOUCHPOINTS", ["Touchpoints"], "en")).toBe(true);
  });
  it("matches Chinese titles exactly, in either of the given labels", () => {
    expect(titleRepeatsKind("接觸點", ["Touchpoints", "接觸點"], "zh-TW")).toBe(true);
    expect(titleRepeatsKind("通路 ", ["通路"], "zh-TW")).toBe(true);
    // Simplified and Traditional are different titles
    expect(titleRepeatsKind("接触点", ["接觸點"], "zh-TW")).toBe(false);
  });
  it("leaves the label out when the title holds it", () => {
    expect(titleRepeatsKind("前台行为", ["前台"], "zh-CN")).toBe(true);
    expect(titleRepeatsKind("体验指标", ["指标"], "zh-CN")).toBe(true);
    expect(titleRepeatsKind("Touchpoints we own", ["Touchpoints"], "en")).toBe(true);
  });
  it("keeps the label when the title says something else", () => {
    expect(titleRepeatsKind("顧客想法", ["想法與感受"], "zh-TW")).toBe(false);
    expect(titleRepeatsKind("業務部", ["銷售"], "zh-TW")).toBe(false);
    expect(titleRepeatsKind("", [""], "en")).toBe(false);
    expect(titleRepeatsKind("Notes", [""], "en")).toBe(false);
  });
  it("compares in the map's locale (Turkish dotted and dotless i)", () => {
    expect(titleRepeatsKind("İADE", ["iade"], "tr")).toBe(true);
    expect(titleRepeatsKind("IADE", ["iade"], "tr")).toBe(false);
  });
  it("falls back to a plain comparison for an unknown locale tag", () => {
    expect(titleRepeatsKind("Touchpoints", ["touchpoints"], "not a locale!")).toBe(true);
  });
});
