// The coloured outline with a name tag on a card that someone else is editing. Each card
// subscribes to its own editors only, so presence changes elsewhere do not re-render it.
import type { CSSProperties } from "react";
import { useTranslation } from "../i18n/useTranslation";
import { textOn } from "./identity";
import type { PeerFace } from "./state";
import { useCardEditors } from "./usePresence";

export function EditedBy({ cardId }: { cardId: string }) {
  const editors = useCardEditors(cardId);
  return editors.length > 0 ? <EditorsOutline editors={editors} /> : null;
}

/** Apart from EditedBy so that the cards nobody else edits (nearly all) skip the translator. */
function EditorsOutline({ editors }: { editors: readonly PeerFace[] }) {
  const { t } = useTranslation();
  const first = editors[0];
  if (!first) return null;
  const names = editors.map((e) => e.name).join(", ");
  return (
    <div
      className="presence-outline"
      data-testid="card-edited-by"
      data-names={names}
      style={{ "--presence-color": first.color } as CSSProperties}
      title={t("presence.editing", { names })}
    >
      <span
        className="presence-tag"
        style={{ backgroundColor: first.color, color: textOn(first.color) }}
      >
        {names}
      </span>
    </div>
  );
}
