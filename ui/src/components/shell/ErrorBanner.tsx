// Shows the last error from the host's HTTP API (HostError) with a dismiss button.
import { useTranslation } from "../../i18n/useTranslation";

export function ErrorBanner({ message, onDismiss }: { message: string; onDismiss: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="error-banner" role="alert">
      <span>{t("error.generic", { message })}</span>
      <button type="button" className="link-button" onClick={onDismiss}>
        {t("save.dismiss")}
      </button>
    </div>
  );
}
