// The picture part of the persona form: choose any picture the browser can read — a phone photo
// of many megabytes is made smaller here (preparePicture.ts) so it fits what the host stores —
// or mark the current picture for removal. A file that cannot be read gets a clear message and
// changes nothing.
import { useEffect, useRef, useState } from "react";
import { MAX_PICTURE_BYTES } from "../../api/picture";
import { useTranslation } from "../../i18n/useTranslation";
import { formatSize } from "../shared/formatSize";
import { type ImportProblem, preparePicture } from "./preparePicture";

export interface PictureChoice {
  file: Blob;
  contentType: string;
}

interface Props {
  hasPicture: boolean;
  problem: ImportProblem | null;
  onChoose: (choice: PictureChoice | null, problem: ImportProblem | null) => void;
  onRemove: () => void;
  /** True while a chosen file is being read and made smaller. */
  onPreparing: (preparing: boolean) => void;
}

const PROBLEM_KEYS: Record<ImportProblem, string> = {
  type: "catalog.persona.pictureType",
  size: "catalog.persona.pictureSize",
  empty: "catalog.persona.pictureEmpty",
  unreadable: "catalog.persona.pictureUnreadable",
};

/** What was stored after making a picture smaller, shown under the button. */
interface Reduced {
  width: number;
  height: number;
  kb: number;
}

export function PersonaPictureField({
  hasPicture,
  problem,
  onChoose,
  onRemove,
  onPreparing,
}: Props) {
  const { t, i18n } = useTranslation();
  const [preparing, setPreparing] = useState(false);
  const [reduced, setReduced] = useState<Reduced | null>(null);
  // Only the latest choice counts: an earlier file still being prepared is dropped.
  const latest = useRef(0);
  useEffect(
    () => () => {
      latest.current += 1;
    },
    [],
  );

  const prepare = async (file: File) => {
    const run = ++latest.current;
    setPreparing(true);
    onPreparing(true);
    const result = await preparePicture(file);
    if (run !== latest.current) return;
    setPreparing(false);
    onPreparing(false);
    if (!result.ok) {
      onChoose(null, result.problem);
      return;
    }
    setReduced(
      result.reduced
        ? { ...result.size, kb: Math.max(1, Math.round(result.file.size / 1024)) }
        : null,
    );
    onChoose({ file: result.file, contentType: result.contentType }, null);
  };

  return (
    <div className="field persona-picture-field">
      <span>{t("catalog.persona.picture")}</span>
      <div className="row">
        <label className="small-button file-button">
          {hasPicture ? t("catalog.persona.replacePicture") : t("catalog.persona.uploadPicture")}
          <input
            type="file"
            className="sr-only"
            accept="image/*"
            data-testid="persona-picture-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = "";
              if (file) void prepare(file);
            }}
          />
        </label>
        {hasPicture && (
          <button
            type="button"
            className="link-button"
            data-testid="remove-persona-picture"
            onClick={() => {
              latest.current += 1;
              setPreparing(false);
              onPreparing(false);
              setReduced(null);
              onRemove();
            }}
          >
            {t("catalog.persona.removePicture")}
          </button>
        )}
      </div>
      {preparing ? (
        <p className="muted small" role="status" data-testid="persona-picture-progress">
          <progress aria-label={t("catalog.persona.picturePreparing")} />{" "}
          {t("catalog.persona.picturePreparing")}
        </p>
      ) : problem ? (
        <p className="field-problem" role="alert" data-testid="persona-picture-problem">
          {t(PROBLEM_KEYS[problem], { size: formatSize(MAX_PICTURE_BYTES, i18n.language) })}
        </p>
      ) : reduced ? (
        <p className="muted small" data-testid="persona-picture-reduced">
          {t("catalog.persona.pictureReduced", { ...reduced })}
        </p>
      ) : (
        <p className="muted small">{t("catalog.persona.pictureHint")}</p>
      )}
    </div>
  );
}
