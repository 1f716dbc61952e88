// Undo stopping points: one gesture is one undo step. Discrete actions (recolour, delete, rate)
// each make their own step; an editing session — from creating or opening a card until leaving
// its editor — is one step however long the typing took, and whatever others did meanwhile.
// Writes committed with an origin starting with NO_UNDO_PREFIX are not steps at all (the undo
// manager treats them like someone else's edit).
//
// Loro's UndoManager ends a group when someone else's change touches what the group changed (a
// teammate adding a card while this person writes one, or typing into the same card): every
// keystroke after that was a step of its own, and Ctrl+Z took back one character at a time in a
// live workshop. So each stack item carries the id of the gesture it belongs to, undo and redo
// take every item of the top gesture, and a group Loro ended is opened again at once (its items
// stay few: one per interruption, not one per keystroke).
import { type LoroDoc, UndoManager } from "loro-crdt";

/** Commit origins the undo manager ignores: e.g. removing a card left blank (blankCards.ts). */
export const NO_UNDO_PREFIX = "no-undo:";

/**
 * Stack items the undo manager keeps. One gesture may span several (see above), so this is more
 * than the number of gestures one can take back.
 */
export const MAX_UNDO_ITEMS = 1_000;

/** The open map's undo manager: this peer's edits only, no time-based merging (see UndoSteps). */
export function mapUndoManager(doc: LoroDoc): UndoManager {
  return new UndoManager(doc, {
    mergeInterval: 0,
    maxUndoSteps: MAX_UNDO_ITEMS,
    excludeOriginPrefixes: [NO_UNDO_PREFIX],
  });
}

export class UndoSteps {
  private grouping = false;
  /** The open gesture's id while grouping; else the last id given. */
  private gesture = 0;
  private lastId = 0;
  /** The gesture being undone or redone: the items made meanwhile belong to it. */
  private replaying: number | null = null;
  private readonly stopWatching: () => void;
  /** Gestures whose every effect is gone (forget): undo and redo pass over them. */
  private readonly forgotten = new Set<number>();

  /** `doc`: the document `undo` is of, watched for others' changes that end a group. */
  constructor(
    private readonly undo: UndoManager,
    doc?: LoroDoc,
  ) {
    undo.setOnPush(() => ({ value: this.itemGesture(), cursors: [] }));
    this.stopWatching = doc
      ? doc.subscribe((batch) => {
          // After Loro's own handling of the import, whichever ran first.
          if (batch.by === "import" && this.grouping) queueMicrotask(() => this.reopen());
        })
      : () => undefined;
  }

  /** Starts a step that lasts until `end()`; does nothing if one is already open. */
  begin(): void {
    if (this.grouping) return;
    this.lastId += 1;
    this.gesture = this.lastId;
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

  /** The open step's id, to `forget` it later; null when none is open. */
  get current(): number | null {
    return this.grouping ? this.gesture : null;
  }

  /**
   * Says that nothing of step `id` is left to take back: the card it created went again by a
   * commit undo ignores (a card left blank, blankCards.ts). Loro still replays it, and reports a
   * write (it deletes the absent card again), so without this one Ctrl+Z would change nothing.
   */
  forget(id: number): void {
    this.forgotten.add(id);
  }

  /**
   * Takes back the last gesture (one Loro finds nothing to write for is passed over); whether
   * anything was written. Undoing from inside an editing session ends it, and the typing after
   * starts another.
   */
  undoGesture(): boolean {
    return this.stepping(() =>
      this.replay(
        () => this.undo.topUndoValue(),
        () => this.undo.undo(),
        () => this.undo.canUndo(),
      ),
    );
  }

  /** Makes the last gesture taken back again (as `undoGesture`); whether anything changed. */
  redoGesture(): boolean {
    return this.stepping(() =>
      this.replay(
        () => this.undo.topRedoValue(),
        () => this.undo.redo(),
        () => this.undo.canRedo(),
      ),
    );
  }

  /** Takes back the last step (a toast's "Undo", right after what it offers to take back). */
  undoLast(): void {
    if (!this.grouping && this.undo.canUndo()) this.undoGesture();
  }

  dispose(): void {
    this.stopWatching();
  }

  private itemGesture(): number {
    if (this.replaying !== null) return this.replaying;
    if (this.grouping) return this.gesture;
    this.lastId += 1;
    return this.lastId;
  }

  /** Loro ended the open group (someone else's change touched it): one starts where it stopped. */
  private reopen(): void {
    if (!this.grouping) return;
    try {
      this.undo.groupStart();
    } catch {
      // still open: the change did not touch it
    }
  }

  /** Runs `replay` outside any group, then opens one again if an editing session was open. */
  private stepping(replay: () => boolean): boolean {
    const editing = this.grouping;
    this.end();
    try {
      return replay();
    } finally {
      if (editing) this.begin();
    }
  }

  /** Replays whole gestures until one changed something or none is left. */
  private replay(top: () => unknown, step: () => boolean, can: () => boolean): boolean {
    let changed = false;
    do {
      changed = this.replayOne(top, step, can);
    } while (!changed && can());
    return changed;
  }

  private replayOne(top: () => unknown, step: () => boolean, can: () => boolean): boolean {
    const id = top();
    this.replaying = typeof id === "number" ? id : null;
    let changed = false;
    try {
      do {
        changed = step() || changed;
      } while (this.replaying !== null && can() && top() === id);
    } finally {
      this.replaying = null;
    }
    return changed && !(typeof id === "number" && this.forgotten.has(id));
  }
}
