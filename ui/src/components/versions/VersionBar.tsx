// The line above the board while it is not simply the live map: which version is shown
// read-only (with Restore as new map and Back to the live map), or which comparison the
// highlights belong to (with End comparison).
import type { VersionRec } from "../../doc/versions";
import { useTranslation } from "../../i18n/useTranslation";
import { formatVersionDate } from "./versionText";

interface Props {
  viewing: VersionRec | null;
  comparing: { from: VersionRec; to: VersionRec | null } | null;
  onRestore(id: string): void;
  onLive(): void;
}

export function VersionBar({ viewing, comparing, onRestore, onLive }: Props) {
  const { t, i18n } = useTranslation();
  if (!viewing && !comparing) return null;
  const text = comparing
    ? comparing.to
      ? t("versions.comparingTwo", { from: comparing.from.name, to: comparing.to.name })
      : t("versions.comparing", { name: comparing.from.name })
    : viewing
      ? t("versions.viewing", {
          name: viewing.name,
          date: formatVersionDate(viewing.createdAt, i18n.language),
        })
      : "";
  return (
    <div className="version-bar" role="status" data-testid="version-bar">
      <span className="version-bar-text">{text}</span>
      {viewing && !comparing && (
        <button
          type="button"
          className="small-button"
          data-testid="bar-restore-version"
          onClick={() => onRestore(viewing.id)}
        >
          {t("versions.restore")}
        </button>
      )}
      <button type="button" className="small-button" data-testid="back-to-live" onClick={onLive}>
        {comparing ? t("versions.endCompare") : t("versions.backToLive")}
      </button>
    </div>
  );
}
