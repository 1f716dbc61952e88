// The rules for writing a plain text field while an input method (IME) composes Chinese: never write
// the Latin intermediates ("k", "ke") to the document; write on compositionend, and on input only
// outside a composition. Also caret keeping and rebasing for remote changes. (Card text uses the
// CodeMirror editor bound to Loro instead: cardEditorView.ts.)

export class ImeGate {
  private composing = false;

  get isComposing(): boolean {
    return this.composing;
  }

  compositionStart(): void {
    this.composing = true;
  }

  /** Returns true: the composed text must be written now. */
  compositionEnd(): boolean {
    this.composing = false;
    return true;
  }

  /** Whether an `input` event may write to the document. */
  shouldWriteOnInput(nativeIsComposing: boolean): boolean {
    return !nativeIsComposing && !this.composing;
  }
}

/**
 * Whether a key press belongs to the input method rather than to the app: pressed during a
 * composition (Enter there confirms the composed 客户, Escape cancels it), or reported with keyCode
 * 229, as Safari reports the Enter that ended a composition, after compositionend.
 */
export function isImeKey(e: { isComposing: boolean; keyCode: number }): boolean {
  return e.isComposing || e.keyCode === 229;
}

/**
 * Where the caret should go when the text changes from `before` to `after` under it (a remote
 * edit): text inserted or removed before the caret shifts it; changes after it leave it alone.
 */
export function shiftCaret(before: string, after: string, caret: number): number {
  let prefix = 0;
  const maxPrefix = Math.min(before.length, after.length);
  while (prefix < maxPrefix && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  const maxSuffix = Math.min(before.length, after.length) - prefix;
  while (
    suffix < maxSuffix &&
    before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
  ) {
    suffix++;
  }
  if (caret <= prefix) return caret;
  const changedEndBefore = before.length - suffix;
  if (caret >= changedEndBefore) return caret + (after.length - before.length);
  return Math.min(after.length - suffix, after.length);
}

/**
 * Applies the user's edit (`base` → `mine`, one changed region) onto `theirs`, the document's text
 * that may meanwhile hold a remote change, so writing after a composition does not revert it.
 */
export function rebaseEdit(base: string, mine: string, theirs: string): string {
  if (base === theirs) return mine;
  let prefix = 0;
  const maxPrefix = Math.min(base.length, mine.length);
  while (prefix < maxPrefix && base[prefix] === mine[prefix]) prefix++;
  let suffix = 0;
  const maxSuffix = Math.min(base.length, mine.length) - prefix;
  while (suffix < maxSuffix && base[base.length - 1 - suffix] === mine[mine.length - 1 - suffix]) {
    suffix++;
  }
  if (prefix === base.length && prefix === mine.length) return theirs;
  const start = Math.min(shiftCaret(base, theirs, prefix), theirs.length);
  const end = Math.max(
    start,
    Math.min(shiftCaret(base, theirs, base.length - suffix), theirs.length),
  );
  return theirs.slice(0, start) + mine.slice(prefix, mine.length - suffix) + theirs.slice(end);
}
