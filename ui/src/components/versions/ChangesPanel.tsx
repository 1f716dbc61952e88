// What changed since a saved version, beside the board that highlights it: counts, then the cards
// added, edited (before and now), moved (from where) and removed, the emotion curve's means and
// the metrics per stage, and the actions whose status changed. A card still on the board can be
// shown there (the board scrolls to it and selects it). The words are the report's too (the
// catalogs' `versions.*`), so the PDF and the board say the same.
import { meanText } from "../../doc/emotion";
import { useTranslation } from "../../i18n/useTranslation";
import type { CardChange } from "../../wire/CardChange";
import type { MapChanges } from "../../wire/MapChanges";
import { metricName, unitWord } from "../lanes/metricName";
import { useMapT } from "../shared/mapLanguage";
import { beforeAfter } from "./versionText";

interface Props {
  title: string;
  changes: MapChanges | null;
  error: string | null;
  onShowCard(id: string): void;
}

function where(c: CardChange): string {
  return `${c.stage_title} / ${c.lane_title}`;
}

function CardList({
  kind,
  cards,
  onShowCard,
}: {
  kind: "added" | "edited" | "moved" | "removed";
  cards: CardChange[];
  onShowCard?: (id: string) => void;
}) {
  const { t } = useTranslation();
  if (cards.length === 0) return null;
  return (
    <section className="changes-section" data-testid={`changes-${kind}`}>
      <h3>{t(`versions.kind.${kind}`)}</h3>
      <ul>
        {cards.map((c) => (
          <li key={`${kind}-${c.id}`}>
            {onShowCard ? (
              <button type="button" className="link-button" onClick={() => onShowCard(c.id)}>
                {c.text || t("card.empty")}
              </button>
            ) : (
              <span className="changes-removed">{c.text || t("card.empty")}</span>
            )}
            {kind === "edited" && c.before_text !== null && (
              <span className="changes-before">
                {t("versions.col.before")}：{c.before_text}
              </span>
            )}
            <span className="muted">
              {kind === "moved"
                ? `${c.from_stage_title ?? ""} / ${c.from_lane_title ?? ""} → ${where(c)}`
                : where(c)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ChangesPanel({ title, changes, error, onShowCard }: Props) {
  const { t } = useTranslation();
  const mapT = useMapT();
  const empty =
    changes !== null &&
    Object.values(changes).every((list) => Array.isArray(list) && list.length === 0);
  return (
    // The line above the board says the same words: here they only name the region.
    <aside className="changes-panel" aria-label={title} data-testid="changes-panel">
      {error && <p className="form-error">{error}</p>}
      {!changes && !error && <p className="muted">{t("versions.loading")}</p>}
      {empty && <p className="muted">{t("versions.nothingChanged")}</p>}
      {changes && !empty && (
        <>
          <p className="muted" data-testid="changes-counts">
            {t("versions.counts", {
              added: changes.cards_added.length,
              edited: changes.cards_edited.length,
              moved: changes.cards_moved.length,
              removed: changes.cards_removed.length,
            })}
          </p>
          <CardList kind="added" cards={changes.cards_added} onShowCard={onShowCard} />
          <CardList kind="edited" cards={changes.cards_edited} onShowCard={onShowCard} />
          <CardList kind="moved" cards={changes.cards_moved} onShowCard={onShowCard} />
          <CardList kind="removed" cards={changes.cards_removed} />
          {changes.emotions.length > 0 && (
            <section className="changes-section" data-testid="changes-emotions">
              <h3>{t("versions.kind.emotions")}</h3>
              <ul>
                {changes.emotions.map((e) => (
                  <li key={`${e.stage}-${e.lane}`}>
                    <span>{`${e.stage_title} / ${e.lane_title}`}</span>
                    <span className="changes-value">
                      {meanText(e.before)} → {meanText(e.after)}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {changes.metrics.length > 0 && (
            <section className="changes-section" data-testid="changes-metrics">
              <h3>{t("versions.kind.metrics")}</h3>
              <ul>
                {changes.metrics.map((m) => (
                  <li key={m.id}>
                    <span>
                      {m.stage_title} · {metricName(m, mapT)}
                      {m.added && t("versions.aside", { text: t("versions.newEntry") })}
                      {m.removed && t("versions.aside", { text: t("versions.removedEntry") })}
                    </span>
                    <span className="changes-value">
                      {t("versions.col.current")}{" "}
                      {beforeAfter(m.current_before, m.current_after, unitWord(m.unit, mapT))}
                      {" · "}
                      {t("versions.col.expected")}{" "}
                      {beforeAfter(m.expected_before, m.expected_after, unitWord(m.unit, mapT))}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {changes.actions.length > 0 && (
            <section className="changes-section" data-testid="changes-actions">
              <h3>{t("versions.kind.actions")}</h3>
              <ul>
                {changes.actions.map((a) => (
                  <li key={a.id}>
                    <span>{a.title}</span>
                    <span className="changes-value">
                      {a.before ? t(`actions.status.${a.before}`) : t("versions.newEntry")} →{" "}
                      {a.after ? t(`actions.status.${a.after}`) : t("versions.removedEntry")}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </aside>
  );
}
