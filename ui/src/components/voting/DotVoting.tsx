// Dot voting in the top bar. The facilitator opens a round (what it is for, the lanes whose cards
// may be voted on, dots per person, most dots on one card) and closes it; while it is open,
// everyone on the map sees how many of their dots are left, and the cards of those lanes offer a
// dot to give or take back (CardBallot.tsx). A closed round's votes stand: its results rank the
// cards that got dots (RoundResults.tsx), every card shows its total, and the report ranks pain
// points and opportunities by them.
import type { LoroDoc } from "loro-crdt";
import { useEffect, useId, useRef, useState } from "react";
import type { MapStore } from "../../doc/store";
import {
  DEFAULT_DOTS,
  defaultVotingLanes,
  dotsGiven,
  endVoting,
  laneOfCard,
  startVoting,
  type VotingRound,
  votersIn,
} from "../../doc/voting";
import { useStoreSlice } from "../../hooks/mapSlice";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_VOTES_PER_PERSON, MAX_VOTING_LABEL_CHARS } from "../../wire/limits";
import { BoardPopover } from "../board/BoardPopover";
import { charLimit } from "../shared/charLimit";
import { RoundResults } from "./RoundResults";
import "./voting.css";

interface Props {
  doc: LoroDoc;
  store: MapStore;
  /** Whose dots the chip counts. */
  participant: string;
  /** The facilitator: may open and close rounds. */
  canRun: boolean;
  /** The host's clock now (sync/room.ts hostNow): when a round is closed. */
  hostNow: () => number;
}

/** How long "Voting has ended" stays where the chip was. */
const ENDED_SHOWN_MS = 8_000;

/** True for a few seconds after `open` turns false (a round closed while this screen watched). */
function useJustEnded(open: boolean): boolean {
  const [ended, setEnded] = useState(false);
  const wasOpen = useRef(open);
  useEffect(() => {
    const closed = wasOpen.current && !open;
    wasOpen.current = open;
    if (open) setEnded(false);
    if (!closed) return;
    setEnded(true);
    const timer = setTimeout(() => setEnded(false), ENDED_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [open]);
  return ended;
}

export function DotVoting({ doc, store, participant, canRun, hostNow }: Props) {
  const { t } = useTranslation();
  const voting = useStoreSlice(store, (v) => v.voting);
  const ballots = useStoreSlice(store, (v) => v.ballots);
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const round = voting?.open ? voting : null;
  const closed = voting && !voting.open ? voting : null;
  const ended = useJustEnded(round !== null);
  // A participant's chip says, for a moment, that the round is over, then opens its results.
  const endedNote = ended && !canRun && (
    <span className="voting-ended" role="status" data-testid="voting-ended">
      {t("voting.ended")}
    </span>
  );
  if (!round && !canRun && !closed) return endedNote || null;

  const laneOf = laneOfCard(store.getView().cards);
  const left = round ? round.per_person - dotsGiven(ballots, round, participant, laneOf) : 0;
  const words = round
    ? t("voting.chip", { left, total: round.per_person, label: round.label }).trim()
    : canRun
      ? t("voting.open")
      : t("voting.resultsTitle");
  const face = (
    <>
      <span className="voting-icon" aria-hidden="true">
        ●
      </span>
      {round?.label && <span className="voting-label">{round.label}</span>}
      <span className="voting-left" data-testid="voting-left">
        {round
          ? t("voting.left", { left, total: round.per_person })
          : t(canRun ? "voting.short" : "voting.resultsShort")}
      </span>
    </>
  );
  return (
    <span className="dot-voting-wrap">
      {/* Said to screen readers as the dots are spent and given back. */}
      <span className="sr-only" aria-live="polite" data-testid="voting-announce">
        {round ? t("voting.chip", { left, total: round.per_person, label: "" }).trim() : ""}
      </span>
      <button
        ref={opener}
        type="button"
        className="small-button dot-voting"
        data-testid="voting"
        data-look={round ? (left > 0 ? "open" : "spent") : "idle"}
        aria-expanded={open}
        title={words}
        aria-label={words}
        onClick={() => setOpen((o) => !o)}
      >
        {face}
      </button>
      {open && (
        <BoardPopover
          label={t("voting.title")}
          testId="voting-panel"
          onClose={() => setOpen(false)}
          toggle={opener}
        >
          {round ? (
            <RoundPanel
              store={store}
              round={round}
              voted={votersIn(ballots, round.round)}
              canRun={canRun}
              onEnd={() => {
                endVoting(doc, hostNow());
                setOpen(false);
              }}
            />
          ) : (
            <>
              {closed && (
                <RoundResults store={store} round={closed} onShown={() => setOpen(false)} />
              )}
              {canRun && <StartRound doc={doc} store={store} onClose={() => setOpen(false)} />}
            </>
          )}
        </BoardPopover>
      )}
      {endedNote}
    </span>
  );
}

interface RoundProps {
  store: MapStore;
  round: VotingRound;
  voted: number;
  canRun: boolean;
  onEnd: () => void;
}

/** The open round: what it covers and, for the facilitator, how many voted and "End voting". */
function RoundPanel({ store, round, voted, canRun, onEnd }: RoundProps) {
  const { t } = useTranslation();
  // Ending is asked twice: a closed round's votes can no longer be changed. The focus follows the
  // question and comes back to "End voting" when the round is kept open.
  const [confirming, setConfirming] = useState(false);
  const endButton = useRef<HTMLButtonElement>(null);
  const keptOpen = useRef(false);
  useEffect(() => {
    if (confirming || !keptOpen.current) return;
    keptOpen.current = false;
    endButton.current?.focus();
  }, [confirming]);
  const lanes = useStoreSlice(store, (v) => v.lanes);
  const names = lanes.filter((l) => round.lanes.includes(l.id)).map((l) => l.title);
  return (
    <>
      <strong>{round.label || t("voting.title")}</strong>
      <p className="voting-rules" data-testid="voting-rules">
        {t("voting.rules", {
          dots: round.per_person,
          perCard: round.per_card,
          lanes: names.join(t("voting.laneSeparator")),
        })}
      </p>
      <p className="voting-rules">{t("voting.howTo")}</p>
      {canRun && (
        <>
          <p data-testid="voting-voters">{t("voting.voters", { count: voted })}</p>
          {confirming ? (
            <div className="voting-confirm">
              <p role="alert">{t("voting.endConfirm")}</p>
              <button
                type="button"
                className="small-button"
                data-testid="voting-end-confirm"
                // biome-ignore lint/a11y/noAutofocus: the person just asked to end; this confirms it
                autoFocus
                onClick={onEnd}
              >
                {t("voting.end")}
              </button>
              <button
                type="button"
                className="small-button"
                data-testid="voting-keep-open"
                onClick={() => {
                  keptOpen.current = true;
                  setConfirming(false);
                }}
              >
                {t("voting.keepOpen")}
              </button>
            </div>
          ) : (
            <button
              ref={endButton}
              type="button"
              className="small-button"
              data-testid="voting-end"
              onClick={() => setConfirming(true)}
            >
              {t("voting.end")}
            </button>
          )}
        </>
      )}
    </>
  );
}

interface StartProps {
  doc: LoroDoc;
  store: MapStore;
  onClose: () => void;
}

/** The facilitator's form for a new round. */
function StartRound({ doc, store, onClose }: StartProps) {
  const { t } = useTranslation();
  const id = useId();
  const lanes = useStoreSlice(store, (v) => v.lanes);
  const cardLanes = lanes.filter((l) => l.kind === "cards");
  const [label, setLabel] = useState("");
  const [chosen, setChosen] = useState<ReadonlySet<string>>(
    () => new Set(defaultVotingLanes(lanes)),
  );
  const [dots, setDots] = useState(String(DEFAULT_DOTS));
  const [perCard, setPerCard] = useState("1");
  const dotsN = Number(dots);
  const perCardN = Number(perCard);
  const dotsOk = Number.isInteger(dotsN) && dotsN >= 1 && dotsN <= MAX_VOTES_PER_PERSON;
  const perCardOk = Number.isInteger(perCardN) && perCardN >= 1 && dotsOk && perCardN <= dotsN;
  const ready = dotsOk && perCardOk && chosen.size > 0;
  const toggle = (laneId: string) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(laneId)) next.delete(laneId);
      else next.add(laneId);
      return next;
    });
  return (
    <form
      className="voting-start"
      onSubmit={(e) => {
        e.preventDefault();
        if (!ready) return;
        startVoting(doc, {
          label,
          lanes: cardLanes.filter((l) => chosen.has(l.id)).map((l) => l.id),
          perPerson: dotsN,
          perCard: perCardN,
        });
        onClose();
      }}
    >
      <strong>{t("voting.title")}</strong>
      <p className="voting-intro">{t("voting.intro")}</p>
      <label className="field">
        <span>{t("voting.label")}</span>
        <input
          data-testid="voting-label-input"
          value={label}
          placeholder={t("voting.labelPlaceholder")}
          {...charLimit(MAX_VOTING_LABEL_CHARS, setLabel)}
        />
      </label>
      <fieldset className="voting-lanes" data-testid="voting-lanes">
        <legend>{t("voting.lanes")}</legend>
        {cardLanes.map((l) => (
          <label key={l.id} className="voting-lane">
            <input
              type="checkbox"
              checked={chosen.has(l.id)}
              onChange={() => toggle(l.id)}
              data-testid={`voting-lane-${l.id}`}
            />
            <span>{l.title}</span>
          </label>
        ))}
      </fieldset>
      <div className="voting-numbers">
        <label className="field" htmlFor={`${id}-dots`}>
          <span>{t("voting.dots", { max: String(MAX_VOTES_PER_PERSON) })}</span>
          <input
            id={`${id}-dots`}
            data-testid="voting-dots"
            type="number"
            min={1}
            max={MAX_VOTES_PER_PERSON}
            value={dots}
            aria-invalid={!dotsOk}
            onChange={(e) => setDots(e.target.value)}
          />
        </label>
        <label className="field" htmlFor={`${id}-per-card`}>
          <span>{t("voting.perCard")}</span>
          <input
            id={`${id}-per-card`}
            data-testid="voting-per-card"
            type="number"
            min={1}
            max={dotsOk ? dotsN : MAX_VOTES_PER_PERSON}
            value={perCard}
            aria-invalid={!perCardOk}
            onChange={(e) => setPerCard(e.target.value)}
          />
        </label>
      </div>
      {chosen.size === 0 && <p className="voting-hint">{t("voting.noLanes")}</p>}
      <button type="submit" className="small-button" data-testid="voting-start" disabled={!ready}>
        {t("voting.start")}
      </button>
    </form>
  );
}
