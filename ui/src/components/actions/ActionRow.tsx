// One action in the Actions view, edited in place: title, team, owner, status, due date, the
// metric it should move and by how much, the cards it answers (each shows its card on the board),
// the votes of those cards, and delete. Every control is a native one, so the keyboard and screen
// readers work as on any form.

import { memo } from "react";
import { parseMetricNumber } from "../../doc/metricNumbers";
import type { ActionRec, CardRec, MetricRec } from "../../doc/schema";
import { ACTION_STATUSES } from "../../doc/schema";
import { textPreview } from "../../doc/textLength";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_PERSON_NAME_CHARS, MAX_TITLE_CHARS } from "../../wire/limits";
import type { BoardActions } from "../board/boardActions";
import { teamLabel } from "../lanes/LaneTeamField";
import { gapUnit } from "../lanes/metricName";
import { useMapT } from "../shared/mapLanguage";
import { useReadOnly } from "../shared/readOnly";
import { CommitField } from "./CommitField";
import { DueDateField } from "./DueDateField";

export interface MetricChoice {
  metric: MetricRec;
  /** "Stage · metric name". */
  label: string;
}

interface Props {
  action: ActionRec;
  teams: string[];
  metrics: MetricChoice[];
  /** The cards it answers that are still in the map. */
  cards: CardRec[];
  votes: number;
  overdue: boolean;
  actions: BoardActions;
  onShowCard: (id: string) => void;
  onDelete: (a: ActionRec) => void;
}

function short(text: string, empty: string): string {
  const s = text.trim().split("\n")[0]?.trim() || empty;
  return textPreview(s, 40);
}

function formatEffect(n: number | null): string {
  if (n === null) return "";
  return n > 0 ? `+${n}` : String(n);
}

export const ActionRow = memo(function ActionRow(p: Props) {
  const { t } = useTranslation();
  const mapT = useMapT();
  const readOnly = useReadOnly();
  const a = p.action;
  const metric = p.metrics.find((m) => m.metric.id === a.metric)?.metric ?? null;
  const missingMetric = a.metric !== null && metric === null;
  return (
    <tr data-testid="action-row" data-action={a.id} data-title={a.title} data-status={a.status}>
      <td className="action-title-cell">
        <CommitField
          className="action-input action-title"
          data-testid="action-title"
          aria-label={t("actions.col.title")}
          value={a.title}
          max={MAX_TITLE_CHARS}
          readOnly={readOnly}
          onCommit={(v) => {
            if (!v.trim()) return false;
            p.actions.actionText(a.id, "title", v);
            return true;
          }}
          // The whole title when the column is too narrow for it.
          title={a.title || t("actions.titleRequired")}
        />
      </td>
      <td>
        <select
          className="action-input action-team"
          data-testid="action-team"
          aria-label={t("actions.col.team")}
          disabled={readOnly}
          value={a.team}
          onChange={(e) => p.actions.actionText(a.id, "team", e.target.value)}
        >
          <option value="">{t("actions.noTeam")}</option>
          {p.teams.map((team) => (
            <option key={team} value={team}>
              {teamLabel(team, mapT)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <CommitField
          className="action-input action-owner"
          data-testid="action-owner"
          aria-label={t("actions.col.owner")}
          placeholder={t("actions.ownerPlaceholder")}
          value={a.owner}
          max={MAX_PERSON_NAME_CHARS}
          readOnly={readOnly}
          onCommit={(v) => {
            p.actions.actionText(a.id, "owner", v.trim());
            return true;
          }}
        />
      </td>
      <td>
        <select
          className={`action-input action-status status-${a.status}`}
          data-testid="action-status"
          aria-label={t("actions.col.status")}
          disabled={readOnly}
          value={a.status}
          onChange={(e) => {
            const s = ACTION_STATUSES.find((x) => x === e.target.value);
            if (s) p.actions.actionStatus(a.id, s);
          }}
        >
          {ACTION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`actions.status.${s}`)}
            </option>
          ))}
        </select>
      </td>
      <td className="action-due-cell">
        <DueDateField
          className="action-input action-due"
          data-testid="action-due"
          aria-label={t("actions.col.due")}
          readOnly={readOnly}
          value={a.due}
          onCommit={(due) => p.actions.actionDue(a.id, due)}
        />
        {p.overdue && (
          <span className="action-overdue" data-testid="action-overdue">
            {t("actions.overdue")}
          </span>
        )}
      </td>
      <td>
        <select
          className="action-input action-metric"
          data-testid="action-metric"
          aria-label={t("actions.col.metric")}
          disabled={readOnly}
          value={missingMetric ? "" : (a.metric ?? "")}
          onChange={(e) => p.actions.actionEffect(a.id, e.target.value || null, a.effect)}
        >
          <option value="">{t("actions.noMetric")}</option>
          {p.metrics.map((m) => (
            <option key={m.metric.id} value={m.metric.id}>
              {m.label}
            </option>
          ))}
        </select>
      </td>
      <td className="action-effect-cell">
        <CommitField
          className="action-input action-effect"
          data-testid="action-effect"
          aria-label={t("actions.col.effect")}
          placeholder={t("actions.effectPlaceholder")}
          inputMode="decimal"
          value={formatEffect(a.effect)}
          max={20}
          readOnly={readOnly}
          title={t("actions.effectInvalid")}
          onCommit={(v) => {
            const n = parseMetricNumber(v);
            if (n === undefined) return false;
            p.actions.actionEffect(a.id, a.metric, n);
            return true;
          }}
        />
        {/* A change of the metric: in a difference's unit (pp for a percentage), as the report. */}
        {metric && gapUnit(metric.unit, t) && (
          <span className="action-unit" data-testid="action-unit">
            {gapUnit(metric.unit, t)}
          </span>
        )}
      </td>
      <td className="action-cards">
        {p.cards.map((c) => (
          <span key={c.id} className="action-card">
            <button
              type="button"
              className="link-button"
              data-testid="action-card"
              title={t("actions.jump")}
              onClick={() => p.onShowCard(c.id)}
            >
              → {short(c.text, t("card.empty"))}
            </button>
            {!readOnly && (
              <button
                type="button"
                className="chip-remove"
                data-testid="action-card-unlink"
                aria-label={t("actions.unlinkCard")}
                title={t("actions.unlinkCard")}
                onClick={() => p.actions.actionCard(a.id, c.id, false)}
              >
                ×
              </button>
            )}
          </span>
        ))}
      </td>
      <td className="action-votes" data-testid="action-votes">
        {p.votes}
      </td>
      <td>
        {!readOnly && (
          <button
            type="button"
            className="icon-button"
            data-testid="action-delete"
            aria-label={t("actions.delete")}
            title={t("actions.delete")}
            onClick={() => p.onDelete(a)}
          >
            ×
          </button>
        )}
      </td>
    </tr>
  );
});
