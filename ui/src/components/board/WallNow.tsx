// What the room is asked to do now, on the projected board: the open voting round (what it is for
// and its rules) and the open brainstorm's question. In wall mode the top bar's chips are gone
// with the rest of the editing chrome, and the room could see neither what it was voting on nor
// what it was answering. Nothing here is a control: the wall is not edited.
import type { LoroDoc } from "loro-crdt";
import { readBrainstorm } from "../../doc/brainstorm";
import type { MapStore } from "../../doc/store";
import { useStoreSlice } from "../../hooks/mapSlice";
import { useTranslation } from "../../i18n/useTranslation";
import { useWorkshopValue } from "../timer/useWorkshopTimer";

export function WallNow({ doc, store }: { doc: LoroDoc; store: MapStore }) {
  const { t } = useTranslation();
  const voting = useStoreSlice(store, (v) => v.voting);
  const lanes = useStoreSlice(store, (v) => v.lanes);
  const brainstorm = useWorkshopValue(doc, readBrainstorm);
  const round = voting?.open ? voting : null;
  const asking = brainstorm?.open ? brainstorm : null;
  if (!round && !asking) return null;
  return (
    <div className="wall-now" data-testid="wall-now">
      {round && (
        <p className="wall-now-item" data-testid="wall-voting">
          <span className="wall-now-icon" aria-hidden="true">
            ●
          </span>
          <strong>{round.label || t("voting.title")}</strong>
          <span className="wall-now-rules">
            {t("voting.rules", {
              dots: round.per_person,
              perCard: round.per_card,
              lanes: lanes
                .filter((l) => round.lanes.includes(l.id))
                .map((l) => l.title)
                .join(t("voting.laneSeparator")),
            })}
          </span>
        </p>
      )}
      {asking && (
        <p className="wall-now-item" data-testid="wall-brainstorm">
          <span className="wall-now-icon" aria-hidden="true">
            ✎
          </span>
          <strong>{asking.prompt || t("brainstorm.title")}</strong>
          <span className="wall-now-rules">{t("brainstorm.private")}</span>
        </p>
      )}
    </div>
  );
}
