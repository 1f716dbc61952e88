// A parked topic's text, corrected in place: it wraps and grows with its text, so a long topic is
// read whole rather than cut at the field's edge. Written when the person is done with it (Enter
// or leaving the field; Shift+Enter starts a new line), see shared/useCommitDraft.ts.
import { type TextareaHTMLAttributes, useEffect, useLayoutEffect, useRef } from "react";
import { charLimit } from "../shared/charLimit";
import { useCommitDraft } from "../shared/useCommitDraft";

interface Props
  extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "value" | "onChange" | "onBlur"> {
  value: string;
  max: number;
  onCommit: (text: string) => boolean | undefined;
  /** Told when the person starts changing the text. */
  onBegin: () => void;
}

export function TopicField({ value, max, onCommit, onBegin, ...rest }: Props) {
  const field = useCommitDraft(value, onCommit, { newlines: true, onBegin });
  const area = useRef<HTMLTextAreaElement>(null);
  // As tall as its text at the field's width (WebKit has no `field-sizing: content`): again when
  // the text changes, when the field's width does (a narrower window wraps more lines), and when
  // a font arrives (the Chinese slices load after the first layout and wrap differently).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the height follows the text shown
  useLayoutEffect(() => fitHeight(area.current), [field.draft]);
  useEffect(() => {
    const el = area.current;
    if (!el) return;
    let width = el.clientWidth;
    const resized = new ResizeObserver(() => {
      if (el.clientWidth === width) return;
      width = el.clientWidth;
      fitHeight(el);
    });
    resized.observe(el);
    const fonts = document.fonts;
    const fontsLoaded = () => fitHeight(el);
    fonts?.addEventListener?.("loadingdone", fontsLoaded);
    return () => {
      resized.disconnect();
      fonts?.removeEventListener?.("loadingdone", fontsLoaded);
    };
  }, []);
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

function fitHeight(el: HTMLTextAreaElement | null): void {
  if (!el) return;
  el.style.height = "auto";
  el.style.height = `${el.scrollHeight}px`;
}
