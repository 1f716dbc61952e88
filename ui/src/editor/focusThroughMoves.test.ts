// The card editor keeps the focus when its card's element is moved within the cell (someone else
// moved the card), whether the browser blurs it first (Chromium) or says nothing (WebKit), and
// still finishes when the person really leaves the field.
import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { afterEach, describe, expect, it, vi } from "vitest";
import { guardFocusThroughMoves } from "./focusThroughMoves";

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

function setUp() {
  const cell = document.createElement("div");
  const card = document.createElement("div");
  const other = document.createElement("div");
  const field = document.createElement("input");
  cell.append(card, other);
  document.body.append(cell, field);
  const view = new EditorView({ parent: card, state: EditorState.create({ doc: "正在写" }) });
  view.focus();
  const guard = guardFocusThroughMoves(view, card);
  return { cell, card, field, view, guard };
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("guardFocusThroughMoves", () => {
  it("takes the focus back when the card is moved without a blur (WebKit)", async () => {
    const { cell, card, view, guard } = setUp();
    expect(view.hasFocus).toBe(true);
    cell.append(card); // moved below its neighbour
    (document.activeElement as HTMLElement | null)?.blur();
    await tick();
    expect(view.hasFocus).toBe(true);
    guard.dispose();
  });

  it("a blur just before the card moves does not finish editing (Chromium)", async () => {
    const { cell, card, view, guard } = setUp();
    const left = vi.fn();
    view.contentDOM.blur();
    guard.onBlur(left);
    cell.append(card);
    await tick();
    expect(left).not.toHaveBeenCalled();
    expect(view.hasFocus).toBe(true);
    guard.dispose();
  });

  it("a person leaving the field finishes editing", async () => {
    const { field, view, guard } = setUp();
    const left = vi.fn();
    field.focus();
    guard.onBlur(left);
    await tick();
    expect(left).toHaveBeenCalledTimes(1);
    expect(view.hasFocus).toBe(false);
    guard.dispose();
  });

  it("does nothing once disposed (the editor closed)", async () => {
    const { cell, card, view, guard } = setUp();
    const left = vi.fn();
    guard.onBlur(left);
    guard.dispose();
    view.contentDOM.blur();
    cell.append(card);
    await tick();
    expect(left).not.toHaveBeenCalled();
    expect(view.hasFocus).toBe(false);
  });
});
