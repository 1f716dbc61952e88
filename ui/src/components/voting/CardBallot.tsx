// A card's dots in the open voting round: how many of mine it holds, one more, one back. Shown
// only on cards of the round's lanes while it is open, and never to someone who may only read.
// The rules the buttons follow (dots left, most per card) are the host's too (doc/voting.ts).
import { createContext, useContext } from "react";
import { CARD_NAME_CHARS, textPreview } from "../../doc/textLength";
import { ballotOf, laneOfCard } from "../../doc/voting";
import { useMapSlice, useMapStore } from "../../hooks/mapSlice";
import { useTranslation } from "../../i18n/useTranslation";
import { useReadOnly } from "../shared/readOnly";

/** Who votes on this board, and how a dot is given or taken back. */
export interface Voter {
  participant: string;
  vote: (cardId: string, laneId: string, step: 1 | -1) => void;
}

export const VoterContext = createContext<Voter | null>(null);

interface Props {
  cardId: string;
  laneId: string;
  /** The card's text, for the buttons' names ("Give a dot to “…”"). */
  cardText: string;
}

/** Dots the ballot keeps room for; more than this are rare and may widen it. */
const MAX_DOTS_WIDTH = 6;

export function CardBallot({ cardId, laneId, cardText }: Props) {
  const { t } = useTranslation();
  const voter = useContext(VoterContext);
  const readOnly = useReadOnly();
  const store = useMapStore();
  const round = useMapSlice((v) => v.voting);
  const ballots = useMapSlice((v) => v.ballots);
  if (!voter || readOnly) return null;
  const laneOf = laneOfCard(store.getView().cards);
  const ballot = ballotOf(round, ballots, cardId, laneId, voter.participant, laneOf);
  if (!ballot) return null;
  const card = textPreview(cardText, CARD_NAME_CHARS) || t("card.empty");
  // Both buttons stay in place (aria-disabled rather than gone or disabled), so keyboard focus
  // is never lost as the dots change; why one cannot be used is said in its name.
  const giveName = ballot.canGive ? t("voting.give", { card }) : t("voting.cannotGive", { card });
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
      <button
        type="button"
        className="ballot-take"
        data-testid="ballot-take"
        aria-label={t("voting.take", { card })}
        title={t("voting.take", { card })}
        aria-disabled={!ballot.canTake}
        onClick={() => ballot.canTake && voter.vote(cardId, laneId, -1)}
      >
        −
      </button>
      <span
        className="ballot-mine"
        aria-hidden="true"
        // As wide as the most dots it can show, so the + stays where it was clicked.
        style={{
          minWidth: `${Math.min(Math.max(ballot.perCard, ballot.mine, 1), MAX_DOTS_WIDTH)}em`,
        }}
        title={t("voting.mine", { count: ballot.mine })}
      >
        {"●".repeat(ballot.mine) || "○"}
      </span>
      <span className="sr-only">{t("voting.mine", { count: ballot.mine })}</span>
      <button
        type="button"
        className="ballot-give"
        data-testid="ballot-give"
        aria-label={giveName}
        title={giveName}
        aria-disabled={!ballot.canGive}
        onClick={() => ballot.canGive && voter.vote(cardId, laneId, 1)}
      >
        +
      </button>
    </span>
  );
}
