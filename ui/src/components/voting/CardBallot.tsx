// A card's dots in the open voting round: how many of mine it holds, one more, one back. Shown
// only on cards of the round's lanes while it is open, and never to someone who may only read.
// The rules the buttons follow (dots left, most per card) are the host's too (doc/voting.ts).
import { createContext, useContext } from "react";
import { ballotOf } from "../../doc/voting";
import { useMapSlice } from "../../hooks/mapSlice";
import { useTranslation } from "../../i18n/useTranslation";
import { useReadOnly } from "../shared/readOnly";

/** Who votes on this board, and how a dot is given or taken back. */
export interface Voter {
  participant: string;
  vote: (cardId: string, laneId: string, step: 1 | -1) => void;
}

export const VoterContext = createContext<Voter | null>(null);

export function CardBallot({ cardId, laneId }: { cardId: string; laneId: string }) {
  const { t } = useTranslation();
  const voter = useContext(VoterContext);
  const readOnly = useReadOnly();
  const round = useMapSlice((v) => v.voting);
  const ballots = useMapSlice((v) => v.ballots);
  if (!voter || readOnly) return null;
  const ballot = ballotOf(round, ballots, cardId, laneId, voter.participant);
  if (!ballot) return null;
  return (
    // Clicks here vote; they must not also select the card or open its editor.
    // biome-ignore lint/a11y/noStaticElementInteractions: only stops the click from reaching the card
    <span
      className="card-ballot"
      data-testid="card-ballot"
      data-mine={ballot.mine}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => e.stopPropagation()}
    >
      {ballot.canTake && (
        <button
          type="button"
          className="ballot-take"
          data-testid="ballot-take"
          aria-label={t("voting.take")}
          title={t("voting.take")}
          onClick={() => voter.vote(cardId, laneId, -1)}
        >
          −
        </button>
      )}
      <span
        className="ballot-mine"
        aria-hidden="true"
        title={t("voting.mine", { count: ballot.mine })}
      >
        {"●".repeat(ballot.mine) || "○"}
      </span>
      <span className="sr-only">{t("voting.mine", { count: ballot.mine })}</span>
      <button
        type="button"
        className="ballot-give"
        data-testid="ballot-give"
        aria-label={t("voting.give")}
        title={ballot.canGive ? t("voting.give") : t("voting.cannotGive")}
        disabled={!ballot.canGive}
        onClick={() => voter.vote(cardId, laneId, 1)}
      >
        +
      </button>
    </span>
  );
}
