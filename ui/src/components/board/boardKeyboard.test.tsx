// The board from the keyboard, in one rendered Board: "+ Add card" then Escape leaves no empty
// card; Alt+arrows move the selected card; "?" lists the shortcuts in a dialog that Escape closes,
// giving the focus back; Escape in the channel picker's "other channel" field closes the picker.
import { act, cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { renderBoard, stubBoardDom } from "../../../test/board/harness";
import { makeMapDoc } from "../../../test/doc/fixture";
import { addCard } from "../../doc/actions";
import { ROOT } from "../../doc/schema";
import { mapUndoManager } from "../../doc/undoSteps";
import "../../../test/editor/jsdomLayout";
import type { OpenMap } from "../../hooks/useOpenMap";
import { initI18n } from "../../i18n";

afterEach(cleanup);
initI18n("zh-TW");

stubBoardDom();

function renderMap(): OpenMap {
  const doc = makeMapDoc(
    ["s1", "s2"],
    [
      { id: "l1", title: "行為", kind: "cards" },
      { id: "l2", title: "管道", kind: "channels" },
    ],
  );
  addCard(doc, { stage: "s1", lane: "l1", department: "", author: "", afterPos: null, text: "甲" });
  return renderBoard(doc, "小林", { undo: mapUndoManager(doc) });
}

const cardsIn = (stage: string) =>
  Array.from(
    document.querySelectorAll(
      `[data-testid='cell'][data-stage-id='${stage}'] [data-testid='card']`,
    ),
  ).map((c) => c.textContent ?? "");

describe("the board from the keyboard", () => {
  it("removes a card added and left empty", async () => {
    const open = renderMap();
    const add = screen.getAllByTestId("add-card")[1];
    if (!add) throw new Error("no add button");
    fireEvent.click(add);
    const editor = screen.getByTestId("card-editor");
    fireEvent.keyDown(editor, { key: "Escape" });
    await waitFor(() => expect(open.doc.getMap(ROOT.cards).size).toBe(1));
  });

  it("moves the selected card to the next stage with Alt+ArrowRight", () => {
    renderMap();
    const body = document.querySelector<HTMLElement>("[data-testid='card'] .card-body");
    if (!body) throw new Error("no card");
    fireEvent.click(body);
    body.focus();
    act(() => {
      fireEvent.keyDown(body, { key: "ArrowRight", altKey: true });
    });
    expect(cardsIn("s1")).toEqual([]);
    expect(cardsIn("s2")).toHaveLength(1);
  });

  it("opens the shortcuts with ? and closes them with Escape, focus back where it was", () => {
    renderMap();
    const body = document.querySelector<HTMLElement>("[data-testid='card'] .card-body");
    body?.focus();
    act(() => {
      fireEvent.keyDown(window, { key: "?" });
    });
    const dialog = screen.getByRole("dialog", { name: "鍵盤快速鍵" });
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(dialog.textContent).toContain("F6");
    expect(document.activeElement).toBe(screen.getByTestId("shortcuts-close"));
    fireEvent.keyDown(screen.getByTestId("shortcuts-close"), { key: "Escape" });
    expect(screen.queryByTestId("shortcuts-dialog")).toBeNull();
    expect(document.activeElement).toBe(body);
    // From the board's toolbar too, where a keyboard user often is.
    const search = screen.getByTestId("open-search");
    search.focus();
    act(() => {
      fireEvent.keyDown(search, { key: "?" });
    });
    expect(screen.getByTestId("shortcuts-dialog")).toBeTruthy();
    fireEvent.keyDown(screen.getByTestId("shortcuts-close"), { key: "Escape" });
    expect(document.activeElement).toBe(search);
    // From the page itself (nothing focused): back to the toolbar's "?" button, not the page.
    search.blur();
    act(() => {
      fireEvent.keyDown(window, { key: "?" });
    });
    fireEvent.keyDown(screen.getByTestId("shortcuts-close"), { key: "Escape" });
    expect(document.activeElement).toBe(screen.getByTestId("open-shortcuts"));
  });

  it("closes the channel picker on Escape in its other-channel field, changing nothing", () => {
    const open = renderMap();
    const before = open.doc.oplogVersion().toJSON();
    const picker = screen.getAllByTestId("channel-picker")[0];
    if (!picker) throw new Error("no picker");
    fireEvent.click(picker);
    const input = screen.getByTestId("channel-custom-input");
    input.focus();
    fireEvent.change(input, { target: { value: "小程式" } });
    fireEvent.keyDown(input, { key: "Escape" });
    expect(screen.queryByTestId("channel-popover")).toBeNull();
    expect(document.activeElement).toBe(picker);
    expect(open.doc.oplogVersion().toJSON()).toEqual(before);
  });
});
