// What the host said about one's ideas that did not go as written: one that arrived after the
// reveal (it waits for the next one) or one it refused (said with its text, so it can be written
// again). Each stays until dismissed.
import { codeSentence } from "../../api/errorText";
import { useTranslation } from "../../i18n/useTranslation";
import type { Ideas } from "./useIdeas";

export function IdeaNotices({ ideas }: { ideas: Ideas }) {
  const { t } = useTranslation();
  if (ideas.notices.length === 0) return null;
  return (
    <ul className="idea-notices" data-testid="idea-notices">
      {ideas.notices.map((n) => (
        <li key={n.key} role="status">
          <span>
            {n.kind === "late"
              ? t("brainstorm.lateSent", { idea: n.text })
              : t("brainstorm.refused", {
                  idea: n.text,
                  why: (n.code && codeSentence(t, n.code, n.message)) || n.message,
                })}
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
