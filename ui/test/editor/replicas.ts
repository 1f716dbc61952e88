// Two people on one map for editor tests: two LoroDocs (peers 1 and 2) holding one card, each with
// the card editor open on it, exchanging updates through in-memory queues that deliver only when
// the test says so (so edits can cross on the "network").
import type { EditorView } from "@codemirror/view";
import { LoroDoc, type LoroText } from "loro-crdt";
import { addCard, cardText } from "../../src/doc/actions";
import "./jsdomLayout";
import { type CardEditorHandle, createCardEditorView } from "../../src/editor/cardEditorView";
import type { CardPresence } from "../../src/editor/remoteCarets";

export interface Person {
  doc: LoroDoc;
  text: LoroText;
  editor: CardEditorHandle;
  view: EditorView;
  /** Updates this person committed that the other has not received yet. */
  outbox: Uint8Array[];
  /** What the editor reported: onGone(remote) calls, onCut values, onDone calls. */
  seen: { gone: boolean[]; cuts: boolean[]; done: number };
}

export interface Pair {
  a: Person;
  b: Person;
  cardId: string;
  /** Delivers the oldest `n` (default: all) queued updates from `from` to the other person. */
  deliver: (from: Person, n?: number) => void;
  close: () => void;
}

function open(doc: LoroDoc, cardId: string, presence?: CardPresence, max?: number): Person {
  const text = cardText(doc, cardId);
  if (!text) throw new Error("no card text");
  const parent = document.createElement("div");
  document.body.append(parent);
  const outbox: Uint8Array[] = [];
  const seen: Person["seen"] = { gone: [], cuts: [], done: 0 };
  doc.subscribeLocalUpdates((u) => outbox.push(u));
  const editor = createCardEditorView({
    parent,
    doc,
    text,
    label: "Card text",
    onDone: () => {
      seen.done++;
    },
    onGone: (remote) => seen.gone.push(remote),
    onCut: (cut) => seen.cuts.push(cut),
    presence,
    max,
  });
  // the caret starts at the end, as when the editor opens
  editor.view.dispatch({ selection: { anchor: editor.view.state.doc.length } });
  return { doc, text, editor, view: editor.view, outbox, seen };
}

export function makePair(
  initial = "",
  opts: { presenceA?: CardPresence; presenceB?: CardPresence; max?: number } = {},
): Pair {
  const docA = new LoroDoc();
  docA.setPeerId(1n);
  const cardId = addCard(docA, {
    stage: "s1",
    lane: "l1",
    department: "",
    author: "Alice",
    afterPos: null,
    text: initial,
  });
  const docB = new LoroDoc();
  docB.setPeerId(2n);
  docB.import(docA.export({ mode: "snapshot" }));
  const a = open(docA, cardId, opts.presenceA, opts.max);
  const b = open(docB, cardId, opts.presenceB, opts.max);
  const deliver = (from: Person, n = from.outbox.length) => {
    const to = from === a ? b : a;
    for (const u of from.outbox.splice(0, n)) {
      const status = to.doc.import(u);
      if (status.pending) throw new Error("update delivered out of order");
    }
  };
  return {
    a,
    b,
    cardId,
    deliver,
    close: () => {
      a.editor.close();
      b.editor.close();
    },
  };
}

/** Types `s` at the caret, one character (code point) per transaction, as key presses do. */
export function typeKey(view: EditorView, ch: string): void {
  view.dispatch(view.state.replaceSelection(ch), { userEvent: "input.type", scrollIntoView: true });
}

/** Whether the code points of `part` appear in `whole` in the same order. */
export function inOrder(whole: string, part: string): boolean {
  const w = Array.from(whole);
  let i = 0;
  for (const ch of Array.from(part)) {
    i = w.indexOf(ch, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}
