// A multi-line map field (scenario, expectations) written to the document as the person types,
// IME-safe: nothing is written while an input method composes; the composed text is written on
// compositionend, rebased onto any remote change that arrived meanwhile. Remote changes show up
// when not composing, keeping the caret where it was relative to the text around it. The text is
// held to `maxChars` characters (shared/charLimit.ts), once a composition has ended.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { ImeGate, rebaseEdit, shiftCaret } from "../../editor/ime";
import { limitField } from "../shared/charLimit";

interface Props {
  /** The document's current value. */
  value: string;
  onWrite: (text: string) => void;
  label: string;
  placeholder: string;
  testId: string;
  onFocus: () => void;
  onBlur: () => void;
  /** The longest text, in characters. */
  maxChars: number;
}

export function MapTextArea({
  value,
  onWrite,
  label,
  placeholder,
  testId,
  onFocus,
  onBlur,
  maxChars,
}: Props) {
  const gate = useRef(new ImeGate());
  const el = useRef<HTMLTextAreaElement>(null);
  const [draft, setDraft] = useState(value);
  const draftRef = useRef(value);
  const docValue = useRef(value);
  const composeBase = useRef(value);
  const caret = useRef<number | null>(null);

  const show = useCallback((text: string) => {
    draftRef.current = text;
    setDraft(text);
  }, []);

  useEffect(() => {
    docValue.current = value;
    if (gate.current.isComposing || value === draftRef.current) return;
    const area = el.current;
    if (area && document.activeElement === area) {
      caret.current = shiftCaret(draftRef.current, value, area.selectionStart);
    }
    show(value);
  }, [value, show]);

  useLayoutEffect(() => {
    const area = el.current;
    if (caret.current === null || !area) return;
    area.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  });

  return (
    <label className="field map-text-field">
      <span>{label}</span>
      <textarea
        ref={el}
        data-testid={testId}
        value={draft}
        rows={2}
        placeholder={placeholder}
        onFocus={onFocus}
        onBlur={onBlur}
        onCompositionStart={() => {
          gate.current.compositionStart();
          composeBase.current = docValue.current;
        }}
        onCompositionEnd={(e) => {
          if (!gate.current.compositionEnd()) return;
          const composed = limitField(e.currentTarget, maxChars);
          const merged = rebaseEdit(composeBase.current, composed, docValue.current);
          show(merged);
          onWrite(merged);
        }}
        onChange={(e) => {
          const native = e.nativeEvent as InputEvent;
          const write = gate.current.shouldWriteOnInput(native.isComposing ?? false);
          // Left whole while composing (compositionend limits it): a change would break the IME.
          const text = write ? limitField(e.target, maxChars) : e.target.value;
          show(text);
          if (write) onWrite(text);
        }}
      />
    </label>
  );
}
