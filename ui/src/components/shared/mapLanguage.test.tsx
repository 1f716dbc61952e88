// The product's own words on a map (channel names, "after purchase", lane kinds) are shown in the
// map's language whatever the interface's, as the exports print them; the interface's own words
// (buttons) stay in the person's language.
import { cleanup, render, screen } from "@testing-library/react";
import { type LoroDoc, LoroMap } from "loro-crdt";
import { afterEach, describe, expect, it } from "vitest";
import { openMapOf, stubBoardDom } from "../../../test/board/harness";
import { makeMapDoc } from "../../../test/doc/fixture";
import { setChannel } from "../../doc/metricActions";
import { ROOT } from "../../doc/schema";
import { initI18n, type UiLanguage } from "../../i18n";
import { Board } from "../board/Board";
import { MapLanguageContext } from "./mapLanguage";

afterEach(cleanup);
initI18n("en");
stubBoardDom();

function mapDoc(): LoroDoc {
  const doc = makeMapDoc(
    ["s1", "s2"],
    [
      { id: "l1", title: "旅程", kind: "emotion" },
      { id: "l2", title: "联系方式", kind: "channels" },
    ],
  );
  const second = doc.getMovableList(ROOT.stages).get(1);
  if (second instanceof LoroMap) second.set("phase", "post_sale");
  setChannel(doc, "s1", "l2", "website", true);
  doc.commit();
  return doc;
}

function renderIn(language: UiLanguage | null) {
  render(
    <MapLanguageContext.Provider value={language}>
      <Board
        open={openMapOf(mapDoc())}
        ready
        author="Ana"
        rater={{ id: "p1", name: "Ana", color: "#2563eb" }}
      />
    </MapLanguageContext.Provider>,
  );
}

describe("the map's language on the board", () => {
  it("shows channel names, the phase and lane kinds of a Chinese map in Chinese in an English interface", () => {
    renderIn("zh-CN");
    expect(screen.getByText("网站")).toBeTruthy();
    expect(screen.getByText("售后")).toBeTruthy();
    expect(screen.getByText("情绪曲线")).toBeTruthy();
    expect(screen.queryByText("Website")).toBeNull();
    expect(screen.queryByText("After purchase")).toBeNull();
    // the interface's own words stay English
    expect(screen.getAllByLabelText("Channels").length).toBeGreaterThan(0);
  });

  it("uses the interface's language without a map language", () => {
    renderIn(null);
    expect(screen.getByText("Website")).toBeTruthy();
    expect(screen.getByText("After purchase")).toBeTruthy();
  });
});
