import { useRef } from "react";
// The right-hand inspector for the selected card(s). One card: text, colour, tags, owner team,
// data confidence, links to other cards, the actions that answer it, author, time and votes.
// Several: colour and delete.
import type { ActionRec, CardColor, CardRec } from "../../doc/schema";
import { CONFIDENCES, TEAMS } from "../../doc/schema";
import type { MapView } from "../../doc/store";
import { formatDateTime } from "../../i18n/formats";
import { useTranslation } from "../../i18n/useTranslation";
import { useCardPresence } from "../../presence/context";
import type { BoardActions } from "../board/boardActions";
import { CardEditor } from "../cards/CardEditor";
import { CardToolbar } from "../cards/CardToolbar";
import { teamLabel } from "../lanes/LaneTeamField";
import { useMapT } from "../shared/mapLanguage";
import { useReadOnly } from "../shared/readOnly";
import { InspectorActions } from "./InspectorActions";
import { InspectorLinks } from "./InspectorLinks";
import { InspectorPlace } from "./InspectorPlace";
import { InspectorTags } from "./InspectorTags";
import { useAboveTheSheet } from "./useAboveTheSheet";

export interface InspectorProps {
  ids: string[];
  view: MapView;
  actions: BoardActions;
  editingId: string | null;
  onEdit: (id: string | null) => void;
  onColor: (c: CardColor) => void;
  onDelete: () => void;
  onJump: (id: string) => void;
  /** Makes an action that answers the card. */
  onMakeAction: (cardId: string) => void;
  onOpenAction: (actionId: string) => void;
  /** Lets go of the selection (the panel's close button, shown where it covers the board). */
  onClose: () => void;
}

export function Inspector({ ids, view, actions, ...p }: InspectorProps) {
  const { t, i18n } = useTranslation();
  const mapT = useMapT();
  const readOnly = useReadOnly();
  const presence = useCardPresence();
  const sheet = useRef<HTMLElement>(null);
  const only = ids.length === 1 ? view.cards[ids[0] ?? ""] : undefined;
  useAboveTheSheet(
    sheet,
    only?.id ?? null,
    only?.placement ? `${only.placement.stage}/${only.placement.lane}` : "",
  );
  const cards = ids.map((id) => view.cards[id]).filter((c): c is CardRec => !!c);
  if (cards.length === 0) return null;
  const card = cards.length === 1 ? cards[0] : null;
  const teams = new Set<string>(TEAMS);
  for (const l of view.lanes) if (l.kind === "department" && l.department) teams.add(l.department);
  if (card?.department) teams.add(card.department);
  return (
    // Focusable itself, so F6 (paneJump.ts) can land here without opening the text for editing.
    <aside
      ref={sheet}
      className="inspector"
      data-testid="inspector"
      aria-label={t("board.inspector.label")}
      tabIndex={-1}
    >
      <div className="inspector-head">
        <h2>
          {card ? t("board.inspector.card") : t("board.inspector.many", { count: cards.length })}
        </h2>
        <button
          type="button"
          className="small-button inspector-close"
          data-testid="inspector-close"
          onClick={p.onClose}
        >
          {t("board.inspector.close")}
        </button>
      </div>
      {card && (
        <div className="field">
          <span>{t("board.inspector.text")}</span>
          {p.editingId === card.id ? (
            <CardEditor
              key={card.id}
              doc={actions.doc}
              cardId={card.id}
              onDone={() => p.onEdit(null)}
              presence={presence}
            />
          ) : (
            <textarea
              className="inspector-text"
              data-testid="inspector-text"
              readOnly
              value={card.text}
              rows={3}
              onFocus={() => !readOnly && p.onEdit(card.id)}
            />
          )}
        </div>
      )}
      {!readOnly && (
        <CardToolbar
          color={card?.color ?? ""}
          onColor={p.onColor}
          onDelete={p.onDelete}
          idPrefix="inspector-"
        />
      )}
      {card && (
        <>
          <InspectorTags card={card} actions={actions} />
          <InspectorPlace card={card} view={view} actions={actions} />
          <label className="field">
            <span>{t("board.inspector.team")}</span>
            <select
              data-testid="department-select"
              disabled={readOnly}
              value={card.department}
              onChange={(e) => actions.cardField(card.id, "department", e.target.value)}
            >
              <option value="">{t("board.inspector.noTeam")}</option>
              {[...teams].map((team) => (
                <option key={team} value={team}>
                  {teamLabel(team, mapT)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t("board.inspector.confidence")}</span>
            <select
              data-testid="confidence-select"
              disabled={readOnly}
              value={card.confidence}
              onChange={(e) => actions.cardField(card.id, "confidence", e.target.value)}
            >
              {CONFIDENCES.map((c) => (
                <option key={c} value={c}>
                  {t(`board.confidence.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <InspectorLinks card={card} view={view} actions={actions} onJump={p.onJump} />
          <InspectorActions
            answering={(view.answered.get(card.id) ?? [])
              .map((id) => view.actions[id])
              .filter((a): a is ActionRec => a !== undefined)}
            others={Object.values(view.actions).filter((a) => !a.cards.includes(card.id))}
            onMake={() => p.onMakeAction(card.id)}
            onOpen={p.onOpenAction}
            onLink={(actionId, on) => actions.actionCard(actionId, card.id, on)}
          />
          <dl className="inspector-facts">
            <dt>{t("board.inspector.author")}</dt>
            <dd data-testid="inspector-author">{card.author || "—"}</dd>
            <dt>{t("board.inspector.created")}</dt>
            <dd>{card.createdAt ? formatDateTime(card.createdAt, i18n.language) : "—"}</dd>
            <dt>{t("board.inspector.votesLabel")}</dt>
            <dd data-testid="inspector-votes">{view.votes.get(card.id) ?? 0}</dd>
          </dl>
        </>
      )}
    </aside>
  );
}
