// The actions that answer the inspected card, each opening the action plan at it, and "Make an
// action" that turns the card (typically a pain point or an opportunity) into a new one.
import { useTranslation } from "react-i18next";
import type { ActionRec } from "../../doc/schema";
import { useReadOnly } from "../shared/readOnly";

interface Props {
  answering: ActionRec[];
  onMake: () => void;
  onOpen: (actionId: string) => void;
}

export function InspectorActions({ answering, onMake, onOpen }: Props) {
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
            </li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <button type="button" className="small-button" data-testid="make-action" onClick={onMake}>
          {t("actions.fromCard")}
        </button>
      )}
    </div>
  );
}
