// The actions that answer the inspected card, each opening the action plan at it (× takes the card
// off it), "Make an action" that turns the card (typically a pain point or an opportunity) into a
// new one, and a picker that adds the card to an action already in the plan.
import type { ActionRec } from "../../doc/schema";
import { useTranslation } from "../../i18n/useTranslation";
import { useReadOnly } from "../shared/readOnly";

interface Props {
  answering: ActionRec[];
  /** Actions of the plan that do not answer this card yet (to add it to one). */
  others: ActionRec[];
  onMake: () => void;
  onOpen: (actionId: string) => void;
  onLink: (actionId: string, on: boolean) => void;
}

export function InspectorActions({ answering, others, onMake, onOpen, onLink }: Props) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  return (
    <div className="field">
      <span>{t("actions.forCard")}</span>
      {answering.length > 0 && (
        <ul className="link-list">
          {answering.map((a) => (
            <li key={a.id} data-testid="card-action">
              <button
                type="button"
                className="link-button"
                title={t("actions.open")}
                onClick={() => onOpen(a.id)}
              >
                {a.title} · {t(`actions.status.${a.status}`)}
              </button>
              <button
                type="button"
                className="chip-remove"
                hidden={readOnly}
                data-testid="card-action-unlink"
                aria-label={t("actions.unlink", { title: a.title })}
                title={t("actions.unlink", { title: a.title })}
                onClick={() => onLink(a.id, false)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <div className="inspector-action-buttons">
          <button type="button" className="small-button" data-testid="make-action" onClick={onMake}>
            {t("actions.fromCard")}
          </button>
          {others.length > 0 && (
            <select
              data-testid="card-action-link"
              aria-label={t("actions.linkTo")}
              value=""
              onChange={(e) => e.target.value && onLink(e.target.value, true)}
            >
              <option value="">{t("actions.linkTo")}</option>
              {others.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.title}
                </option>
              ))}
            </select>
          )}
        </div>
      )}
    </div>
  );
}
