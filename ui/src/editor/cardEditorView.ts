// Builds the CodeMirror view of the card editor, without React: the Loro binding (loroTextSync.ts),
// the 10,000-character cap (textCap.ts), line wrapping, Enter, Escape and blur to finish and
// Shift+Enter for a new line (cardKeys.ts), and other people's carets when a presence channel is
// given (remoteCarets.ts). No CodeMirror history: Ctrl/Cmd+Z reaches the app's Loro UndoManager
// (hooks/useUndo.ts), whose changes come back through the binding like any other change to the
// card's text.
import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import type { LoroDoc, LoroText } from "loro-crdt";
import { MAX_CARD_TEXT } from "../doc/schema";
import { cardKeyAction } from "./cardKeys";
import { guardFocusThroughMoves } from "./focusThroughMoves";
import { fromLoro, loroTextSync } from "./loroTextSync";
import { type CardPresence, remoteCarets } from "./remoteCarets";
import { textCap, textCut } from "./textCap";

export interface CardEditorViewOptions {
  parent: HTMLElement;
  doc: LoroDoc;
  text: LoroText;
  /** The accessible name of the text box. */
  label: string;
  /** The id of an element describing the text box (the keys hint). */
  describedBy?: string;
  /** Enter, Escape or blur: editing is over. */
  onDone: () => void;
  /** The card was deleted while open (`remote`: by someone else); the view writes nothing more. */
  onGone: (remote: boolean, unsent: string | null) => void;
  /** After each local change: whether its text was cut to fit the cap. */
  onCut: (cut: boolean) => void;
  presence?: CardPresence;
  max?: number;
}

export interface CardEditorHandle {
  view: EditorView;
  /** Destroys the view (writing anything held); no onDone/onGone afterwards. */
  close: () => void;
}

export function createCardEditorView(o: CardEditorViewOptions): CardEditorHandle {
  let open = true;
  const finish = (view: EditorView) => {
    if (!open) return;
    binding.flush(view);
    o.onDone();
  };
  const binding = loroTextSync({
    doc: o.doc,
    text: o.text,
    onGone: (remote, unsent) => {
      open = false;
      o.onGone(remote, unsent);
    },
  });
  const view = new EditorView({
    parent: o.parent,
    state: EditorState.create({
      doc: o.text.toString(),
      extensions: [
        binding.extension,
        textCap(o.max ?? MAX_CARD_TEXT),
        EditorView.lineWrapping,
        EditorView.editorAttributes.of({ class: "card-editor" }),
        EditorView.contentAttributes.of({
          "data-testid": "card-editor",
          "aria-label": o.label,
          ...(o.describedBy ? { "aria-describedby": o.describedBy } : {}),
        }),
        EditorView.domEventHandlers({
          keydown: (e, v) => {
            const action = cardKeyAction(e, v.compositionStarted);
            if (!action) return false;
            e.preventDefault();
            if (action === "newline") {
              v.dispatch(v.state.replaceSelection("\n"), {
                userEvent: "input",
                scrollIntoView: true,
              });
              return true;
            }
            // The board's own keys must not see it (Escape would also clear the selection).
            e.stopPropagation();
            finish(v);
            return true;
          },
          blur: (_e, v) => {
            focusGuard.onBlur(() => finish(v));
            return false;
          },
          compositionend: (_e, v) => {
            // CodeMirror may read the committed text a moment later, or (when it equals the last
            // intermediate) never dispatch again: write whatever is held once it has settled.
            setTimeout(() => {
              if (open && !v.compositionStarted) binding.flush(v);
            }, 0);
            return false;
          },
        }),
        EditorView.updateListener.of((u) => {
          for (const tr of u.transactions) {
            if (tr.docChanged && !tr.annotation(fromLoro)) o.onCut(tr.annotation(textCut) === true);
          }
        }),
        o.presence ? remoteCarets(o.doc, o.text, o.presence) : [],
      ],
    }),
  });
  const focusGuard = guardFocusThroughMoves(view, o.parent.closest("[data-testid=card]"));
  return {
    view,
    close: () => {
      open = false;
      focusGuard.dispose();
      view.destroy();
    },
  };
}
