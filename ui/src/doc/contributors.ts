// Who took part in a map. Everyone who changes it is recorded once in `participants` (id → name and
// colour, as raters already are), so that the report can name the people who edited someone
// else's card, moved cards or filled in metrics, not only the cards' authors. The entry is written
// after this person's first change in a session (again if their name or colour changed since),
// in a commit of its own that undo ignores: undoing one's first edit does not unmake one's part.
import type { LoroDoc } from "loro-crdt";
import { MAX_PARTICIPANT_NAME_CHARS } from "../wire/limits";
import { type Rater, ROOT } from "./schema";
import { textHead } from "./textLength";
import { NO_UNDO_PREFIX } from "./undoSteps";

export const CONTRIBUTOR_ORIGIN = `${NO_UNDO_PREFIX}contributor`;

/** The entry as the host keeps it: the name no longer than the join page lets it be. */
export function participantEntry(rater: Rater): { name: string; color: string } {
  return { name: textHead(rater.name.trim(), MAX_PARTICIPANT_NAME_CHARS), color: rater.color };
}

function recorded(doc: LoroDoc, rater: Rater): boolean {
  const entry = doc.getMap(ROOT.participants).get(rater.id) as
    | { name?: unknown; color?: unknown }
    | undefined;
  const want = participantEntry(rater);
  return entry?.name === want.name && entry?.color === want.color;
}

/** Writes `rater` into `participants` unless it is there as it is; returns whether it wrote. */
export function recordContributor(doc: LoroDoc, rater: Rater): boolean {
  if (rater.id === "" || recorded(doc, rater)) return false;
  doc.getMap(ROOT.participants).set(rater.id, participantEntry(rater));
  doc.commit({ origin: CONTRIBUTOR_ORIGIN });
  return true;
}

/**
 * Records `rater()` after this person's changes to `doc` (never after changes that arrive from
 * others); returns the unsubscribe function. Between changes it only compares the person with the
 * last one written, so typing costs nothing.
 */
export function watchContributor(doc: LoroDoc, rater: () => Rater): () => void {
  let last: Rater | null = null;
  let scheduled = false;
  let watching = true;
  const same = (a: Rater | null, b: Rater) =>
    a !== null && a.id === b.id && a.name === b.name && a.color === b.color;
  const unsubscribe = doc.subscribeLocalUpdates(() => {
    if (scheduled || same(last, rater())) return;
    scheduled = true;
    // Not inside Loro's callback: the change that called it is still being committed.
    queueMicrotask(() => {
      scheduled = false;
      if (!watching) return;
      const who = rater();
      recordContributor(doc, who);
      last = who;
    });
  });
  return () => {
    watching = false;
    unsubscribe();
  };
}
