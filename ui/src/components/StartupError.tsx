// Shown instead of the app when the desktop shell could not start its host (for example a damaged
// data file or one written by a newer Wayline): what happened, and that nothing was changed.
import { useTranslation } from "react-i18next";

export interface StartupFailure {
  code: string;
  message: string;
}

export function StartupError({ failure }: { failure: StartupFailure }) {
  const { t } = useTranslation();
  return (
    <main className="startup-error" role="alert" data-testid="startup-error">
      <h1>{t("startup.title")}</h1>
      <p>{failure.message}</p>
      <p className="muted">{t("startup.hint")}</p>
      <code>{failure.code}</code>
    </main>
  );
}
