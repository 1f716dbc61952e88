// Read-only boards (a workshop viewer, a map the facilitator locked, a workshop that ended): one
// context the board's pieces read to hide their editing controls (add, drag, rename, menus,
// editors, deletes, ratings), and a guard around the board's write actions, so that no local edit
// is made even if a control slipped through. Whoever renders a Board provides the context; the
// default (no provider) is an editable board.
import { createContext, useContext } from "react";

export const ReadOnlyContext = createContext(false);

export function useReadOnly(): boolean {
  return useContext(ReadOnlyContext);
}

export class ReadOnlyError extends Error {
  constructor() {
    super("this map is read-only");
    this.name = "ReadOnlyError";
  }
}

/**
 * A copy of `actions` whose functions throw ReadOnlyError instead of writing while `canEdit()` is
 * false (read when called). The names in `pass` (e.g. the document itself, undo-step bookkeeping)
 * are kept as they are.
 */
export function guardActions<T extends object>(
  actions: T,
  canEdit: () => boolean,
  pass: readonly (keyof T)[] = [],
): T {
  const out = { ...actions };
  for (const key of Object.keys(out) as (keyof T)[]) {
    const f = out[key];
    if (typeof f !== "function" || pass.includes(key)) continue;
    const guarded = (...args: unknown[]): unknown => {
      if (!canEdit()) throw new ReadOnlyError();
      return f.apply(actions, args);
    };
    out[key] = guarded as T[keyof T];
  }
  return out;
}
