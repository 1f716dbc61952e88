// Undo stopping points: one gesture is one undo step. Discrete actions (recolour, delete, rate)
// each make their own step; an editing session — from creating or opening a card until leaving
// its editor — is one step however long the typing took. Writes committed with an origin starting
// with NO_UNDO_PREFIX are not steps at all (the undo manager treats them like someone else's edit).
import { type LoroDoc, UndoManager } from "loro-crdt";

/** Commit origins the undo manager ignores: e.g. removing a card left blank (blankCards.ts). */
export const NO_UNDO_PREFIX = "no-undo:";

/** The open map's undo manager: this peer's edits only, no time-based merging (see UndoSteps). */
export function mapUndoManager(doc: LoroDoc): UndoManager {
  return new UndoManager(doc, {
    mergeInterval: 0,
    maxUndoSteps: 200,
    excludeOriginPrefixes: [NO_UNDO_PREFIX],
  });
}

export class UndoSteps {
  private grouping = false;

  constructor(private readonly undo: UndoManager) {}

  /** Starts a step that lasts until `end()`; does nothing if one is already open. */
  begin(): void {
    if (this.grouping) return;
    this.undo.groupStart();
    this.grouping = true;
  }

  end(): void {
    if (!this.grouping) return;
    this.undo.groupEnd();
    this.grouping = false;
  }

  get open(): boolean {
    return this.grouping;
  }

  /** Takes back the last step (a toast's "Undo", right after what it offers to take back). */
  undoLast(): void {
    if (!this.grouping && this.undo.canUndo()) this.undo.undo();
  }
}
