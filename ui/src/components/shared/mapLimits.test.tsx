// The map's limits on the board: at the card, stage or lane limit the add buttons say the limit in
// their tooltip and a click writes nothing but shows the notice; and a change the host did not
// accept is explained with the limits, in the UI language's number format.
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderBoard, roomWithStatus, SAVED, stubBoardDom } from "../../../test/board/harness";
import { makeMapDoc } from "../../../test/doc/fixture";
import { mapCounts } from "../../doc/mapLimits";
import { ROOT } from "../../doc/schema";
import type { OpenMap } from "../../hooks/useOpenMap";
import { initI18n } from "../../i18n";
import type { SyncError } from "../../sync/types";
import { MAX_CARDS_PER_MAP, MAX_LANES_PER_MAP, MAX_STAGES_PER_MAP } from "../../wire/limits";
import { hideCardNotice } from "../cards/cardNotice";
import { SaveState } from "../shell/SaveState";

const i18n = initI18n("en");
afterEach(async () => {
  cleanup();
  hideCardNotice();
  await i18n.changeLanguage("en");
});

stubBoardDom();

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function renderLimits(stages: string[], lanes: string[], cards = 0): OpenMap {
  const doc = makeMapDoc(
    stages,
    lanes.map((id) => ({ id, title: `Lane ${id}`, kind: "cards" })),
  );
  // Placeholder entries: the host (and mapCounts) count card entries, whatever they hold.
  const map = doc.getMap(ROOT.cards);
  for (let i = 0; i < cards; i++) map.set(`c${i}`, i);
  doc.commit();
  return renderBoard(doc, "Vic");
}

const notice = () => document.querySelector("[data-testid='map-limit']")?.textContent ?? null;

describe("adding at the map's limits", () => {
  it("adds no card at the card limit and says why", async () => {
    const open = renderLimits(["s1"], ["l1"], MAX_CARDS_PER_MAP);
    const button = screen.getByTestId("add-card");
    const words =
      "This map holds at most 10,000 cards — the host would refuse more. Split the map or remove cards first.";
    expect(button.title).toBe(words);
    expect(button.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(button);
    await act(async () => {});
    expect(mapCounts(open.doc).cards).toBe(MAX_CARDS_PER_MAP);
    expect(document.querySelector(".card-editor-wrap")).toBeNull();
    expect(notice()).toBe(words);
  });

  it("offers the ordinary button one below the limit", () => {
    renderLimits(["s1"], ["l1"], MAX_CARDS_PER_MAP - 1);
    const button = screen.getByTestId("add-card");
    expect(button.title).toBe("");
    expect(button.getAttribute("aria-disabled")).toBeNull();
    expect(button.className).toBe("add-card");
  });

  it("adds no stage at the stage limit, from the + button or the stage menu", async () => {
    const open = renderLimits(ids("s", MAX_STAGES_PER_MAP), ["l1"]);
    const plus = screen.getByTestId("add-stage");
    expect(plus.title).toMatch(/at most 60 stages/);
    fireEvent.click(plus);
    await act(async () => {});
    expect(mapCounts(open.doc).stages).toBe(MAX_STAGES_PER_MAP);
    expect(notice()).toMatch(/at most 60 stages/);
    expect(screen.queryByTestId("stage-title-input")).toBeNull();

    hideCardNotice();
    fireEvent.click(screen.getAllByTestId("stage-menu")[0] as HTMLElement);
    const after = screen.getByTestId("add-stage-after");
    expect(after.title).toMatch(/at most 60 stages/);
    fireEvent.click(after);
    await act(async () => {});
    expect(mapCounts(open.doc).stages).toBe(MAX_STAGES_PER_MAP);
    expect(notice()).toMatch(/at most 60 stages/);
  });

  it("opens no lane dialog at the lane limit", async () => {
    const open = renderLimits(["s1"], ids("l", MAX_LANES_PER_MAP));
    const button = screen.getByTestId("add-lane");
    expect(button.title).toMatch(/at most 60 lanes/);
    fireEvent.click(button);
    await act(async () => {});
    expect(screen.queryByTestId("add-lane-dialog")).toBeNull();
    expect(mapCounts(open.doc).lanes).toBe(MAX_LANES_PER_MAP);
    expect(notice()).toMatch(/at most 60 lanes/);
  });

  it("says it in the UI language", async () => {
    await i18n.changeLanguage("zh-TW");
    renderLimits(["s1"], ["l1"], MAX_CARDS_PER_MAP);
    expect(screen.getByTestId("add-card").title).toBe(
      "一張旅程圖最多容納 10,000 張卡片，再多主機會拒絕。請先拆分旅程圖或刪除一些卡片。",
    );
  });
});

describe("a change the host did not accept", () => {
  const show = (error: SyncError) => {
    const onDismiss = vi.fn();
    render(
      <SaveState
        room={roomWithStatus({ ...SAVED, state: "error", error })}
        onDismiss={onDismiss}
      />,
    );
    return onDismiss;
  };

  it("is explained with the map's limits, and can be dismissed", () => {
    const onDismiss = show({ kind: "refused", detail: "InvalidUpdate" });
    const text = screen.getByTestId("save-detail").textContent ?? "";
    expect(text).toContain("did not accept your last change");
    expect(text).toContain("10,000 cards, 60 stages, 60 lanes, 10,000 characters per card");
    expect(text).not.toContain("InvalidUpdate");
    fireEvent.click(screen.getByText("Dismiss"));
    expect(onDismiss).toHaveBeenCalledOnce();
  });

  it("names no limit when the host could not store it", () => {
    show({ kind: "refused", detail: "AppError" });
    const text = screen.getByTestId("save-detail").textContent ?? "";
    expect(text).toContain("could not store your last change (AppError)");
    expect(text).not.toContain("10,000 cards");
  });

  it("is said in Simplified Chinese too", async () => {
    await i18n.changeLanguage("zh-CN");
    show({ kind: "refused", detail: "InvalidUpdate" });
    expect(screen.getByTestId("save-detail").textContent).toContain(
      "10,000 张卡片、60 个阶段、60 条泳道、每张卡片 10,000 个字符",
    );
  });

  it("says a map the host no longer has in the UI's own words, not the host's English", async () => {
    await i18n.changeLanguage("zh-CN");
    show({ kind: "gone", detail: "map 0f3a not found" });
    const text = screen.getByTestId("save-detail").textContent ?? "";
    expect(text).toBe("此旅程图已不在这里：它已被删除或移到回收站。");
  });

  it("tells, beside the ordinary state, that a refused change was set aside and the rest kept (zh-TW)", async () => {
    await i18n.changeLanguage("zh-TW");
    const onDismiss = vi.fn();
    render(
      <SaveState
        room={roomWithStatus({ ...SAVED, notice: { kind: "setAside", detail: "" } })}
        onDismiss={onDismiss}
      />,
    );
    expect(screen.getByTestId("save-state").getAttribute("data-state")).toBe("saved");
    const detail = screen.getByTestId("save-detail");
    expect(detail.getAttribute("data-kind")).toBe("setAside");
    expect(detail.textContent).toContain("10,000 張卡片");
    expect(detail.textContent).toContain("它已從本畫面撤下；之後做的修改都保留著");
    fireEvent.click(screen.getByText("關閉"));
    expect(onDismiss).toHaveBeenCalledOnce();
  });

  it("says a set-aside dot as a dot that came after its round, naming the card (zh-TW)", async () => {
    await i18n.changeLanguage("zh-TW");
    render(
      <SaveState
        room={roomWithStatus({
          ...SAVED,
          notice: { kind: "setAside", detail: "", votedCards: ["提供超商取貨付款"] },
        })}
        onDismiss={() => {}}
      />,
    );
    expect(screen.getByTestId("save-detail").textContent).toBe(
      "你投給「提供超商取貨付款」的票沒有計入：它很可能在投票結束後才送達主機。你做的其他修改都已保留並儲存。",
    );
    cleanup();
    await i18n.changeLanguage("en");
    render(
      <SaveState
        room={roomWithStatus({
          ...SAVED,
          notice: { kind: "setAside", detail: "", votedCards: ["a", "b"] },
        })}
        onDismiss={() => {}}
      />,
    );
    expect(screen.getByTestId("save-detail").textContent).toBe(
      "Your dots on 2 cards were not counted: they most likely reached the host after their voting round had ended. Everything else you did is kept and saved.",
    );
  });
});
