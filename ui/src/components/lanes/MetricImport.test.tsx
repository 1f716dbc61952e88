// Importing metric values from a file too big to be one: said with its limit, nothing read.
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { renderBoard, stubBoardDom } from "../../../test/board/harness";
import { makeMapDoc } from "../../../test/doc/fixture";
import { addMetric } from "../../doc/metricActions";
import { initI18n } from "../../i18n";

afterEach(cleanup);
initI18n("en");
stubBoardDom();

describe("importing metric values", () => {
  it("refuses a file over 5 MB, saying so with the number", async () => {
    const doc = makeMapDoc(["s1"], [{ id: "l1", title: "Metrics", kind: "metrics" }]);
    addMetric(doc, "s1", "l1", "nps");
    renderBoard(doc, "Amy");
    const big = new File([new Uint8Array(5 * 1024 * 1024 + 1)], "survey.csv", { type: "text/csv" });
    fireEvent.change(screen.getByTestId("metric-import-file"), { target: { files: [big] } });
    await waitFor(() => expect(screen.getByTestId("import-problems")).toBeTruthy());
    expect(screen.getByTestId("import-problem").textContent).toContain("the file is over 5 MB.");
  });
});
