// One trashed map: title, the project it came from, when it was deleted; restore, or delete for
// good after an in-place confirmation (works the same in the desktop window and in a browser).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { TrashedMap } from "../wire/TrashedMap";

interface Props {
  item: TrashedMap;
  language: string;
  onRestore: () => void;
  onPurge: () => void;
}

export function TrashItem({ item, language, onRestore, onPurge }: Props) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const title = item.map.title || t("rail.untitled");
  const date = new Intl.DateTimeFormat(language, {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(item.deleted_at));
  return (
    <li className="trash-item" data-testid="trash-item" data-map-id={item.map.id}>
      <div className="trash-text">
        <span className="map-title">{title}</span>
        <span className="map-counts">
          {t("catalog.trash.from", { project: item.project_name })} ·{" "}
          {t("catalog.trash.deletedAt", { date })}
        </span>
      </div>
      {confirming ? (
        <div className="trash-confirm" role="alert">
          <span>{t("catalog.trash.confirmPurge", { title })}</span>
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
            data-testid="restore-map"
            onClick={onRestore}
          >
            {t("catalog.trash.restore")}
          </button>
          <button
            type="button"
            className="link-button danger-text"
            data-testid="purge-map"
            onClick={() => setConfirming(true)}
          >
            {t("catalog.trash.purge")}
          </button>
        </div>
      )}
    </li>
  );
}
