// Pins the metric status rule (the same cases as crates/model/src/metrics.rs) and value parsing.
import { describe, expect, it } from "vitest";
import { metricStatus, shortfall } from "./metrics";

const higher = { direction: "higher" as const, amber: 5, red: 15 };
const hold = { direction: "lower" as const, amber: 30, red: 90 };

describe("metric status", () => {
  it("is green when a higher-is-better metric is on or above target", () => {
    expect(metricStatus({ ...higher, expected: 40, current: 40 })).toBe("green");
    expect(metricStatus({ ...higher, expected: 40, current: 52 })).toBe("green");
    expect(metricStatus({ ...higher, expected: 40, current: 37 })).toBe("green");
  });
  it("is amber from the amber shortfall and red from the red shortfall (higher is better)", () => {
    expect(metricStatus({ ...higher, expected: 40, current: 35 })).toBe("amber");
    expect(metricStatus({ ...higher, expected: 40, current: 26 })).toBe("amber");
    expect(metricStatus({ ...higher, expected: 40, current: 25 })).toBe("red");
    expect(shortfall({ ...higher, expected: 40, current: 25 })).toBe(15);
  });
  it("treats call hold time as lower-is-better", () => {
    expect(metricStatus({ ...hold, expected: 60, current: 45 })).toBe("green");
    expect(metricStatus({ ...hold, expected: 60, current: 80 })).toBe("green");
    expect(metricStatus({ ...hold, expected: 60, current: 90 })).toBe("amber");
    expect(metricStatus({ ...hold, expected: 60, current: 150 })).toBe("red");
    expect(shortfall({ ...hold, expected: 60, current: 150 })).toBe(90);
  });
  it("is unknown without both values", () => {
    expect(metricStatus({ ...higher, expected: null, current: 10 })).toBe("unknown");
    expect(metricStatus({ ...higher, expected: 10, current: null })).toBe("unknown");
    expect(metricStatus({ ...hold, expected: null, current: null })).toBe("unknown");
  });
});

describe("metric status (the cases of crates/model/src/metrics.rs)", () => {
  const m = (direction: "higher" | "lower", expected: number | null, current: number | null) => ({
    direction,
    expected,
    current,
    amber: 5,
    red: 15,
  });
  it("follows the shortfall rule", () => {
    expect(metricStatus(m("higher", 40, 45))).toBe("green");
    expect(metricStatus(m("higher", 40, 38))).toBe("green");
    expect(metricStatus(m("higher", 40, 35))).toBe("amber");
    expect(metricStatus(m("higher", 40, 20))).toBe("red");
    expect(metricStatus(m("lower", 60, 50))).toBe("green");
    expect(metricStatus(m("lower", 60, 70))).toBe("amber");
    expect(metricStatus(m("lower", 60, 90))).toBe("red");
    expect(metricStatus(m("higher", null, 1))).toBe("unknown");
    expect(shortfall(m("higher", 40, 20))).toBe(20);
  });
});
