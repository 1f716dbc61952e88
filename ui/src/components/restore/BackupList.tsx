// The backups, newest first, to pick one from: when each was made (in the user's locale, and how
// long ago), its size, and — once it has been selected and read — how many projects and maps it
// holds.
import { useId } from "react";
import type { ContentsState } from "../../hooks/useBackups";
import { useTranslation } from "../../i18n/useTranslation";
import type { BackupInfo } from "../../wire/BackupInfo";
import { formatSize } from "../shared/formatSize";
import { backupTotals, relativeAge } from "./backupFormat";

interface Props {
  backups: BackupInfo[];
  /** Their dates as the screen shows them, in the same order. */
  dates: string[];
  selected: string | null;
  contents: Record<string, ContentsState>;
  language: string;
  onSelect: (name: string) => void;
}

export function BackupList({ backups, dates, selected, contents, language, onSelect }: Props) {
  const { t } = useTranslation();
  const titleId = useId();
  const now = Date.now();
  return (
    <section className="backup-list-pane" aria-labelledby={titleId}>
      <h3 id={titleId}>{t("catalog.restore.list")}</h3>
      <ul className="backup-list" data-testid="backup-list">
        {backups.map((b, i) => {
          const state = contents[b.name];
          const totals = state?.status === "ready" ? backupTotals(state.contents) : null;
          const details = [
            relativeAge(b.created_at_ms, now, language),
            formatSize(b.size_bytes, language),
          ];
          if (totals) {
            details.push(
              t("catalog.restore.projectCount", { count: totals.projects }),
              t("catalog.restore.mapCount", { count: totals.maps }),
            );
          }
          return (
            <li key={b.name}>
              <button
                type="button"
                className="backup-item"
                data-testid="backup-item"
                data-backup-name={b.name}
                aria-current={b.name === selected ? "true" : undefined}
                onClick={() => onSelect(b.name)}
              >
                <span className="backup-time">
                  {dates[i]}
                  {i === 0 && <span className="backup-badge">{t("catalog.restore.newest")}</span>}
                </span>
                <span className="map-counts">{details.join(" · ")}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
