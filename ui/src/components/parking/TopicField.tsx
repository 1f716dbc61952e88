// A parked topic's text, corrected in place: it wraps and grows with its text, so a long topic is
// read whole rather than cut at the field's edge. Written when the person is done with it (Enter
// or leaving the field; Shift+Enter starts a new line), see shared/useCommitDraft.ts.
import { type TextareaHTMLAttributes, useLayoutEffect, useRef } from "react";
import { charLimit } from "../shared/charLimit";
import { useCommitDraft } from "../shared/useCommitDraft";

interface Props
  extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "value" | "onChange" | "onBlur"> {
  value: string;
  max: number;
  onCommit: (text: string) => boolean | undefined;
}

export function TopicField({ value, max, onCommit, ...rest }: Props) {
  const field = useCommitDraft(value, onCommit, true);
  const area = useRef<HTMLTextAreaElement>(null);
  // As tall as its text at the field's width (WebKit has no `field-sizing: content`).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the height follows the text shown
  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${el.scrollHeight}px`;
  }, [field.draft]);
  return (
    <textarea
      {...rest}
      ref={area}
      rows={1}
      value={field.draft}
      aria-invalid={field.invalid || undefined}
      {...charLimit(max, field.edit)}
      onBlur={field.commit}
      onKeyDown={field.onKeyDown}
    />
  );
}
