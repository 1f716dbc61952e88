// The card text cap as a CodeMirror transaction filter: a local change that would make the text
// longer than `max` characters (Unicode scalar values, as the Rust model counts: doc/textLength.ts)
// keeps only as much of its inserted text as fits, never half of a character, and is marked with
// `textCut` so the editor can say so. Deletions always go through; changes mirrored from the Loro
// document bypass filters (another person's text is never cut here).
import {
  Annotation,
  EditorState,
  type Extension,
  Transaction,
  type TransactionSpec,
} from "@codemirror/state";
import { textHead, textLength } from "../doc/textLength";

/** Set on a transaction whose inserted text was cut to fit the cap. */
export const textCut = Annotation.define<true>();

export function textCap(max: number): Extension {
  return EditorState.transactionFilter.of((tr): Transaction | TransactionSpec => {
    // A text of at most `max` UTF-16 units has at most `max` characters.
    if (!tr.docChanged || tr.newDoc.length <= max) return tr;
    if (textLength(tr.newDoc.toString()) <= max) return tr;
    const before = tr.startState.doc;
    let deleted = 0;
    tr.changes.iterChangedRanges((fromA, toA) => {
      deleted += textLength(before.sliceString(fromA, toA));
    });
    let room = Math.max(0, max - (textLength(before.toString()) - deleted));
    const specs: { from: number; to: number; insert: string }[] = [];
    tr.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
      const insert = textHead(inserted.toString(), room);
      room -= textLength(insert);
      specs.push({ from: fromA, to: toA, insert });
    });
    const changes = tr.startState.changes(specs);
    return {
      changes,
      selection: tr.startState.selection.map(changes, 1),
      annotations: [
        textCut.of(true),
        Transaction.userEvent.of(tr.annotation(Transaction.userEvent) ?? "input"),
      ],
      scrollIntoView: tr.scrollIntoView,
    };
  });
}
