// The change on a metric's tile is a difference written as the gap is: churn from 1.3 % to 2.3 % is
// "+1 pp" (not 0.9999999999999998, not "+1%"), 84.25 → 84.375 keeps its digits, a lower-is-better
// metric that fell is better, and a change too small to write is no change.
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { MetricPoint } from "../../doc/metricHistory";
import { initI18n } from "../../i18n";
import { changeNumber, MetricTrend } from "./MetricTrend";

afterEach(cleanup);
initI18n("en");

const points = (...values: number[]): MetricPoint[] =>
  values.map((actual, i) => ({ date: `2027-0${i + 1}-01`, actual, expected: null }));

describe("a metric tile's change", () => {
  it("is a difference in percentage points for a percentage, without floating point's error", () => {
    render(<MetricTrend points={points(1.3, 2.3)} unit="%" direction="lower" />);
    const change = screen.getByTestId("metric-change");
    expect(change.textContent).toBe("+1 pp since 2027-01-01");
    expect(change.className).toContain("worse");
  });

  it("keeps the typed digits and names the unit in the interface's words", () => {
    render(<MetricTrend points={points(12, 84.25, 84.375)} unit="min" direction="lower" />);
    expect(screen.getByTestId("metric-change").textContent).toBe("+0.125 min since 2027-02-01");
    expect(
      screen.getByTestId("metric-trend").querySelector("svg")?.getAttribute("aria-label"),
    ).toContain("2027-03-01: 84.375");
  });

  it("says a fall of a lower-is-better metric is better, and a scale has no unit", () => {
    render(<MetricTrend points={points(4.2, 3.9)} unit="1-5" direction="lower" />);
    const change = screen.getByTestId("metric-change");
    expect(change.textContent).toBe("−0.3 since 2027-01-01");
    expect(change.className).toContain("better");
  });

  it("writes a change too small to show as no change", () => {
    expect(changeNumber(0.1 + 0.2 - 0.3)).toBe("0");
    expect(changeNumber(-2500)).toBe("−2,500");
    render(<MetricTrend points={points(0.3, 0.1 + 0.2)} unit="pts" direction="higher" />);
    expect(screen.getByTestId("metric-change").className).toContain("same");
  });
});
