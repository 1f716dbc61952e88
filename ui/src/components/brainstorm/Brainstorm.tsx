// The anonymous brainstorm in the top bar. The facilitator asks a question and names the lane the
// answers go to; while the round is open everyone on the map writes ideas that nobody else sees —
// the facilitator neither — and the panel says only how many ideas, from how many people, are
// waiting. "Reveal" has the host put them all on the board at once, in that lane, without names
// (crates/host/src/brainstorm/). Ideas are sent to the host, not written into the map: see
// doc/brainstorm.ts for why.
import type { LoroDoc } from "loro-crdt";
import { useRef, useState } from "react";
import type { IdeasApi } from "../../api/brainstorm";
import { errorText } from "../../api/errorText";
import { readBrainstorm } from "../../doc/brainstorm";
import type { MapStore } from "../../doc/store";
import { useTranslation } from "../../i18n/useTranslation";
import { BoardPopover } from "../board/BoardPopover";
import { useWorkshopValue } from "../timer/useWorkshopTimer";
import { IdeaList, IdeaNotices, NewIdea } from "./IdeaComposer";
import { RevealButton, StartBrainstorm } from "./StartBrainstorm";
import { useIdeas } from "./useIdeas";
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

export function Brainstorm({ doc, store, api, mapId, canRun, canWrite }: Props) {
  const { t } = useTranslation();
  const round = useWorkshopValue(doc, readBrainstorm);
  const ideas = useIdeas(api, mapId, round);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const live = round?.open ? round : null;
  const hasNews = ideas.notices.length > 0;
  if (!live && !canRun && !hasNews) return null;

  const mine = ideas.ideas.length;
  const words = live
    ? canRun
      ? t("brainstorm.chipRun", { count: ideas.waiting })
      : t("brainstorm.chipMine", { count: mine })
    : t("brainstorm.title");
  const late = round && !round.open ? ideas.waiting : 0;
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
        {/* The bar is full during a workshop: the words are the chip's name and tooltip. */}
        {live && <span className="brainstorm-number">{canRun ? ideas.waiting : mine}</span>}
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
          {live ? (
            <>
              <strong data-testid="brainstorm-prompt">
                {live.prompt || t("brainstorm.title")}
              </strong>
              <p className="brainstorm-hint">{t("brainstorm.private")}</p>
              {canWrite && <NewIdea store={store} onWrite={ideas.write} />}
              <IdeaList store={store} ideas={ideas} canWrite={canWrite} />
              <p data-testid="brainstorm-count" aria-live="polite">
                {t("brainstorm.count", { count: ideas.waiting })}
                {ideas.waiting > 0 && t("brainstorm.writers", { count: ideas.writers })}
              </p>
              {ideas.unsent && (
                <p className="brainstorm-hint" data-testid="brainstorm-unsent">
                  {t("brainstorm.unsent")}
                </p>
              )}
              {canRun && (
                <RevealButton
                  waiting={ideas.waiting}
                  lane={live.lane}
                  store={store}
                  onReveal={() =>
                    api.reveal(mapId, live.round).then(
                      () => {
                        setError(null);
                        ideas.refresh();
                        setOpen(false);
                      },
                      (e) => setError(errorText(e)),
                    )
                  }
                />
              )}
            </>
          ) : (
            canRun && (
              <>
                {round && (
                  <p className="brainstorm-hint" data-testid="brainstorm-last">
                    {t("brainstorm.last", { count: round.revealed })}
                  </p>
                )}
                {round && late > 0 && (
                  <RevealButton
                    waiting={late}
                    lane={round.lane}
                    store={store}
                    onReveal={() =>
                      api.reveal(mapId, round.round).then(
                        () => ideas.refresh(),
                        (e) => setError(errorText(e)),
                      )
                    }
                  />
                )}
                <StartBrainstorm doc={doc} store={store} onStarted={() => setError(null)} />
              </>
            )
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
