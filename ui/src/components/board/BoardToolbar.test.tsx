// The zoom buttons stop at the zoom's limits: greyed out (aria-disabled, so a keyboard user keeps
// the focus there) at 40% and 200%, not a click that does nothing.
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { makeMapDoc } from "../../../test/doc/fixture";
import { MapStore } from "../../doc/store";
import { MapStoreContext } from "../../hooks/mapSlice";
import { initI18n } from "../../i18n";
import { ZOOM_MAX, ZOOM_MIN } from "./BoardPrefs";
import { BoardToolbar } from "./BoardToolbar";

initI18n("en");
afterEach(cleanup);

function toolbar(zoom: number) {
  const store = new MapStore(makeMapDoc(["s1"], [{ id: "l1", title: "Actions", kind: "cards" }]));
  const noop = () => {};
  render(
    <MapStoreContext.Provider value={store}>
      <BoardToolbar
        pane="board"
        onPane={noop}
        zoom={zoom}
        onZoom={noop}
        onFit={noop}
        onAddLane={noop}
        onSearch={noop}
        onHelp={noop}
        examples={0}
        onClearExamples={noop}
        canAddLane
        laneLimit={null}
        onWall={noop}
      />
    </MapStoreContext.Provider>,
  );
  const greyed = (id: string) => ({
    disabled: screen.getByTestId(id).getAttribute("aria-disabled") === "true",
  });
  return { out: greyed("zoom-out"), in: greyed("zoom-in") };
}

describe("the board's zoom buttons", () => {
  it("are greyed out at the zoom's limits only", () => {
    expect(toolbar(ZOOM_MIN).out.disabled).toBe(true);
    cleanup();
    expect(toolbar(ZOOM_MIN).in.disabled).toBe(false);
    cleanup();
    const atMax = toolbar(ZOOM_MAX);
    expect([atMax.in.disabled, atMax.out.disabled]).toEqual([true, false]);
    cleanup();
    const atOne = toolbar(1);
    expect([atOne.in.disabled, atOne.out.disabled]).toEqual([false, false]);
  });
});
