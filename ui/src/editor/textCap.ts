// The card text cap as a CodeMirror transaction filter: a local change that would make the text
// longer than `max` UTF-16 code units (what String.length counts, as the document limit does) keeps
// only as much of its inserted text as fits, never half of a surrogate pair, and is marked with
// `textCut` so the editor can say so. Deletions always go through; changes mirrored from the Loro
// document bypass filters (another person's text is never cut here).
import {
  Annotation,
  EditorState,
  type Extension,
  type Text,
  Transaction,
  type TransactionSpec,
} from "@codemirror/state";

/** Set on a transaction whose inserted text was cut to fit the cap. */
export const textCut = Annotation.define<true>();

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The first `n` code units of `t`, one fewer if that would split a surrogate pair. */
function head(t: Text, n: number): string {
  const s = t.sliceString(0, n);
  return s.length > 0 && isHighSurrogate(s.charCodeAt(s.length - 1)) ? s.slice(0, -1) : s;
}

export function textCap(max: number): Extension {
  return EditorState.transactionFilter.of((tr): Transaction | TransactionSpec => {
    if (!tr.docChanged || tr.newDoc.length <= max) return tr;
    let deleted = 0;
    tr.changes.iterChangedRanges((fromA, toA) => {
      deleted += toA - fromA;
    });
    let room = Math.max(0, max - (tr.startState.doc.length - deleted));
    const specs: { from: number; to: number; insert: string }[] = [];
    tr.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
      const insert = head(inserted, room);
      room -= insert.length;
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
