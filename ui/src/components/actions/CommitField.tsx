// A text field of the action table that writes when the person is done with it (Enter or leaving
// the field), not per keystroke (shared/useCommitDraft.ts says how).
import type { InputHTMLAttributes } from "react";
import { charLimit } from "../shared/charLimit";
import { useCommitDraft } from "../shared/useCommitDraft";

interface Props
  extends Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange" | "onBlur"> {
  value: string;
  max: number;
  /** Returns false when the text is refused (the field then shows it as invalid). */
  onCommit: (text: string) => boolean | undefined;
}

export function CommitField({ value, max, onCommit, ...rest }: Props) {
  const field = useCommitDraft(value, onCommit);
  return (
    <input
      {...rest}
      value={field.draft}
      aria-invalid={field.invalid || undefined}
      {...charLimit(max, field.edit)}
      onBlur={field.commit}
      onKeyDown={field.onKeyDown}
    />
  );
}
