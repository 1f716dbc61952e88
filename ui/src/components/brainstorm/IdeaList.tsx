// One's own ideas of the brainstorm so far, each changed or removed in place until it is revealed
// and marked while it is still on its way to the host. A change being typed is written when the
// row is left some other way than Escape (the panel closing under it), never dropped.
import { useEffect, useRef, useState } from "react";
import type { MapStore } from "../../doc/store";
import { useStoreSlice } from "../../hooks/mapSlice";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_IDEA_CHARS } from "../../wire/limits";
import { charLimit } from "../shared/charLimit";
import { sendsOnEnter } from "./IdeaComposer";
import type { ShownIdea } from "./ideaOutbox";
import type { Ideas } from "./useIdeas";

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
  const changeButton = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  // Read when the row goes away with a change half-typed (the panel closed under it).
  const latest = useRef({ draft, text: idea.text, onWrite });
  latest.current = { draft, text: idea.text, onWrite };
  useEffect(
    () => () => {
      const { draft: left, text, onWrite: write } = latest.current;
      if (left?.trim() && left.trim() !== text) write(left.trim());
    },
    [],
  );
  useEffect(() => {
    if (draft !== null || !refocus.current) return;
    refocus.current = false;
    changeButton.current?.focus();
  }, [draft]);
  const finish = () => {
    refocus.current = true;
    setDraft(null);
  };
  if (draft !== null) {
    const save = () => {
      if (draft.trim() && draft.trim() !== idea.text) onWrite(draft.trim());
      finish();
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
              finish();
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
          <button type="button" className="small-button" onClick={finish}>
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
              ref={changeButton}
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
