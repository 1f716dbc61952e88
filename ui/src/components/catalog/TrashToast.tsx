// "Moved to trash · Undo": shown for a few seconds after a map or a project is deleted; Undo
// restores it.
import { useEffect } from "react";
import { useTranslation } from "../../i18n/useTranslation";

const SHOW_MS = 8_000;

interface Props {
  /** The name of what was deleted (shown on hover). */
  title: string;
  /** What the toast says; "Moved to trash" unless told. */
  message?: string;
  onUndo: () => void;
  onClose: () => void;
}

export function TrashToast({ title, message, onUndo, onClose }: Props) {
  const { t } = useTranslation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: each deleted item (title) restarts the timer
  useEffect(() => {
    const timer = setTimeout(onClose, SHOW_MS);
    return () => clearTimeout(timer);
  }, [title]);
  return (
    <div className="toast" role="status" data-testid="undo-toast">
      <span className="toast-text" title={title}>
        {message ?? t("catalog.toast.trashed")}
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
