import { describe, expect, it } from "vitest";
import vectors from "../../../tests/vectors/metric_numbers.json";
import { allowedRange, inRange, parseMetricNumber } from "./metricNumbers";

describe("metric numbers", () => {
  it("parse as the shared vectors say", () => {
    for (const c of vectors.parse) {
      const got = parseMetricNumber(c.input);
      if ("invalid" in c && c.invalid) expect(got, c.input).toBeUndefined();
      else expect(got, c.input).toBe("value" in c ? c.value : null);
    }
  });

  it("allow per kind and unit what the shared vectors say", () => {
    for (const c of vectors.ranges) {
      expect(allowedRange(c.kind, c.unit), `${c.kind} ${c.unit}`).toEqual({
        min: c.min,
        max: c.max,
      });
    }
    expect(inRange(allowedRange("nps", "pts"), 1000)).toBe(false);
    expect(inRange(allowedRange("nps", "pts"), -100)).toBe(true);
    expect(inRange(allowedRange("ces", "1-7"), 0)).toBe(false);
  });
});
