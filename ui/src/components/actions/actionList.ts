// Which actions the Actions view shows and in what order: filtered by team, status and stage,
// sorted by due date, votes or status. An action's stage is its metric's stage, else the stage of
// the first card it answers that is still on the board; its votes are those of the cards it answers.
import type { ActionRec, ActionStatus } from "../../doc/schema";
import { ACTION_STATUSES } from "../../doc/schema";
import type { MapView } from "../../doc/store";

/** A team id or name; "" for actions without a team; null for every team. */
export interface ActionFilter {
  team: string | null;
  /** "open": neither done nor dropped. */
  status: ActionStatus | "open" | null;
  stage: string | null;
}

export type ActionSort = "due" | "votes" | "status";

export const NO_FILTER: ActionFilter = { team: null, status: null, stage: null };

type Slice = Pick<MapView, "cards" | "metrics" | "votes">;

export function actionStage(a: ActionRec, view: Slice): string | null {
  const metric = a.metric ? view.metrics[a.metric] : undefined;
  if (metric) return metric.stage;
  for (const id of a.cards) {
    const stage = view.cards[id]?.placement?.stage;
    if (stage) return stage;
  }
  return null;
}

export function actionVotes(a: ActionRec, votes: Map<string, number>): number {
  let n = 0;
  for (const id of a.cards) n += votes.get(id) ?? 0;
  return n;
}

/** Late on `today` (`YYYY-MM-DD`): due before it, neither done nor dropped (the report's rule too: crates/model
 * `ActionView::is_overdue`; both read tests/vectors/overdue.json). */
export function isOverdue(a: Pick<ActionRec, "due" | "status">, today: string): boolean {
  return a.due !== null && a.due < today && a.status !== "done" && a.status !== "dropped";
}

/** Today in the person's own time zone, as `YYYY-MM-DD`. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function byDue(a: ActionRec, b: ActionRec): number {
  if (a.due !== b.due) {
    if (a.due === null) return 1;
    if (b.due === null) return -1;
    return a.due < b.due ? -1 : 1;
  }
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function listActions(
  view: Slice & Pick<MapView, "actions">,
  filter: ActionFilter,
  sort: ActionSort,
): ActionRec[] {
  const shown = Object.values(view.actions).filter((a) => {
    if (filter.team !== null && a.team !== filter.team) return false;
    if (filter.status === "open" && (a.status === "done" || a.status === "dropped")) return false;
    if (filter.status !== null && filter.status !== "open" && a.status !== filter.status)
      return false;
    if (filter.stage !== null && actionStage(a, view) !== filter.stage) return false;
    return true;
  });
  if (sort === "votes") {
    const votes = new Map(shown.map((a) => [a.id, actionVotes(a, view.votes)]));
    return shown.sort((a, b) => (votes.get(b.id) ?? 0) - (votes.get(a.id) ?? 0) || byDue(a, b));
  }
  if (sort === "status") {
    const rank = (s: ActionStatus) => ACTION_STATUSES.indexOf(s);
    return shown.sort((a, b) => rank(a.status) - rank(b.status) || byDue(a, b));
  }
  return shown.sort(byDue);
}
