// The card text editor. Writes to the document only outside IME compositions (on compositionend,
// and on input when not composing), rebases onto remote changes, keeps the caret when a remote
// change arrives, and caps the text at 10,000 characters with a visible message.
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { clampText, ImeGate, shiftCaret } from "../editor/ime";

interface Props {
  text: string;
  onWrite: (base: string, mine: string) => string | null;
  onDone: () => void;
}

export function CardEditor({ text, onWrite, onDone }: Props) {
  const { t } = useTranslation();
  const [value, setValue] = useState(text);
  const [cut, setCut] = useState(false);
  const gate = useRef(new ImeGate());
  /** The document text this editor last saw or wrote. */
  const base = useRef(text);
  const ref = useRef<HTMLTextAreaElement>(null);
  const caret = useRef<number | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  // A change from elsewhere (another person, undo): show it, keep the caret, never mid-composition.
  useEffect(() => {
    if (text === base.current || gate.current.isComposing) return;
    const el = ref.current;
    if (el && document.activeElement === el) {
      caret.current = shiftCaret(el.value, text, el.selectionStart);
    }
    base.current = text;
    setValue(text);
  }, [text]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && caret.current !== null) {
      el.setSelectionRange(caret.current, caret.current);
      caret.current = null;
    }
  });

  const write = (raw: string) => {
    const { value: clamped, cut: wasCut } = clampText(raw);
    setCut(wasCut);
    const stored = onWrite(base.current, clamped);
    if (stored === null) return;
    base.current = stored;
    if (stored !== clamped) {
      const el = ref.current;
      if (el) caret.current = shiftCaret(clamped, stored, el.selectionStart);
    }
    setValue(stored);
  };

  return (
    <div className="card-editor-wrap">
      <textarea
        ref={ref}
        className="card-editor"
        data-testid="card-editor"
        aria-label={t("card.edit")}
        value={value}
        rows={Math.min(12, Math.max(3, value.split("\n").length + 1))}
        onChange={(e) => {
          const v = e.target.value;
          setValue(v);
          const native = e.nativeEvent as InputEvent;
          if (gate.current.shouldWriteOnInput(native.isComposing === true)) write(v);
        }}
        onCompositionStart={() => gate.current.compositionStart()}
        onCompositionEnd={(e) => {
          if (gate.current.compositionEnd()) write(e.currentTarget.value);
        }}
        onKeyDown={(e) => {
          if (e.nativeEvent.isComposing || gate.current.isComposing) return;
          if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            onDone();
          }
        }}
        onBlur={onDone}
      />
      {cut && (
        <p className="card-warning" role="status">
          {t("card.truncated")}
        </p>
      )}
    </div>
  );
}
