// A read-only board (viewer, locked map, ended workshop): its write actions throw instead of
// writing, and the board shows no way to add, edit, rename, rate or delete — the document stays
// exactly as it was whatever the person clicks or types.
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { UndoManager } from "loro-crdt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeMapDoc } from "../../../test/doc/fixture";
import { addCard } from "../../doc/actions";
import { MapStore } from "../../doc/store";
import { UndoSteps } from "../../doc/undoSteps";
import type { OpenMap } from "../../hooks/useOpenMap";
import { initI18n } from "../../i18n";
import type { RoomSync } from "../../sync/room";
import { Board } from "../board/Board";
import { guardActions, ReadOnlyContext, ReadOnlyError } from "./readOnly";

afterEach(cleanup);
initI18n("en");

// jsdom has no layout: the link layer's ResizeObserver only needs to exist.
class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
const realRO = globalThis.ResizeObserver;
beforeAll(() => {
  globalThis.ResizeObserver = NoResizeObserver as unknown as typeof ResizeObserver;
});
afterAll(() => {
  globalThis.ResizeObserver = realRO;
});

describe("guardActions", () => {
  it("throws instead of writing while read-only, and passes the named members", () => {
    let allowed = false;
    let writes = 0;
    const doc = { id: 1 };
    const g = guardActions(
      { doc, write: (n: number) => (writes += n), editing: (_id: string | null) => "ok" },
      () => allowed,
      ["doc", "editing"],
    );
    expect(() => g.write(1)).toThrow(ReadOnlyError);
    expect(writes).toBe(0);
    expect(g.editing("c1")).toBe("ok");
    expect(g.doc).toBe(doc);
    allowed = true;
    expect(g.write(2)).toBe(2);
  });
});

function openMap(): OpenMap {
  const doc = makeMapDoc(
    ["s1", "s2"],
    [
      { id: "l1", title: "Actions", kind: "cards" },
      { id: "l2", title: "Feelings", kind: "emotion" },
      { id: "l3", title: "Channels", kind: "channels" },
    ],
  );
  addCard(doc, {
    stage: "s1",
    lane: "l1",
    department: "",
    author: "Wayline",
    afterPos: null,
    text: "已有的卡片",
  });
  const undo = new UndoManager(doc, { mergeInterval: 0 });
  return {
    mapId: "m1",
    session: "m1",
    doc,
    store: new MapStore(doc),
    room: {} as unknown as RoomSync,
    undo,
    steps: new UndoSteps(undo),
    fromHostCopy: false,
  };
}

function renderBoard(readOnly: boolean) {
  const open = openMap();
  render(
    <ReadOnlyContext.Provider value={readOnly}>
      <Board
        open={open}
        ready
        author="Vic"
        rater={{ id: "p-vic-1", name: "Vic", color: "#2f6fde" }}
      />
    </ReadOnlyContext.Provider>,
  );
  return open;
}

describe("a read-only board", () => {
  it("offers no way to change the map", async () => {
    const open = renderBoard(true);
    const before = open.doc.oplogVersion().toJSON();
    expect(screen.queryAllByTestId("add-card")).toHaveLength(0);
    expect(screen.queryByTestId("add-lane")).toBeNull();
    for (const b of screen.queryAllByTestId("add-stage")) expect(b.hidden).toBe(true);
    for (const b of screen.getAllByTestId("stage-menu")) expect(b.hidden).toBe(true);
    for (const b of screen.getAllByTestId("lane-menu")) expect(b.hidden).toBe(true);
    for (const b of screen.getAllByTestId("channel-picker")) expect(b.hidden).toBe(true);
    for (const b of screen.getAllByTestId("emotion-1")) expect(b).toHaveProperty("disabled", true);

    const card = screen.getByTestId("card");
    fireEvent.doubleClick(card);
    const body = card.querySelector<HTMLElement>(".card-body");
    if (!body) throw new Error("no card body");
    fireEvent.click(body);
    fireEvent.keyDown(body, { key: "Enter" });
    fireEvent.keyDown(body, { key: "Delete" });
    fireEvent.doubleClick(screen.getAllByText("Stage s1")[0] as HTMLElement);
    await act(async () => {});
    expect(document.querySelector(".card-editor-wrap")).toBeNull();
    expect(screen.queryByTestId("stage-title-input")).toBeNull();
    expect(screen.queryAllByTestId(/color-swatch/)).toHaveLength(0);
    expect(screen.getByTestId("department-select")).toHaveProperty("disabled", true);
    expect(open.doc.oplogVersion().toJSON()).toEqual(before);
  });

  it("is the ordinary board without the context", () => {
    renderBoard(false);
    expect(screen.getAllByTestId("add-card").length).toBeGreaterThan(0);
    for (const b of screen.getAllByTestId("stage-menu")) expect(b.hidden).toBe(false);
  });
});
