// Writing a new idea in a brainstorm: its text (Enter adds it, Shift+Enter starts a new line,
// never while an input method is composing) and the stage it is about. Both are held by the
// panel's owner, so closing the panel or the round's reveal mid-sentence loses neither: an idea
// begun for "Loyalty" and finished after the panel was closed is still about Loyalty.
import { type KeyboardEvent, useId } from "react";
import type { MapStore } from "../../doc/store";
import { useStoreSlice } from "../../hooks/mapSlice";
import { useCoarsePointer } from "../../hooks/useCoarsePointer";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_IDEA_CHARS } from "../../wire/limits";
import { charLimit } from "../shared/charLimit";

/** Enter sends, Shift+Enter starts a new line; never while an input method is composing. */
export function sendsOnEnter(e: KeyboardEvent<HTMLTextAreaElement>): boolean {
  return e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing && e.keyCode !== 229;
}

function StagePicker({
  store,
  value,
  onChange,
  id,
}: {
  store: MapStore;
  value: string;
  onChange: (stage: string) => void;
  id: string;
}) {
  const stages = useStoreSlice(store, (v) => v.stages);
  return (
    <select
      id={id}
      data-testid="idea-stage"
      value={value}
      onChange={(e) => onChange(e.target.value)}
    >
      {stages.map((s) => (
        <option key={s.id} value={s.id}>
          {s.title}
        </option>
      ))}
    </select>
  );
}

export function NewIdea({
  store,
  text,
  setText,
  stage,
  setStage,
  onWrite,
}: {
  store: MapStore;
  text: string;
  setText: (text: string) => void;
  /** The stage picked, "" for the first (and for a stage deleted since it was picked). */
  stage: string;
  setStage: (stage: string) => void;
  onWrite: (stage: string, text: string) => void;
}) {
  const { t } = useTranslation();
  const touch = useCoarsePointer();
  const id = useId();
  const chosen = useStoreSlice(store, (v) =>
    v.stages.some((s) => s.id === stage) ? stage : (v.stages[0]?.id ?? ""),
  );
  const send = () => {
    if (!text.trim() || !chosen) return;
    onWrite(chosen, text.trim());
    setText("");
  };
  return (
    <form
      className="idea-new"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label className="field" htmlFor={`${id}-text`}>
        <span>{t("brainstorm.newIdea")}</span>
        <textarea
          id={`${id}-text`}
          data-testid="idea-text"
          rows={3}
          value={text}
          placeholder={t(touch ? "brainstorm.placeholderTouch" : "brainstorm.placeholder")}
          // biome-ignore lint/a11y/noAutofocus: the panel opened to write an idea
          autoFocus
          {...charLimit(MAX_IDEA_CHARS, setText)}
          onKeyDown={(e) => {
            if (!sendsOnEnter(e)) return;
            e.preventDefault();
            send();
          }}
        />
      </label>
      <div className="idea-new-row">
        <label className="field" htmlFor={`${id}-stage`}>
          <span>{t("brainstorm.stage")}</span>
          <StagePicker store={store} value={chosen} onChange={setStage} id={`${id}-stage`} />
        </label>
        <button
          type="submit"
          className="small-button"
          data-testid="idea-add"
          disabled={!text.trim() || !chosen}
        >
          {t("brainstorm.add")}
        </button>
      </div>
    </form>
  );
}
