// The colour a participant is shown in: a radio group of the palette's swatches, each with its
// name for screen readers and as a tooltip (arrow keys move between them, as in any radio group).
import { useTranslation } from "react-i18next";
import { PARTICIPANT_COLORS } from "./palette";

interface Props {
  value: string;
  onChange: (hex: string) => void;
}

export function ColorPicker({ value, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <fieldset className="participant-colors" data-testid="participant-colors">
      <legend>{t("participant.color.label")}</legend>
      <div className="participant-swatches">
        {PARTICIPANT_COLORS.map((c) => {
          const label = t(`participant.color.${c.id}`);
          return (
            <label key={c.id} className="participant-swatch" title={label}>
              <input
                type="radio"
                name="participant-color"
                value={c.hex}
                checked={value.toLowerCase() === c.hex}
                onChange={() => onChange(c.hex)}
                aria-label={label}
                data-testid={`participant-color-${c.id}`}
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
    </fieldset>
  );
}
