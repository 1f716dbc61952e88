// The picture part of the persona form: choose a PNG/JPEG/WebP of at most 2 MB (checked here with
// a clear message before anything is sent), or mark the current picture for removal.
import { useTranslation } from "react-i18next";
import { checkPicture, PICTURE_TYPES, type PictureProblem } from "../api/picture";

export interface PictureChoice {
  file: Blob;
  contentType: string;
}

interface Props {
  hasPicture: boolean;
  problem: PictureProblem | null;
  onChoose: (choice: PictureChoice | null, problem: PictureProblem | null) => void;
  onRemove: () => void;
}

const PROBLEM_KEYS: Record<PictureProblem, string> = {
  type: "catalog.persona.pictureType",
  size: "catalog.persona.pictureSize",
  empty: "catalog.persona.pictureEmpty",
};

export function PersonaPictureField({ hasPicture, problem, onChoose, onRemove }: Props) {
  const { t } = useTranslation();
  return (
    <div className="field persona-picture-field">
      <span>{t("catalog.persona.picture")}</span>
      <div className="row">
        <label className="small-button file-button">
          {hasPicture ? t("catalog.persona.replacePicture") : t("catalog.persona.uploadPicture")}
          <input
            type="file"
            className="sr-only"
            accept={PICTURE_TYPES.join(",")}
            data-testid="persona-picture-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = "";
              if (!file) return;
              const check = checkPicture(file);
              if (check.ok) onChoose({ file, contentType: check.contentType }, null);
              else onChoose(null, check.problem);
            }}
          />
        </label>
        {hasPicture && (
          <button
            type="button"
            className="link-button"
            data-testid="remove-persona-picture"
            onClick={onRemove}
          >
            {t("catalog.persona.removePicture")}
          </button>
        )}
      </div>
      {problem ? (
        <p className="field-problem" role="alert" data-testid="persona-picture-problem">
          {t(PROBLEM_KEYS[problem])}
        </p>
      ) : (
        <p className="muted small">{t("catalog.persona.pictureHint")}</p>
      )}
    </div>
  );
}
