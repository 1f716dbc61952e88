// A multi-line map field (scenario, expectations) written to the document as the person types,
// IME-safe: nothing is written while an input method composes; the composed text is written on
// compositionend, rebased onto any remote change that arrived meanwhile. Remote changes show up
// when not composing, keeping the caret where it was relative to the text around it.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { ImeGate, rebaseEdit, shiftCaret } from "../editor/ime";

interface Props {
  /** The document's current value. */
  value: string;
  onWrite: (text: string) => void;
  label: string;
  placeholder: string;
  testId: string;
  onFocus: () => void;
  onBlur: () => void;
  maxLength: number;
}

export function MapTextArea({
  value,
  onWrite,
  label,
  placeholder,
  testId,
  onFocus,
  onBlur,
  maxLength,
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
        maxLength={maxLength}
        placeholder={placeholder}
        onFocus={onFocus}
        onBlur={onBlur}
        onCompositionStart={() => {
          gate.current.compositionStart();
          composeBase.current = docValue.current;
        }}
        onCompositionEnd={(e) => {
          if (!gate.current.compositionEnd()) return;
          const merged = rebaseEdit(composeBase.current, e.currentTarget.value, docValue.current);
          show(merged);
          onWrite(merged);
        }}
        onChange={(e) => {
          const text = e.target.value;
          show(text);
          const native = e.nativeEvent as InputEvent;
          if (gate.current.shouldWriteOnInput(native.isComposing ?? false)) onWrite(text);
        }}
      />
    </label>
  );
}
