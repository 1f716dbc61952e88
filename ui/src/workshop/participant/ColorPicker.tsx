// The colour a participant is shown in: a radio group of the palette's swatches, each with its
// name for screen readers and as a tooltip (arrow keys move between them, as in any radio group).
// A colour someone on the map already wears is shown faded and says so (in words under the
// swatches once chosen); it can still be picked.
import { useTranslation } from "../../i18n/useTranslation";
import { PARTICIPANT_COLORS } from "./palette";

interface Props {
  value: string;
  /** Colours people on the map wear now. */
  taken?: readonly string[];
  onChange: (hex: string) => void;
}

export function ColorPicker({ value, taken = [], onChange }: Props) {
  const { t } = useTranslation();
  const inUse = new Set(taken.map((c) => c.toLowerCase()));
  const chosenTaken = PARTICIPANT_COLORS.find(
    (c) => c.hex === value.toLowerCase() && inUse.has(c.hex),
  );
  return (
    <fieldset className="participant-colors" data-testid="participant-colors">
      <legend>{t("participant.color.label")}</legend>
      <div className="participant-swatches">
        {PARTICIPANT_COLORS.map((c) => {
          const name = t(`participant.color.${c.id}`);
          const isTaken = inUse.has(c.hex);
          const label = isTaken ? t("participant.color.taken", { color: name }) : name;
          return (
            <label
              key={c.id}
              className={isTaken ? "participant-swatch taken" : "participant-swatch"}
              title={label}
            >
              <input
                type="radio"
                name="participant-color"
                value={c.hex}
                checked={value.toLowerCase() === c.hex}
                onChange={() => onChange(c.hex)}
                // A click on the colour already shown is a pick too (a radio sends no change).
                onClick={() => onChange(c.hex)}
                aria-label={label}
                data-testid={`participant-color-${c.id}`}
                data-taken={isTaken || undefined}
              />
              <span
                className="participant-swatch-dot"
                style={{ background: c.hex }}
                aria-hidden="true"
              />
            </label>
          );
        })}
      </div>
      {/* A phone shows no tooltip: the colour chosen says in words that it is worn already. */}
      {chosenTaken && (
        <p className="participant-color-note" role="status" data-testid="participant-color-taken">
          {t("participant.color.taken", { color: t(`participant.color.${chosenTaken.id}`) })}
        </p>
      )}
    </fieldset>
  );
}
