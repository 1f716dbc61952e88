// Undo stopping points: one gesture is one undo step. Discrete actions (recolour, delete, rate)
// each make their own step; an editing session — from creating or opening a card until leaving
// its editor — is one step however long the typing took.
import type { UndoManager } from "loro-crdt";

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
}
