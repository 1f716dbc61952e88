// The small toolbar of the selected card: colour swatches and delete.
import { memo } from "react";
import type { CardColor } from "../../doc/schema";
import { CARD_COLORS } from "../../doc/schema";
import { useTranslation } from "../../i18n/useTranslation";

interface Props {
  color: string;
  onColor: (c: CardColor) => void;
  onDelete: () => void;
  /** Prefix of the test ids, so the inspector's copy does not clash with the card's. */
  idPrefix?: string;
}

// Memoised: the inspector around it redraws on every keystroke into the card, its colours do not.
export const CardToolbar = memo(function CardToolbar({
  color,
  onColor,
  onDelete,
  idPrefix = "",
}: Props) {
  const { t } = useTranslation();
  return (
    <div className="card-toolbar" role="toolbar" aria-label={t("card.toolbar")}>
      {CARD_COLORS.map((c) => (
        <button
          key={c}
          type="button"
          className={`swatch card-color-${c}`}
          data-testid={`${idPrefix}color-swatch-${c}`}
          aria-pressed={c === color}
          aria-label={t("card.color", { color: t(`color.${c}`) })}
          title={t(`color.${c}`)}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onColor(c)}
        />
      ))}
      <button
        type="button"
        className="small-button danger"
        data-testid={`${idPrefix}delete-card`}
        aria-label={t("card.delete")}
        title={t("card.delete")}
        onMouseDown={(e) => e.preventDefault()}
        onClick={onDelete}
      >
        ✕
      </button>
    </div>
  );
});
