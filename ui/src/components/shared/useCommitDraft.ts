// The state of a text field that writes when the person is done with it (Enter or leaving the
// field), not per keystroke: one undo step per change, and another person's edit of the same text
// shows as soon as this one is not being typed in. Escape puts back what is stored; Enter in the
// middle of an IME composition only confirms the composition. A field typed in and put back as it
// was writes nothing, even if the stored text changed meanwhile. Shared by the action table's
// fields (actions/CommitField.tsx) and the parking lot's topics (parking/TopicField.tsx).
import { type KeyboardEvent, useEffect, useRef, useState } from "react";

export function useCommitDraft(
  value: string,
  /** Returns false when the text is refused (the field then shows it as invalid). */
  onCommit: (text: string) => boolean | undefined,
  opts: {
    /** Whether Shift+Enter starts a new line (a multi-line field) rather than writing the text. */
    newlines?: boolean;
    /** Told when the person starts changing the text (what they change it from is stored now). */
    onBegin?: () => void;
  } = {},
) {
  const [draft, setDraft] = useState(value);
  const [editing, setEditing] = useState(false);
  const [invalid, setInvalid] = useState(false);
  /** The stored text when the person started changing it. */
  const startedFrom = useRef(value);
  useEffect(() => {
    if (!editing) setDraft(value);
  }, [value, editing]);
  const commit = () => {
    setEditing(false);
    if (draft === value || draft === startedFrom.current) {
      setInvalid(false);
      setDraft(value);
      return;
    }
    const ok = onCommit(draft) !== false;
    setInvalid(!ok);
    if (!ok) setDraft(value);
  };
  return {
    draft,
    invalid,
    /** The text as typed (already held to the field's limit). */
    edit: (text: string) => {
      if (!editing) {
        startedFrom.current = value;
        opts.onBegin?.();
      }
      setEditing(true);
      setDraft(text);
    },
    commit,
    onKeyDown: (e: KeyboardEvent<HTMLElement>) => {
      e.stopPropagation();
      if (e.nativeEvent.isComposing || e.keyCode === 229) return;
      if (e.key === "Enter" && !(opts.newlines && e.shiftKey)) {
        e.preventDefault();
        commit();
      } else if (e.key === "Escape" && editing) {
        e.preventDefault();
        setDraft(value);
        setEditing(false);
        setInvalid(false);
      }
    },
  };
}
