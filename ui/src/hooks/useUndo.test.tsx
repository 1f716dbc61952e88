// The undo buttons' owner (the whole app's top) must not redraw on every keystroke: it re-renders
// only when whether one can undo or redo changes.
import { act, render, screen } from "@testing-library/react";
import { LoroDoc } from "loro-crdt";
import { describe, expect, it } from "vitest";
import { openMapOf } from "../../test/board/harness";
import type { OpenMap } from "./useOpenMap";
import { useUndo } from "./useUndo";

let renders = 0;

function Buttons({ open }: { open: OpenMap }) {
  renders++;
  const h = useUndo(open);
  return <span data-testid="state">{`${h.canUndo} ${h.canRedo}`}</span>;
}

describe("useUndo", () => {
  it("re-renders when a button's state changes, not on every edit", () => {
    const doc = new LoroDoc();
    const open = openMapOf(doc);
    render(<Buttons open={open} />);
    expect(screen.getByTestId("state").textContent).toBe("false false");
    const before = renders;
    for (let i = 0; i < 20; i++) {
      act(() => {
        doc.getMap("meta").set("title", `t${i}`);
        doc.commit();
      });
    }
    expect(screen.getByTestId("state").textContent).toBe("true false");
    // One render for "can undo" becoming true, none for the other nineteen edits.
    expect(renders - before).toBeLessThanOrEqual(1);
    act(() => open.undo.undo());
    expect(screen.getByTestId("state").textContent).toBe("true true");
  });
});
