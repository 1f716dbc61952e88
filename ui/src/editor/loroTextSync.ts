// Binds a CodeMirror view to one LoroText container (a card's text). Each local change becomes Loro
// delete/insert operations at its own position — never a whole-string diff — and every other change
// to that container (another person's import, this person's undo/redo, a checkout) is applied to the
// view as a change, so CodeMirror maps the caret over it.
//
// IME: while a composition is under way the local changes are held, not written, and the net change
// (the committed 客户, never the Latin intermediates "k", "ke") is written once it ends. A remote
// change that arrives meanwhile is rebased over the held changes (CodeMirror's ChangeSet.map).
//
// Not loro-codemirror's LoroSyncPlugin (0.3.3): it stops reading a remote batch at the first event
// for another container (every card shares one map document), skips the first local change after
// its start-up microtask, and mirrors this peer's undo only through its own undo keymap.
import {
  Annotation,
  ChangeSet,
  type ChangeSpec,
  type Extension,
  Transaction,
} from "@codemirror/state";
import { type EditorView, type PluginValue, ViewPlugin, type ViewUpdate } from "@codemirror/view";
import type { Delta, LoroDoc, LoroEventBatch, LoroText } from "loro-crdt";

/** Marks a transaction that mirrors a change already in the Loro text (never written back). */
export const fromLoro = Annotation.define<true>();

export interface LoroTextSyncOptions {
  doc: LoroDoc;
  text: LoroText;
  /**
   * The container was deleted (its card removed) while the editor was open; nothing is written to
   * it after this. `remote`: the deletion came from another person (an import). `unsent`: the
   * text as the editor showed it, when it held words not yet written (a composition under way),
   * which the deletion took with it; null otherwise.
   */
  onGone: (remote: boolean, unsent: string | null) => void;
}

class LoroTextSync implements PluginValue {
  /** Local changes not yet in the Loro text (held during a composition): Loro text → view. */
  private held: ChangeSet | null = null;
  /** True while this plugin writes, so its own commit's event is not applied back. */
  private writing = false;
  private gone = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly view: EditorView,
    private readonly o: LoroTextSyncOptions,
  ) {
    this.unsubscribe = o.doc.subscribe(this.onDoc);
  }

  update(u: ViewUpdate): void {
    for (const tr of u.transactions) {
      if (!tr.docChanged || tr.annotation(fromLoro)) continue;
      this.held = this.held ? this.held.compose(tr.changes) : tr.changes;
    }
    if (!this.view.compositionStarted) this.flush();
  }

  /** Writes the held local changes to the Loro text as one commit. */
  flush(): void {
    const held = this.held;
    this.held = null;
    if (!held || held.empty || this.checkGone(false)) return;
    const { doc, text } = this.o;
    if (text.length !== held.length) {
      // Cannot happen while every change passes through here; if it does, the document wins.
      console.warn("card editor out of step with its text; reloading it");
      this.reload();
      return;
    }
    this.writing = true;
    try {
      let shift = 0;
      held.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
        const at = fromA + shift;
        if (toA > fromA) text.delete(at, toA - fromA);
        const s = inserted.toString();
        if (s) text.insert(at, s);
        shift += s.length - (toA - fromA);
      });
      doc.commit();
    } finally {
      this.writing = false;
    }
  }

  destroy(): void {
    // A composition cut short by closing the editor keeps what the person saw.
    this.flush();
    this.unsubscribe();
  }

  private onDoc = (batch: LoroEventBatch): void => {
    if (this.writing || this.checkGone(batch.by === "import")) return;
    if (batch.by === "checkout") {
      this.reload();
      return;
    }
    for (const ev of batch.events) {
      if (ev.target === this.o.text.id && ev.diff.type === "text") this.applyLoro(ev.diff.diff);
    }
  };

  private checkGone(remote: boolean): boolean {
    if (this.gone) return true;
    if (!this.o.text.isDeleted()) return false;
    this.gone = true;
    const unsent = this.held && !this.held.empty ? this.view.state.doc.toString() : null;
    this.held = null;
    this.o.onGone(remote, unsent);
    return true;
  }

  /** Applies a change of the Loro text to the view, rebased over any held local changes. */
  private applyLoro(delta: Delta<string>[]): void {
    const held = this.held;
    const specs: ChangeSpec[] = [];
    let pos = 0;
    for (const d of delta) {
      if (d.retain !== undefined) pos += d.retain;
      else if (d.delete !== undefined) {
        specs.push({ from: pos, to: pos + d.delete });
        pos += d.delete;
      } else if (d.insert !== undefined) specs.push({ from: pos, insert: d.insert });
    }
    let theirs: ChangeSet;
    try {
      theirs = ChangeSet.of(specs, held ? held.length : this.view.state.doc.length);
    } catch {
      this.reload();
      return;
    }
    if (held) {
      this.held = held.map(theirs, true);
      theirs = theirs.map(held);
    }
    this.dispatchLoro(theirs);
  }

  /** Replaces the view's text with the Loro text (a checkout, or a safety net). */
  private reload(): void {
    this.held = null;
    const doc = this.view.state.doc;
    this.dispatchLoro(
      ChangeSet.of({ from: 0, to: doc.length, insert: this.o.text.toString() }, doc.length),
    );
  }

  private dispatchLoro(changes: ChangeSet): void {
    if (changes.empty) return;
    this.view.dispatch({
      changes,
      annotations: [fromLoro.of(true), Transaction.addToHistory.of(false)],
      // the document already holds it: the length cap and other filters must not alter it
      filter: false,
    });
  }
}

export interface LoroTextBinding {
  extension: Extension;
  /** Writes any held local change now (before the editor closes on blur). */
  flush: (view: EditorView) => void;
}

/** The extension that keeps the view and `o.text` in step (see the file comment). */
export function loroTextSync(o: LoroTextSyncOptions): LoroTextBinding {
  const plugin = ViewPlugin.define((view) => new LoroTextSync(view, o));
  return { extension: plugin, flush: (view) => view.plugin(plugin)?.flush() };
}
