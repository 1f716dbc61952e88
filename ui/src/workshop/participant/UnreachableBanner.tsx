// Said to a participant whose facilitator's computer has not answered for a while though their own
// network works: the workshop may have ended while they were away (its address is closed, so
// nothing else would tell), or the laptop sleeps. They may go on editing; a copy of what this
// browser holds can be saved meanwhile, in case the host never comes back.
import { useTranslation } from "../../i18n/useTranslation";

interface Props {
  onSaveCopy: () => void;
}

export function UnreachableBanner({ onSaveCopy }: Props) {
  const { t } = useTranslation();
  return (
    <div
      className="participant-banner"
      role="status"
      aria-live="polite"
      data-testid="unreachable-banner"
    >
      <span>{t("participant.banner.unreachable")}</span>
      <button
        type="button"
        className="small-button"
        data-testid="save-copy"
        title={t("participant.banner.saveCopyHint")}
        onClick={onSaveCopy}
      >
        {t("participant.banner.saveCopy")}
      </button>
    </div>
  );
}
