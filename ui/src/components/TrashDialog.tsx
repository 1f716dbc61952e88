// The trash view: every deleted map across projects, newest first, to restore or delete for good.
import { useTranslation } from "react-i18next";
import type { HostApi } from "../api/http";
import { useEscape } from "../hooks/useEscape";
import { useTrash } from "../hooks/useTrash";
import type { MapSummary } from "../wire/MapSummary";
import { TrashItem } from "./TrashItem";

interface Props {
  api: HostApi;
  language: string;
  onRestored: (map: MapSummary) => void;
  onClose: () => void;
  onError: (e: unknown) => void;
}

export function TrashDialog({ api, language, onRestored, onClose, onError }: Props) {
  const { t } = useTranslation();
  useEscape(onClose);
  const { items, refresh } = useTrash(api, onError);

  const restore = async (id: string) => {
    try {
      onRestored(await api.restoreMap(id));
    } catch (e) {
      onError(e);
    }
    await refresh();
  };
  const purge = async (id: string) => {
    try {
      await api.purgeMap(id);
    } catch (e) {
      onError(e);
    }
    await refresh();
  };

  return (
    <div className="dialog-backdrop">
      <div
        className="dialog trash-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="trash-title"
        data-testid="trash-dialog"
      >
        <h2 id="trash-title">{t("catalog.trash.title")}</h2>
        {items === null ? (
          <p className="muted">{t("catalog.trash.loading")}</p>
        ) : items.length === 0 ? (
          <p className="empty-hint" data-testid="trash-empty">
            {t("catalog.trash.empty")}
          </p>
        ) : (
          <ul className="trash-list">
            {items.map((it) => (
              <TrashItem
                key={it.map.id}
                item={it}
                language={language}
                onRestore={() => void restore(it.map.id)}
                onPurge={() => void purge(it.map.id)}
              />
            ))}
          </ul>
        )}
        <div className="dialog-actions">
          <button type="button" className="small-button" onClick={onClose}>
            {t("catalog.trash.close")}
          </button>
        </div>
      </div>
    </div>
  );
}
