// What a closed round decided, for the room to see: the cards that got dots, most first, cards
// with as many sharing a rank and marked as a tie, each one click from its place on the board.
// Shown in the voting panel once the round is over (the facilitator's above the form for the next
// round, a participant's behind the chip that says "Results"); the totals also stay on the cards.

import type { MapStore } from "../../doc/store";
import { textPreview } from "../../doc/textLength";
import { roundResults, type VotingRound } from "../../doc/voting";
import { useStoreSlice } from "../../hooks/mapSlice";
import { useTranslation } from "../../i18n/useTranslation";
import { requestShowCard } from "../board/showCard";

/** How much of a card's first line a result shows. */
const PREVIEW_CHARS = 60;

export function RoundResults({
  store,
  round,
  onShown,
}: {
  store: MapStore;
  round: VotingRound;
  /** After a result was asked to be shown on the board (the panel closes). */
  onShown: () => void;
}) {
  const { t } = useTranslation();
  const ballots = useStoreSlice(store, (v) => v.ballots);
  const cards = useStoreSlice(store, (v) => v.cards);
  const stages = useStoreSlice(store, (v) => v.stages);
  const results = roundResults(
    ballots,
    round,
    cards,
    stages.map((s) => s.id),
  );
  return (
    <section className="voting-results" data-testid="voting-results">
      <strong>
        {round.label ? t("voting.results", { label: round.label }) : t("voting.resultsTitle")}
      </strong>
      {results.length === 0 ? (
        <p className="voting-rules">{t("voting.noDots")}</p>
      ) : (
        <ol className="voting-result-list">
          {results.map((r) => {
            const text = textPreview(
              r.card.text.split("\n")[0]?.trim() || t("card.empty"),
              PREVIEW_CHARS,
            );
            return (
              <li
                key={r.card.id}
                className="voting-result"
                data-testid="voting-result"
                data-rank={r.rank}
                data-tied={r.tied}
              >
                <span className="voting-rank">{r.rank}</span>
                <button
                  type="button"
                  className="link-button voting-result-card"
                  title={t("voting.showResult", { card: text })}
                  onClick={() => {
                    requestShowCard(r.card.id);
                    onShown();
                  }}
                >
                  {text}
                </button>
                <span className="voting-result-dots">
                  {t("voting.resultDots", { count: r.dots })}
                </span>
                {r.tied && <span className="voting-tie">{t("voting.tie")}</span>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
