// A metric tile whose kind changes: the unit field follows the new kind's unit (leaving it does not
// write the old one back), and a value the new kind does not allow is kept but said.
import { cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { renderBoard, stubBoardDom } from "../../../test/board/harness";
import { makeMapDoc } from "../../../test/doc/fixture";
import { addMetric, setMetricNumber } from "../../doc/metricActions";
import { initI18n } from "../../i18n";

afterEach(cleanup);
initI18n("en");
stubBoardDom();

describe("a metric tile whose kind changes", () => {
  it("takes the new kind's unit and says which value it no longer allows", () => {
    const doc = makeMapDoc(["s1"], [{ id: "l1", title: "Metrics", kind: "metrics" }]);
    const id = addMetric(doc, "s1", "l1", "nps");
    setMetricNumber(doc, id, "expected", 30);
    setMetricNumber(doc, id, "current", -5);
    const open = renderBoard(doc, "Amy");
    expect(screen.queryByTestId("metric-error")).toBeNull();

    fireEvent.click(screen.getByTestId("metric-settings"));
    const unit = screen.getByLabelText("Unit") as HTMLInputElement;
    expect(unit.value).toBe("pts");
    fireEvent.change(screen.getByTestId("metric-kind-select"), { target: { value: "csat" } });
    expect(unit.value).toBe("%");
    fireEvent.blur(unit);
    expect(open.store.getView().metrics[id]?.unit).toBe("%");

    // −5 % is no CSAT: kept (it was accepted when typed) and said on its field.
    expect(open.store.getView().metrics[id]?.current).toBe(-5);
    const errors = screen.getAllByTestId("metric-error").map((e) => e.textContent);
    expect(errors).toEqual(["Outside 0 to 100 for this metric: correct it"]);
    expect(screen.getByTestId("metric-current").getAttribute("aria-invalid")).toBe("true");
    fireEvent.change(screen.getByTestId("metric-current"), { target: { value: "72" } });
    fireEvent.keyDown(screen.getByTestId("metric-current"), { key: "Enter" });
    expect(screen.queryByTestId("metric-error")).toBeNull();
  });
});
