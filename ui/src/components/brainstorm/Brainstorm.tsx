// The anonymous brainstorm in the top bar. The facilitator asks a question and names the lane the
// answers go to; while the round is open everyone on the map writes ideas that nobody else sees —
// the facilitator neither — and the panel says only how many ideas, from how many people, are
// waiting. "Reveal" has the host put them all on the board at once, in that lane, without names
// (crates/host/src/brainstorm/). An idea that reaches the host after the reveal waits, with any
// other late ones, for the facilitator to reveal again. Ideas are sent to the host, not written
// into the map: see doc/brainstorm.ts for why.
import type { LoroDoc } from "loro-crdt";
import { useEffect, useRef, useState } from "react";
import type { IdeasApi } from "../../api/brainstorm";
import { errorText } from "../../api/errorText";
import { type BrainstormRound, readBrainstorm } from "../../doc/brainstorm";
import type { MapStore } from "../../doc/store";
import { useTranslation } from "../../i18n/useTranslation";
import { BoardPopover } from "../board/BoardPopover";
import { readStored, writeStored } from "../board/BoardPrefs";
import { requestShowLane } from "../board/showCard";
import { useWorkshopValue } from "../timer/useWorkshopTimer";
import { NewIdea } from "./IdeaComposer";
import { IdeaList } from "./IdeaList";
import { IdeaNotices } from "./IdeaNotices";
import { RevealButton } from "./RevealButton";
import { StartBrainstorm } from "./StartBrainstorm";
import { type Ideas, useIdeas } from "./useIdeas";
import "./brainstorm.css";

interface Props {
  doc: LoroDoc;
  store: MapStore;
  api: IdeasApi;
  mapId: string;
  /** The facilitator: starts rounds and reveals them. */
  canRun: boolean;
  /** May write ideas (not a viewer, not a locked map). */
  canWrite: boolean;
}

function CountLine({ ideas }: { ideas: Ideas }) {
  const { t } = useTranslation();
  // This person's ideas are not counted yet (kept on the device while the host cannot be reached,
  // or sent since the last count): "No ideas yet" beside "Your idea so far" said two things.
  if (ideas.waiting === 0 && ideas.ideas.length > 0) return null;
  return (
    <p data-testid="brainstorm-count" aria-live="polite">
      {ideas.waiting === 0
        ? t("brainstorm.none")
        : t("brainstorm.count", { count: ideas.waiting }) +
          t("brainstorm.writers", { count: ideas.writers })}
    </p>
  );
}

/** Where the idea being typed on a map is kept in this browser until it is added. */
const draftKey = (mapId: string) => `wayline.ideaDraft.${mapId}`;
/** Where the stage it is about is kept, with it. */
const draftStageKey = (mapId: string) => `wayline.ideaStage.${mapId}`;

export function Brainstorm({ doc, store, api, mapId, canRun, canWrite }: Props) {
  const { t } = useTranslation();
  const round = useWorkshopValue(doc, readBrainstorm);
  const [open, setOpen] = useState(false);
  // The facilitator hears of late ideas without opening the panel.
  const ideas = useIdeas(api, mapId, round, open || canRun);
  // What is being typed outlives the panel and the page: closing it, the reveal, or a reload (a
  // phone reloads a page left in the background on its own) loses nothing.
  const [draft, setDraft] = useState(() => readStored(draftKey(mapId)) ?? "");
  useEffect(() => writeStored(draftKey(mapId), draft || null), [mapId, draft]);
  const [draftStage, setDraftStage] = useState(() => readStored(draftStageKey(mapId)) ?? "");
  useEffect(() => writeStored(draftStageKey(mapId), draftStage || null), [mapId, draftStage]);
  const [error, setError] = useState<string | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const live = round?.open ? round : null;
  const mine = ideas.ideas.length;
  const late = round && !round.open ? ideas.waiting : 0;
  const hasNews = ideas.notices.length > 0 || (canRun && late > 0);
  if (!live && !canRun && !hasNews && mine === 0 && !open && !draft.trim()) return null;

  const words = live
    ? canRun
      ? t("brainstorm.chipRun", { count: ideas.waiting })
      : t("brainstorm.chipMine", { count: mine })
    : canRun && late > 0
      ? t("brainstorm.late", { count: late })
      : t("brainstorm.title");
  const reveal = (r: BrainstormRound, then: () => void) => () =>
    api.reveal(mapId, r.round).then(
      () => {
        setError(null);
        ideas.refresh();
        then();
      },
      (e) => setError(errorText(e, t)),
    );
  const writing = round && canWrite && (live || !canRun);
  return (
    <span className="brainstorm-wrap">
      <button
        ref={opener}
        type="button"
        className="small-button brainstorm-chip"
        data-testid="brainstorm"
        data-look={live ? "open" : hasNews ? "news" : "idle"}
        aria-expanded={open}
        title={words}
        aria-label={words}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="brainstorm-icon" aria-hidden="true">
          ✎
        </span>
        {/* The bar is full during a workshop: the words are the chip's name and tooltip. A
            participant also reads what is asked (or a call to write), as the voting chip says its
            round: a bare icon and number went unnoticed on a phone. */}
        {live && !canRun && (
          <span className="brainstorm-label" data-testid="brainstorm-call">
            {round?.prompt || t("brainstorm.call")}
          </span>
        )}
        {live && (
          <span className="brainstorm-number">
            {canRun ? ideas.waiting : t("brainstorm.mineShort", { count: mine })}
          </span>
        )}
        {/* Without an open round the chip says what it is, as the timer's and the voting's do (a
            bare ✎ read as "edit"); after the reveal a participant's too: a phone shows no tooltip. */}
        {!live && !(canRun && late > 0) && (
          <span className="brainstorm-label">{t("brainstorm.short")}</span>
        )}
        {!live && late > 0 && canRun && <span className="brainstorm-number">{late}</span>}
      </button>
      {open && (
        <BoardPopover
          label={t("brainstorm.title")}
          testId="brainstorm-panel"
          className="brainstorm-panel"
          onClose={() => setOpen(false)}
          toggle={opener}
        >
          <IdeaNotices ideas={ideas} />
          {round && (live || !canRun) && (
            <>
              <strong data-testid="brainstorm-prompt">
                {round.prompt || t("brainstorm.title")}
              </strong>
              <p className="brainstorm-hint" data-testid="brainstorm-how">
                {t(
                  !canWrite
                    ? "brainstorm.viewerHint"
                    : !live
                      ? "brainstorm.lateHint"
                      : canRun
                        ? "brainstorm.privateFacilitator"
                        : "brainstorm.private",
                )}
              </p>
            </>
          )}
          {writing && (
            <NewIdea
              store={store}
              text={draft}
              setText={setDraft}
              stage={draftStage}
              setStage={setDraftStage}
              onWrite={ideas.write}
            />
          )}
          {round && <IdeaList store={store} ideas={ideas} canWrite={canWrite} />}
          {ideas.unsent && (
            <p className="brainstorm-hint" data-testid="brainstorm-unsent">
              {t("brainstorm.unsent")}
            </p>
          )}
          {live && <CountLine ideas={ideas} />}
          {live && canRun && (
            <RevealButton
              waiting={ideas.waiting}
              lane={live.lane}
              store={store}
              onReveal={reveal(live, () => {
                setOpen(false);
                // The ideas land in their lane, perhaps far below: the facilitator is taken there.
                requestShowLane(live.lane);
              })}
            />
          )}
          {!live && canRun && round && late > 0 && (
            <>
              <p className="brainstorm-hint" data-testid="brainstorm-late">
                {t("brainstorm.late", { count: late })}
              </p>
              <RevealButton
                waiting={late}
                lane={round.lane}
                store={store}
                onReveal={reveal(round, () => {})}
              />
            </>
          )}
          {!live && canRun && (
            // Late ideas of the last round, if any, are revealed first by the host.
            <>
              {round && (
                <p className="brainstorm-hint" data-testid="brainstorm-last">
                  {t("brainstorm.last", { count: round.revealed })}
                </p>
              )}
              <StartBrainstorm
                store={store}
                onStart={(prompt, lane) =>
                  api.start(mapId, { prompt, lane }).then(
                    (started) => {
                      setError(null);
                      ideas.refresh();
                      return started;
                    },
                    (e) => {
                      setError(errorText(e, t));
                      throw e;
                    },
                  )
                }
              />
            </>
          )}
          {error && (
            <p role="alert" className="brainstorm-error">
              {error}
            </p>
          )}
        </BoardPopover>
      )}
    </span>
  );
}
