// Shown when this browser's workshop seat is gone and there is no map left to show (the page was
// reloaded after the workshop ended or the person was removed): what happened, and how to join
// another workshop.
import { LanguageMenu } from "../../components/shell/LanguageMenu";
import { useTranslation } from "../../i18n/useTranslation";
import type { Finished } from "./storage";

interface Props {
  reason: Finished;
  language: string;
  onLanguage: (l: string) => void;
  onEnterCode: () => void;
}

export function FinishedPage({ reason, language, onLanguage, onEnterCode }: Props) {
  const { t } = useTranslation();
  return (
    <div className="participant-join" data-testid="finished-page" data-reason={reason}>
      <header className="participant-join-head">
        <strong className="brand">{t("app.title")}</strong>
        <LanguageMenu value={language} onChange={onLanguage} />
      </header>
      <main className="participant-join-card">
        <h1>{t(`participant.error.${reason}`)}</h1>
        <p>{t("participant.finished.again")}</p>
        <button type="button" className="primary-button" onClick={onEnterCode}>
          {t("participant.finished.enterCode")}
        </button>
      </main>
    </div>
  );
}
