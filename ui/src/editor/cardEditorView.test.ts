// The card editor's view on real LoroDocs: a card deleted by someone else closes it without writing
// into the deleted text, the app's Loro UndoManager undoes typing (one step per editing session),
// the 10,000-character cap cuts only what is inserted, and other people's carets are drawn.
import { Cursor, UndoManager } from "loro-crdt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makePair, type Pair, typeKey } from "../../test/editor/replicas";
import { deleteCard } from "../doc/actions";
import { UndoSteps } from "../doc/undoSteps";
import {
  CARET_NAME_SHOWN_MS,
  type CardPresence,
  caretDecorations,
  type RemoteCaret,
} from "./remoteCarets";

let pair: Pair | null = null;
afterEach(() => {
  pair?.close();
  pair = null;
  document.body.innerHTML = "";
});

describe("a card deleted while it is being edited", () => {
  it("closes the editor, says it came from someone else, and writes nothing more", () => {
    pair = makePair("草稿");
    const { a, b, cardId, deliver } = pair;
    typeKey(a.view, "1");
    deleteCard(b.doc, cardId);
    deliver(b);
    expect(a.seen.gone).toEqual([true]);
    // Late keys (the editor is still on screen until React unmounts it) go nowhere, and do not throw.
    const before = a.outbox.length;
    expect(() => typeKey(a.view, "2")).not.toThrow();
    expect(a.outbox).toHaveLength(before);
    expect(b.seen.gone).toEqual([false]);
  });
});

describe("undo", () => {
  it("undoes the typing of an editing session in one step, through the app's UndoManager", () => {
    pair = makePair("看价格");
    const { a, b, deliver } = pair;
    const undo = new UndoManager(a.doc, { mergeInterval: 0, maxUndoSteps: 200 });
    const steps = new UndoSteps(undo);
    steps.begin();
    for (const ch of "客户") typeKey(a.view, ch);
    typeKey(b.view, "!"); // someone else's change is not undone
    deliver(b);
    steps.end();
    expect(a.view.state.doc.toString()).toBe("看价格客户!");
    undo.undo();
    expect(a.view.state.doc.toString()).toBe("看价格!");
    expect(a.text.toString()).toBe("看价格!");
    undo.redo();
    expect(a.view.state.doc.toString()).toBe("看价格客户!");
    deliver(a);
    expect(b.view.state.doc.toString()).toBe("看价格客户!");
  });
});

describe("the text cap", () => {
  it("keeps only what fits of a paste and says so; deleting still works", () => {
    pair = makePair("abc", { max: 10 });
    const { a } = pair;
    a.view.dispatch(a.view.state.replaceSelection("0123456789"), { userEvent: "input.paste" });
    expect(a.text.toString()).toBe("abc0123456");
    expect(a.seen.cuts.at(-1)).toBe(true);
    typeKey(a.view, "x");
    expect(a.text.toString()).toBe("abc0123456");
    a.view.dispatch({ changes: { from: 0, to: 1 } });
    expect(a.text.toString()).toBe("bc0123456");
    expect(a.seen.cuts.at(-1)).toBe(false);
  });

  it("counts characters, not UTF-16 units, and never keeps half of one", () => {
    pair = makePair("abcdefgh", { max: 10 });
    const { a } = pair;
    a.view.dispatch(a.view.state.replaceSelection("x𠮷😀"), { userEvent: "input.paste" });
    // 𠮷 is one character (two UTF-16 units): it fits as the tenth; 😀 would be the eleventh.
    expect(a.text.toString()).toBe("abcdefghx𠮷");
    expect(a.seen.cuts.at(-1)).toBe(true);
  });

  it("lets a text of supplementary characters reach the limit in characters", () => {
    pair = makePair("", { max: 4 });
    const { a } = pair;
    a.view.dispatch(a.view.state.replaceSelection("𠮷𩸽👍😡🤔"), { userEvent: "input.paste" });
    expect(a.text.toString()).toBe("𠮷𩸽👍😡");
  });

  it("does not cut someone else's text", () => {
    pair = makePair("", { max: 5 });
    const { a, b, deliver } = pair;
    for (const ch of "12345") typeKey(a.view, ch);
    for (const ch of "abc") typeKey(b.view, ch);
    deliver(a);
    deliver(b);
    expect(a.view.state.doc.toString()).toBe(a.text.toString());
    expect(a.text.toString()).toHaveLength(8);
  });
});

describe("other people's carets", () => {
  function fakePresence(): CardPresence & { set: (c: RemoteCaret[]) => void; mine: unknown[] } {
    let carets: RemoteCaret[] = [];
    const listeners = new Set<() => void>();
    const mine: unknown[] = [];
    return {
      carets: () => carets,
      subscribe: (fn) => {
        listeners.add(fn);
        return () => listeners.delete(fn);
      },
      publish: (c) => mine.push(c),
      set: (c) => {
        carets = c;
        for (const fn of listeners) fn();
      },
      mine,
    };
  }

  it("draws a caret where the other person is, and follows their text", async () => {
    const presence = fakePresence();
    pair = makePair("客户看价格", { presenceB: presence });
    const { a, b, deliver } = pair;
    const cursor = a.text.getCursor(2)?.encode();
    if (!cursor) throw new Error("no cursor");
    presence.set([{ key: "alice", name: "Alice", color: "#e05a8a", cursor }]);
    await Promise.resolve();
    const caret = () => b.view.contentDOM.querySelector(".cm-remote-caret");
    expect(caret()?.textContent).toBe("Alice");
    expect(b.view.posAtDOM(caret() as Node)).toBe(2);
    // text typed before it by Bob moves it along
    b.view.dispatch({ selection: { anchor: 0 } });
    typeKey(b.view, "新");
    expect(b.view.posAtDOM(caret() as Node)).toBe(3);
    deliver(b);
    // a caret in another text (another card) is not shown here
    const other = a.doc.getText("elsewhere");
    other.insert(0, "abc");
    a.doc.commit();
    deliver(a);
    const elsewhere = other.getCursor(1)?.encode();
    if (!elsewhere) throw new Error("no cursor");
    presence.set([{ key: "alice", name: "Alice", color: "#e05a8a", cursor: elsewhere }]);
    await Promise.resolve();
    expect(caret()).toBeNull();
  });

  it("shows a co-editor's name when their caret comes into the card, and lets it fade as they type on", async () => {
    let now = 1_000;
    const clock = vi.spyOn(performance, "now").mockImplementation(() => now);
    try {
      const presence = fakePresence();
      pair = makePair("客户看价格", { presenceB: presence });
      const { a, b } = pair;
      const at = (pos: number) => {
        const cursor = a.text.getCursor(pos)?.encode();
        if (!cursor) throw new Error("no cursor");
        return [{ key: "alice", name: "Alice", color: "#e05a8a", cursor }];
      };
      const label = () => b.view.contentDOM.querySelector<HTMLElement>(".cm-remote-caret-name");
      presence.set(at(1));
      await Promise.resolve();
      const first = label();
      expect(label()?.style.animationDuration).toBe(`${CARET_NAME_SHOWN_MS}ms`);
      expect(label()?.style.animationDelay).toBe("0ms");
      // Moving on 1.5 s later keeps the name fading from when the caret came: the element is kept
      // (its animation runs on), or one drawn anew starts 1.5 s into the fade.
      now += 1_500;
      presence.set(at(3));
      await Promise.resolve();
      expect(b.view.posAtDOM(label()?.parentElement as Node)).toBe(3);
      expect(label() === first || label()?.style.animationDelay === "-1500ms").toBe(true);
      const redrawn = caretDecorations(a.doc, a.text, at(3), a.text.length, () => now - 1_500)
        .iter()
        .value?.spec.widget.toDOM(b.view) as HTMLElement;
      expect(
        redrawn.querySelector<HTMLElement>(".cm-remote-caret-name")?.style.animationDelay,
      ).toBe("-1500ms");
      // Gone from the card and back: the name shows again.
      presence.set([]);
      await Promise.resolve();
      expect(label()).toBeNull();
      now += 10_000;
      presence.set(at(2));
      await Promise.resolve();
      expect(label()?.style.animationDelay).toBe("0ms");
    } finally {
      clock.mockRestore();
    }
  });

  it("publishes this person's caret, and withdraws it on close", () => {
    const presence = fakePresence();
    pair = makePair("abc", { presenceA: presence });
    pair.a.view.contentDOM.focus();
    pair.a.view.dispatch({ selection: { anchor: 1 } });
    const published = presence.mine.at(-1);
    expect(published).toBeInstanceOf(Uint8Array);
    expect(pair.a.doc.getCursorPos(Cursor.decode(published as Uint8Array))?.offset).toBe(1);
    pair.a.editor.close();
    expect(presence.mine.at(-1)).toBeNull();
  });
});
