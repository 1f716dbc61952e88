// One Board rendered in jsdom for component tests: the open-map bundle a real map has (store,
// undo steps, a stand-in room), a saved room status, and the browser parts jsdom lacks (layout
// observers, CSS.escape, scrolling). Test-only: nothing in src/ imports it.
import { render } from "@testing-library/react";
import { type LoroDoc, UndoManager } from "loro-crdt";
import { afterAll, beforeAll } from "vitest";
import { Board } from "../../src/components/board/Board";
import { MapStore } from "../../src/doc/store";
import { UndoSteps } from "../../src/doc/undoSteps";
import type { OpenMap } from "../../src/hooks/useOpenMap";
import type { RoomSync } from "../../src/sync/room";
import type { RoomStatus } from "../../src/sync/types";

export const SAVED: RoomStatus = {
  state: "saved",
  joined: true,
  loaded: true,
  pending: 0,
  error: null,
  notice: null,
  access: { role: "facilitator", locked: false, can_edit: true, now_ms: 0 },
};

/** A room that only reports `status` (what SaveState reads). */
export function roomWithStatus(status: RoomStatus): RoomSync {
  return { subscribe: () => () => {}, getStatus: () => status } as unknown as RoomSync;
}

class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

/** Call at the top of a test file: a ResizeObserver that reports nothing, CSS.escape, scrolling. */
export function stubBoardDom(): void {
  const realRO = globalThis.ResizeObserver;
  beforeAll(() => {
    globalThis.ResizeObserver = NoResizeObserver as unknown as typeof ResizeObserver;
  });
  afterAll(() => {
    globalThis.ResizeObserver = realRO;
  });
  // Kept to the end of the file: focus moves a frame after a test's last step.
  if (typeof CSS === "undefined") Object.assign(globalThis, { CSS: { escape: (s: string) => s } });
  if (!Element.prototype.scrollBy) Element.prototype.scrollBy = () => {};
  if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => {};
}

/** `doc` as the app opens a map. */
export function openMapOf(
  doc: LoroDoc,
  undo = new UndoManager(doc, { mergeInterval: 0 }),
): OpenMap {
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

/** Renders the board of `doc` for the person `name`. */
export function renderBoard(
  doc: LoroDoc,
  name: string,
  opts: { undo?: UndoManager } = {},
): OpenMap {
  const open = openMapOf(doc, opts.undo);
  render(
    <Board open={open} ready author={name} rater={{ id: `p-${name}`, name, color: "#2f6fde" }} />,
  );
  return open;
}
