// Recording a metric's value on its tile, in Simplified Chinese: the value joins the history, the
// newest becomes the tile's current value, the trend line and the change since the value before
// appear; an NPS of 500 is refused in words and nothing is written.
import { cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { renderBoard, stubBoardDom } from "../../../test/board/harness";
import { makeMapDoc } from "../../../test/doc/fixture";
import { addMetric, setMetricNumber } from "../../doc/metricActions";
import { setMetricPoint } from "../../doc/metricHistory";
import { initI18n } from "../../i18n";

afterEach(cleanup);
initI18n("zh-CN");
stubBoardDom();

describe("a metric tile's history", () => {
  it("records a dated value, shows the trend and refuses an impossible one", () => {
    const doc = makeMapDoc(["s1"], [{ id: "l1", title: "指标", kind: "metrics" }]);
    const nps = addMetric(doc, "s1", "l1", "nps");
    setMetricNumber(doc, nps, "expected", 30);
    setMetricPoint(doc, nps, "2026-06-30", "actual", 27);
    const open = renderBoard(doc, "李娜");
    expect(screen.queryByTestId("metric-change")).toBeNull();

    fireEvent.click(screen.getByTestId("metric-settings"));
    fireEvent.change(screen.getByTestId("metric-record-date"), { target: { value: "2026-09-30" } });
    fireEvent.change(screen.getByTestId("metric-record-value"), { target: { value: "３１" } });
    fireEvent.click(screen.getByTestId("metric-record"));
    expect(open.store.getView().history.get(nps)?.at(-1)).toEqual({
      date: "2026-09-30",
      actual: 31,
      expected: null,
    });
    expect(open.store.getView().metrics[nps]?.current).toBe(31);
    expect(screen.getByTestId("metric-change").textContent).toBe("较 2026-06-30 +4 分");
    expect(screen.getByTestId("metric-change").className).toContain("better");
    expect(
      screen.getByTestId("metric-trend").querySelector("svg")?.getAttribute("aria-label"),
    ).toContain("2026-09-30: 31");

    // an earlier day joins the history but leaves the current value alone
    fireEvent.change(screen.getByTestId("metric-record-date"), { target: { value: "2026-01-31" } });
    fireEvent.change(screen.getByTestId("metric-record-value"), { target: { value: "20" } });
    fireEvent.click(screen.getByTestId("metric-record"));
    expect(open.store.getView().history.get(nps)).toHaveLength(3);
    expect(open.store.getView().metrics[nps]?.current).toBe(31);

    // a target set for a later day joins the history and becomes the tile's target
    fireEvent.change(screen.getByTestId("metric-record-field"), { target: { value: "expected" } });
    fireEvent.change(screen.getByTestId("metric-record-date"), { target: { value: "2026-12-31" } });
    fireEvent.change(screen.getByTestId("metric-record-value"), { target: { value: "35" } });
    fireEvent.click(screen.getByTestId("metric-record"));
    expect(open.store.getView().history.get(nps)?.at(-1)).toEqual({
      date: "2026-12-31",
      actual: null,
      expected: 35,
    });
    expect(open.store.getView().metrics[nps]?.expected).toBe(35);
    expect(open.store.getView().metrics[nps]?.current).toBe(31);

    const before = open.doc.version().toJSON();
    fireEvent.change(screen.getByTestId("metric-record-value"), { target: { value: "500" } });
    fireEvent.click(screen.getByTestId("metric-record"));
    expect(screen.getByTestId("metric-record-error").textContent).toContain("-100");
    expect(open.doc.version().toJSON()).toEqual(before);
  });
});
