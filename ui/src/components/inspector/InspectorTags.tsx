// The tags of the inspected card: chips with a remove button and an input that adds on Enter
// (never during an IME composition).
import { useState } from "react";
import type { CardRec } from "../../doc/schema";
import { textHead } from "../../doc/textLength";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_TAG_CHARS } from "../../wire/limits";
import type { BoardActions } from "../board/boardActions";
import { charLimit } from "../shared/charLimit";
import { useReadOnly } from "../shared/readOnly";

export function InspectorTags({ card, actions }: { card: CardRec; actions: BoardActions }) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  const [tag, setTag] = useState("");
  const add = () => {
    const v = textHead(tag.trim().replace(/^#/, ""), MAX_TAG_CHARS);
    if (v) actions.addToList(card.id, "tags", v);
    setTag("");
  };
  return (
    <div className="field">
      <span>{t("board.inspector.tags")}</span>
      <div className="chips">
        {card.tags.map((tg) => (
          <span key={tg} className="chip" data-testid="tag">
            #{tg}
            <button
              type="button"
              className="chip-remove"
              hidden={readOnly}
              aria-label={t("board.inspector.removeTag", { tag: tg })}
              onClick={() => actions.removeFromList(card.id, "tags", tg)}
            >
              ×
            </button>
          </span>
        ))}
      </div>
      <input
        hidden={readOnly}
        data-testid="tag-input"
        aria-label={t("board.inspector.addTag")}
        placeholder={t("board.inspector.addTag")}
        value={tag}
        {...charLimit(MAX_TAG_CHARS, setTag)}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === "Enter" && !e.nativeEvent.isComposing && e.keyCode !== 229) {
            e.preventDefault();
            add();
          }
        }}
      />
    </div>
  );
}
