// A text field of the action table that writes when the person is done with it (Enter or leaving
// the field), not per keystroke: one undo step per change, and another person's edit of the same
// field shows as soon as this one is not being typed in. Escape puts back what is stored. Enter in
// the middle of an IME composition only confirms the composition.
import { type InputHTMLAttributes, useEffect, useState } from "react";
import { charLimit } from "../shared/charLimit";

interface Props
  extends Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange" | "onBlur"> {
  value: string;
  max: number;
  /** Returns false when the text is refused (the field then shows it as invalid). */
  onCommit: (text: string) => boolean | undefined;
}

export function CommitField({ value, max, onCommit, ...rest }: Props) {
  const [draft, setDraft] = useState(value);
  const [editing, setEditing] = useState(false);
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    if (!editing) setDraft(value);
  }, [value, editing]);
  const commit = () => {
    setEditing(false);
    if (draft === value) {
      setInvalid(false);
      return;
    }
    const ok = onCommit(draft) !== false;
    setInvalid(!ok);
    if (!ok) setDraft(value);
  };
  return (
    <input
      {...rest}
      value={draft}
      aria-invalid={invalid || undefined}
      {...charLimit(max, (text) => {
        setEditing(true);
        setDraft(text);
      })}
      onBlur={commit}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.nativeEvent.isComposing || e.keyCode === 229) return;
        if (e.key === "Enter") {
          e.preventDefault();
          commit();
        } else if (e.key === "Escape" && editing) {
          e.preventDefault();
          setDraft(value);
          setEditing(false);
          setInvalid(false);
        }
      }}
    />
  );
}
