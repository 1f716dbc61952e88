// The card editor component: it opens focused with the caret at the end on the element tests and
// users type into (data-testid="card-editor"), Escape and Enter finish (Shift+Enter breaks the
// line, as the hint under it says), a paste over the cap shows the
// "cut to 10,000" status, and a card deleted by someone else closes it with a message — or, when
// the deletion took words of a composition under way, offers the card back with them.
import { EditorView } from "@codemirror/view";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { LoroDoc } from "loro-crdt";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { addCard, cardText, deleteCard } from "../../doc/actions";
import { MAX_CARD_TEXT } from "../../doc/schema";
import "../../../test/editor/jsdomLayout";
import { MapStore } from "../../doc/store";
import { MapStoreContext } from "../../hooks/mapSlice";
import { initI18n } from "../../i18n";
import { CardEditor } from "./CardEditor";
import { hideCardNotice } from "./cardNotice";

beforeEach(() => {
  initI18n("en");
});
afterEach(() => {
  cleanup();
  hideCardNotice();
});

function mapWithCard(text: string) {
  const doc = new LoroDoc();
  const id = addCard(doc, {
    stage: "s",
    lane: "l",
    department: "",
    author: "A",
    afterPos: null,
    text,
  });
  return { doc, id };
}

function editorView(): EditorView {
  const view = EditorView.findFromDOM(screen.getByTestId("card-editor"));
  if (!view) throw new Error("no editor");
  return view;
}

describe("CardEditor", () => {
  it("opens focused on the card text with the caret at the end", () => {
    const { doc, id } = mapWithCard("客户看价格");
    render(<CardEditor doc={doc} cardId={id} onDone={() => {}} />);
    const box = screen.getByTestId("card-editor");
    expect(document.activeElement).toBe(box);
    expect(box.getAttribute("contenteditable")).toBe("true");
    expect(box.getAttribute("aria-label")).toBe("Card text");
    expect(box.textContent).toBe("客户看价格");
    expect(editorView().state.selection.main.head).toBe(5);
  });

  it("finishes on Escape", () => {
    const { doc, id } = mapWithCard("");
    const onDone = vi.fn();
    render(<CardEditor doc={doc} cardId={id} onDone={onDone} />);
    fireEvent.keyDown(screen.getByTestId("card-editor"), { key: "Escape" });
    expect(onDone).toHaveBeenCalled();
  });

  it("finishes on Enter, breaks the line on Shift+Enter, and says so under the text", () => {
    const { doc, id } = mapWithCard("第一行");
    const onDone = vi.fn();
    render(<CardEditor doc={doc} cardId={id} onDone={onDone} />);
    const box = screen.getByTestId("card-editor");
    const hint = screen.getByTestId("card-editor-hint");
    expect(hint.textContent).toBe("Enter to finish · Shift+Enter for a new line");
    expect(box.getAttribute("aria-describedby")).toBe(hint.id);
    fireEvent.keyDown(box, { key: "Enter", shiftKey: true });
    expect(onDone).not.toHaveBeenCalled();
    expect(editorView().state.doc.toString()).toBe("第一行\n");
    fireEvent.keyDown(box, { key: "Enter", isComposing: true, keyCode: 229 });
    expect(onDone).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onDone).toHaveBeenCalledTimes(1);
    expect(cardText(doc, id)?.toString()).toBe("第一行\n");
  });

  it("says so when a paste is cut to the cap", () => {
    const { doc, id } = mapWithCard("");
    render(<CardEditor doc={doc} cardId={id} onDone={() => {}} />);
    const view = editorView();
    act(() => view.dispatch(view.state.replaceSelection("长".repeat(MAX_CARD_TEXT + 5))));
    expect(view.state.doc.length).toBe(MAX_CARD_TEXT);
    expect(screen.getByRole("status").textContent).toBe("The text was cut to 10,000 characters");
  });

  it("closes with a message when someone else deletes the card", async () => {
    const { doc, id } = mapWithCard("草稿");
    const other = new LoroDoc();
    other.import(doc.export({ mode: "snapshot" }));
    const onDone = vi.fn();
    render(<CardEditor doc={doc} cardId={id} onDone={onDone} />);
    deleteCard(other, id);
    act(() => {
      doc.import(other.export({ mode: "update", from: doc.oplogVersion() }));
    });
    expect(onDone).toHaveBeenCalled();
    expect(screen.getByTestId("card-gone").textContent).toBe(
      "Someone else deleted this card while you were editing it",
    );
    // Said to a screen reader through the page's live region, once it is in the page empty.
    expect(screen.getByTestId("card-gone").getAttribute("aria-hidden")).toBe("true");
    await waitFor(() =>
      expect(screen.getByTestId("notice-said").textContent).toBe(
        "Someone else deleted this card while you were editing it",
      ),
    );
    expect(screen.getByTestId("notice-said").getAttribute("role")).toBe("status");
  });

  it("offers the card back with the words of a composition cut short by someone's deletion", async () => {
    const { doc, id } = mapWithCard("草稿");
    const other = new LoroDoc();
    other.import(doc.export({ mode: "snapshot" }));
    const store = new MapStore(doc);
    const onDone = vi.fn();
    render(
      <MapStoreContext.Provider value={store}>
        <CardEditor doc={doc} cardId={id} onDone={onDone} />
      </MapStoreContext.Provider>,
    );
    const view = editorView();
    // "kehu" → 客户 under way: shown in the editor, not yet written to the card.
    view.contentDOM.dispatchEvent(new CompositionEvent("compositionstart"));
    act(() =>
      view.dispatch({
        changes: { from: 2, insert: "客户" },
        selection: { anchor: 4 },
        userEvent: "input.type.compose",
      }),
    );
    expect(cardText(doc, id)?.toString()).toBe("草稿");
    deleteCard(other, id);
    act(() => {
      doc.import(other.export({ mode: "update", from: doc.oplogVersion() }));
    });
    await waitFor(() => expect(store.lostCards.get().map((c) => c.text)).toEqual(["草稿客户"]));
    expect(store.lostCards.get()[0]?.placement).toMatchObject({ stage: "s", lane: "l" });
    expect(onDone).toHaveBeenCalled();
    // The board's offer says it; no second message about the deletion.
    expect(screen.queryByTestId("card-gone")).toBeNull();
    store.dispose();
  });
});
