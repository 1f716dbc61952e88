// Writing one's own ideas in an open brainstorm: a new idea (its text and the stage it is about),
// the list of one's ideas so far — each changed or removed in place until the reveal, and marked
// while it is still on its way to the host — and what the host said about any that did not go as
// written (it arrived after the reveal and is on the board, or it was refused).
import { type KeyboardEvent, useId, useState } from "react";
import type { MapStore } from "../../doc/store";
import { useStoreSlice } from "../../hooks/mapSlice";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_IDEA_CHARS } from "../../wire/limits";
import { charLimit } from "../shared/charLimit";
import type { ShownIdea } from "./ideaOutbox";
import type { Ideas } from "./useIdeas";

/** Enter sends, Shift+Enter starts a new line; never while an input method is composing. */
function sendsOnEnter(e: KeyboardEvent<HTMLTextAreaElement>): boolean {
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
  onWrite,
}: {
  store: MapStore;
  onWrite: (stage: string, text: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const firstStage = useStoreSlice(store, (v) => v.stages[0]?.id ?? "");
  const [text, setText] = useState("");
  const [stage, setStage] = useState("");
  const chosen = stage || firstStage;
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
          placeholder={t("brainstorm.placeholder")}
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

function IdeaRow({
  idea,
  stageTitle,
  canWrite,
  onWrite,
  onRemove,
}: {
  idea: ShownIdea;
  stageTitle: string;
  canWrite: boolean;
  onWrite: (text: string) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<string | null>(null);
  if (draft !== null) {
    const save = () => {
      if (draft.trim() && draft.trim() !== idea.text) onWrite(draft.trim());
      setDraft(null);
    };
    return (
      <li className="idea" data-testid="idea">
        <textarea
          aria-label={t("brainstorm.editing")}
          data-testid="idea-edit-text"
          rows={3}
          value={draft}
          // biome-ignore lint/a11y/noAutofocus: the person just asked to change this idea
          autoFocus
          {...charLimit(MAX_IDEA_CHARS, setDraft)}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.stopPropagation();
              setDraft(null);
            } else if (sendsOnEnter(e)) {
              e.preventDefault();
              save();
            }
          }}
        />
        <div className="idea-actions">
          <button type="button" className="small-button" data-testid="idea-save" onClick={save}>
            {t("brainstorm.save")}
          </button>
          <button type="button" className="small-button" onClick={() => setDraft(null)}>
            {t("brainstorm.cancel")}
          </button>
        </div>
      </li>
    );
  }
  return (
    <li className="idea" data-testid="idea" data-waiting={idea.waiting}>
      <p className="idea-text">{idea.text}</p>
      <div className="idea-actions">
        <span className="idea-stage">{stageTitle}</span>
        {idea.waiting && <span className="idea-waiting">{t("brainstorm.waiting")}</span>}
        {canWrite && (
          <>
            <button
              type="button"
              className="small-button"
              data-testid="idea-edit"
              aria-label={t("brainstorm.edit", { idea: idea.text })}
              onClick={() => setDraft(idea.text)}
            >
              {t("brainstorm.editShort")}
            </button>
            <button
              type="button"
              className="small-button"
              data-testid="idea-remove"
              aria-label={t("brainstorm.remove", { idea: idea.text })}
              onClick={onRemove}
            >
              ✕
            </button>
          </>
        )}
      </div>
    </li>
  );
}

export function IdeaList({
  store,
  ideas,
  canWrite,
}: {
  store: MapStore;
  ideas: Ideas;
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const stages = useStoreSlice(store, (v) => v.stages);
  if (ideas.ideas.length === 0) return null;
  return (
    <>
      <span className="brainstorm-subtitle">
        {t("brainstorm.mine", { count: ideas.ideas.length })}
      </span>
      <ul className="idea-list" data-testid="idea-list">
        {ideas.ideas.map((idea) => (
          <IdeaRow
            key={idea.id}
            idea={idea}
            stageTitle={stages.find((s) => s.id === idea.stage)?.title ?? ""}
            canWrite={canWrite}
            onWrite={(text) => ideas.write(idea.stage, text, idea.id)}
            onRemove={() => ideas.remove(idea.id)}
          />
        ))}
      </ul>
    </>
  );
}

export function IdeaNotices({ ideas }: { ideas: Ideas }) {
  const { t } = useTranslation();
  if (ideas.notices.length === 0) return null;
  return (
    <ul className="idea-notices" data-testid="idea-notices">
      {ideas.notices.map((n) => (
        <li key={n.key} role="status">
          <span>
            {n.kind === "onBoard"
              ? t("brainstorm.onBoard", { idea: n.text })
              : t("brainstorm.refused", { idea: n.text, why: n.message })}
          </span>
          <button
            type="button"
            className="small-button"
            aria-label={t("brainstorm.dismiss")}
            onClick={() => ideas.dismiss(n.key)}
          >
            ✕
          </button>
        </li>
      ))}
    </ul>
  );
}
