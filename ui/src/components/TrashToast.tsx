// "Moved to trash · Undo": shown for a few seconds after a map is deleted; Undo restores it.
import { useEffect } from "react";
import { useTranslation } from "react-i18next";

const SHOW_MS = 8_000;

interface Props {
  title: string;
  onUndo: () => void;
  onClose: () => void;
}

export function TrashToast({ title, onUndo, onClose }: Props) {
  const { t } = useTranslation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: each deleted map (title) restarts the timer
  useEffect(() => {
    const timer = setTimeout(onClose, SHOW_MS);
    return () => clearTimeout(timer);
  }, [title]);
  return (
    <div className="toast" role="status" data-testid="undo-toast">
      <span className="toast-text" title={title}>
        {t("catalog.toast.trashed")}
      </span>
      <span aria-hidden="true">·</span>
      <button type="button" className="link-button toast-undo" onClick={onUndo}>
        {t("catalog.toast.undo")}
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label={t("catalog.toast.dismiss")}
        onClick={onClose}
      >
        ×
      </button>
    </div>
  );
}
