// The map's action plan as a table beside the board (the toolbar switches between them): filter by
// team, status and stage, sort by due date, votes or status, edit each action in place, add one.
// Actions made from a card in the inspector arrive here with their title field focused.
import { useEffect, useMemo, useRef, useState } from "react";
import type { ActionRec, CardRec } from "../../doc/schema";
import { ACTION_STATUSES, TEAMS } from "../../doc/schema";
import { useMapSlice } from "../../hooks/mapSlice";
import { useScrollsOn } from "../../hooks/useScrollsOn";
import { useTranslation } from "../../i18n/useTranslation";
import type { BoardActions } from "../board/boardActions";
import { teamLabel } from "../lanes/LaneTeamField";
import { metricName } from "../lanes/metricName";
import type { ConfirmRequest } from "../shared/BoardConfirm";
import { useMapT } from "../shared/mapLanguage";
import { useReadOnly } from "../shared/readOnly";
import { ActionRow, type MetricChoice } from "./ActionRow";
import {
  type ActionFilter,
  type ActionSort,
  actionVotes,
  isOverdue,
  listActions,
  localToday,
  NO_FILTER,
} from "./actionList";
import { useSteadyOrder } from "./steadyOrder";

interface Props {
  actions: BoardActions;
  /** An action to bring into view with its title focused (just made), or null. */
  focusId: string | null;
  onFocused: () => void;
  onShowCard: (cardId: string) => void;
  onConfirm: (req: ConfirmRequest) => void;
}

const SORTS: ActionSort[] = ["due", "votes", "status"];

export function ActionsView({ actions, focusId, onFocused, onShowCard, onConfirm }: Props) {
  const { t } = useTranslation();
  const mapT = useMapT();
  const readOnly = useReadOnly();
  const view = useMapSlice((v) => v);
  const [filter, setFilter] = useState<ActionFilter>(NO_FILTER);
  const [sort, setSort] = useState<ActionSort>("due");
  const table = useRef<HTMLTableSectionElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  useScrollsOn(scroller);
  const today = localToday();

  const teams = useMemo(() => {
    const all = new Set<string>(TEAMS);
    for (const l of view.lanes) if (l.kind === "department" && l.department) all.add(l.department);
    for (const a of Object.values(view.actions)) if (a.team) all.add(a.team);
    return [...all];
  }, [view.lanes, view.actions]);
  const metrics = useMemo<MetricChoice[]>(() => {
    const stageIndex = new Map(view.stages.map((s, i) => [s.id, i]));
    return Object.values(view.metrics)
      .filter((m) => stageIndex.has(m.stage))
      .sort((a, b) => (stageIndex.get(a.stage) ?? 0) - (stageIndex.get(b.stage) ?? 0))
      .map((m) => ({
        metric: m,
        label: `${view.stages[stageIndex.get(m.stage) ?? 0]?.title ?? ""} · ${metricName(m, mapT)}`,
      }));
  }, [view.metrics, view.stages, mapT]);
  const shown = useSteadyOrder(listActions(view, filter, sort), table);
  const total = Object.keys(view.actions).length;

  // An action just made (here or from a card) gets its title focused once its row is drawn.
  const pending = useRef<string | null>(null);
  useEffect(() => {
    const id = pending.current ?? focusId;
    if (!id) return;
    const field = table.current?.querySelector<HTMLInputElement>(
      `tr[data-action="${CSS.escape(id)}"] [data-testid="action-title"]`,
    );
    if (!field) return;
    pending.current = null;
    if (id === focusId) onFocused();
    field.scrollIntoView({ block: "nearest" });
    field.focus();
    field.select();
  });

  const add = () => {
    const id = actions.addAction({
      title: t("actions.newTitle"),
      team: filter.team ?? "",
      cards: [],
    });
    if (id) {
      // a new action must show whatever the filters say
      setFilter(NO_FILTER);
      pending.current = id;
    }
  };
  const remove = (a: ActionRec) =>
    onConfirm({
      message: t("actions.deleteConfirm", { title: a.title }),
      okLabel: t("actions.delete"),
      onOk: () => actions.deleteAction(a.id),
    });
  const setFilterField = <K extends keyof ActionFilter>(key: K, value: ActionFilter[K]) =>
    setFilter((f) => ({ ...f, [key]: value }));

  return (
    <section className="actions-view" data-testid="actions-view" aria-label={t("actions.title")}>
      <header className="actions-head">
        <h2>{t("actions.title")}</h2>
        <span className="muted" data-testid="actions-count">
          {t("actions.shown", { shown: shown.length, count: total })}
        </span>
        <span className="toolbar-gap" />
        <label className="actions-filter">
          <span>{t("actions.filter.team")}</span>
          <select
            data-testid="actions-filter-team"
            value={filter.team ?? "*"}
            onChange={(e) => setFilterField("team", e.target.value === "*" ? null : e.target.value)}
          >
            <option value="*">{t("actions.filter.all")}</option>
            <option value="">{t("actions.filter.noTeam")}</option>
            {teams.map((team) => (
              <option key={team} value={team}>
                {teamLabel(team, mapT)}
              </option>
            ))}
          </select>
        </label>
        <label className="actions-filter">
          <span>{t("actions.filter.status")}</span>
          <select
            data-testid="actions-filter-status"
            value={filter.status ?? "*"}
            onChange={(e) => {
              const v = e.target.value;
              const s = ACTION_STATUSES.find((x) => x === v);
              setFilterField("status", v === "open" ? "open" : (s ?? null));
            }}
          >
            <option value="*">{t("actions.filter.all")}</option>
            <option value="open">{t("actions.filter.open")}</option>
            {ACTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`actions.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="actions-filter">
          <span>{t("actions.filter.stage")}</span>
          <select
            data-testid="actions-filter-stage"
            value={filter.stage ?? "*"}
            onChange={(e) =>
              setFilterField("stage", e.target.value === "*" ? null : e.target.value)
            }
          >
            <option value="*">{t("actions.filter.all")}</option>
            {view.stages.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
        <label className="actions-filter">
          <span>{t("actions.sort.label")}</span>
          <select
            data-testid="actions-sort"
            value={sort}
            onChange={(e) => setSort(SORTS.find((s) => s === e.target.value) ?? "due")}
          >
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`actions.sort.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {!readOnly && (
          <button type="button" className="primary-button" data-testid="action-add" onClick={add}>
            {t("actions.add")}
          </button>
        )}
      </header>
      {total === 0 ? (
        <p className="board-message" data-testid="actions-empty">
          {t("actions.empty")}
        </p>
      ) : shown.length === 0 ? (
        <p className="board-message">{t("actions.noMatch")}</p>
      ) : null}
      <div className="actions-scroll" ref={scroller} data-testid="actions-scroll">
        <table className="actions-table" hidden={shown.length === 0}>
          <thead>
            <tr>
              <th>{t("actions.col.title")}</th>
              <th>{t("actions.col.team")}</th>
              <th>{t("actions.col.owner")}</th>
              <th>{t("actions.col.status")}</th>
              <th>{t("actions.col.due")}</th>
              <th>{t("actions.col.metric")}</th>
              <th>{t("actions.col.effect")}</th>
              <th>{t("actions.col.cards")}</th>
              <th>{t("actions.col.votes")}</th>
              <th />
            </tr>
          </thead>
          <tbody ref={table}>
            {shown.map((a) => (
              <ActionRow
                key={a.id}
                action={a}
                teams={teams}
                metrics={metrics}
                cards={a.cards
                  .map((id) => view.cards[id])
                  .filter((c): c is CardRec => c !== undefined)}
                votes={actionVotes(a, view.votes)}
                overdue={isOverdue(a, today)}
                actions={actions}
                onShowCard={onShowCard}
                onDelete={remove}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
