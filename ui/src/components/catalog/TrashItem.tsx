// One row of the trash, a map or a whole project: its name, what it is (the project a map came
// from, how many maps a project holds), when it was deleted; restore, or delete for good after an
// in-place confirmation (works the same in the desktop window and in a browser).
import { useState } from "react";
import { formatDateTime } from "../../i18n/formats";
import { useTranslation } from "../../i18n/useTranslation";

interface Props {
  kind: "map" | "project";
  id: string;
  title: string;
  /** "from <project>" for a map, "<n> maps" for a project. */
  detail: string;
  deletedAt: number;
  /** The question asked before deleting for good. */
  confirmPurge: string;
  language: string;
  onRestore: () => void;
  onPurge: () => void;
}

export function TrashItem({
  kind,
  id,
  title,
  detail,
  deletedAt,
  confirmPurge,
  language,
  onRestore,
  onPurge,
}: Props) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const date = formatDateTime(deletedAt, language);
  const idAttr = { [`data-${kind}-id`]: id };
  // The buttons say which item they act on to a screen reader.
  const nameId = `trash-${kind}-${id}`;
  return (
    <li className="trash-item" data-testid="trash-item" data-kind={kind} {...idAttr}>
      <div className="trash-text">
        <span id={nameId} className={kind === "map" ? "map-title" : "project-name"}>
          {title}
        </span>
        <span className="map-counts">
          {detail} · {t("catalog.trash.deletedAt", { date })}
        </span>
      </div>
      {confirming ? (
        <div className="trash-confirm" role="alert">
          <span>{confirmPurge}</span>
          <button
            type="button"
            className="small-button danger"
            data-testid="confirm-purge"
            onClick={onPurge}
          >
            {t("catalog.trash.confirm")}
          </button>
          <button type="button" className="small-button" onClick={() => setConfirming(false)}>
            {t("catalog.trash.cancel")}
          </button>
        </div>
      ) : (
        <div className="trash-actions">
          <button
            type="button"
            className="small-button"
            data-testid={`restore-${kind}`}
            aria-describedby={nameId}
            onClick={onRestore}
          >
            {t("catalog.trash.restore")}
          </button>
          <button
            type="button"
            className="link-button danger-text"
            data-testid={`purge-${kind}`}
            aria-describedby={nameId}
            onClick={() => setConfirming(true)}
          >
            {t("catalog.trash.purge")}
          </button>
        </div>
      )}
    </li>
  );
}
