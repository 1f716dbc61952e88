// An action's due date, written when the person is done with it (Enter or leaving the field), as the
// table's text fields are (shared/useCommitDraft.ts). A browser's date field reports a whole date
// at every digit of its year typed from the keyboard — 0002, 0020, 0202, 2027 — and writing each
// made four undo steps, so one Ctrl+Z put 0202-03-20 on the action for everyone. A year still
// being typed (before 1000), or a date partly erased, is refused and the stored date kept; an
// emptied field clears the date.
import type { InputHTMLAttributes } from "react";
import { isIsoDate } from "../../doc/isoDate";
import { useCommitDraft } from "../shared/useCommitDraft";

/** The first year a due date can be in: anything earlier is a year typed halfway. */
const FIRST_YEAR = 1000;

/** What the field holds while a date is partly typed or erased (the browser then reports ""). */
const PARTIAL = "partial";

/** The date to store for what the field holds: null to clear it, undefined when refused. */
export function dueDateOf(text: string): string | null | undefined {
  if (text === "") return null;
  if (!isIsoDate(text) || Number(text.slice(0, 4)) < FIRST_YEAR) return undefined;
  return text;
}

interface Props
  extends Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange" | "onBlur" | "type"> {
  value: string | null;
  onCommit: (due: string | null) => void;
}

export function DueDateField({ value, onCommit, ...rest }: Props) {
  const field = useCommitDraft(value ?? "", (text) => {
    const due = dueDateOf(text);
    if (due === undefined) return false;
    onCommit(due);
    return true;
  });
  return (
    <input
      {...rest}
      type="date"
      value={field.draft === PARTIAL ? "" : field.draft}
      aria-invalid={field.invalid || undefined}
      // A date partly erased reads as "" like an emptied field: kept as it was typed (marked,
      // refused on leaving) rather than taken for "no due date".
      onChange={(e) => field.edit(e.target.validity.badInput ? PARTIAL : e.target.value)}
      onBlur={field.commit}
      onKeyDown={field.onKeyDown}
    />
  );
}
