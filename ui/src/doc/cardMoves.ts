// Where a card goes when it is moved from the keyboard (Alt+arrows on the board), the route for
// people who cannot or do not want to drag: one stage left or right in the same lane (keeping its
// place in the column as far as the new cell allows), or one place up or down in its cell — past
// the cell's top or bottom into the nearest card lane above or below. The answer is a cell and the
// neighbours' positions to place the card between, for cardActions.moveCards (one commit, one undo
// step); null when the card cannot go further that way.
import type { MapView } from "./store";
import { cellKey } from "./store";

export interface CardMove {
  stage: string;
  lane: string;
  /** Positions of the neighbours the card goes between (null: the cell's start or end). */
  before: string | null;
  after: string | null;
}

/** A step on the board: -1 or 1 along one axis (only the sign counts), 0 along the other. */
export interface Step {
  stages: number;
  lanes: number;
}

/**
 * `cardLanes`: the lanes a card may land in, in board order (card and team lanes that are shown;
 * emotion, channel and metric lanes hold no cards and are stepped over).
 */
export function keyboardMove(
  view: Pick<MapView, "stages" | "cards" | "cells">,
  cardLanes: readonly string[],
  id: string,
  step: Step,
): CardMove | null {
  const from = view.cards[id]?.placement;
  if (!from) return null;
  const cellOf = (stage: string, lane: string) =>
    (view.cells.get(cellKey(stage, lane)) ?? []).filter((c) => c.id !== id);
  const between = (stage: string, lane: string, index: number): CardMove => {
    const cards = cellOf(stage, lane);
    const at = Math.max(0, Math.min(index, cards.length));
    return {
      stage,
      lane,
      before: cards[at - 1]?.placement?.pos ?? null,
      after: cards[at]?.placement?.pos ?? null,
    };
  };
  const index = (view.cells.get(cellKey(from.stage, from.lane)) ?? []).findIndex(
    (c) => c.id === id,
  );
  if (index < 0) return null;

  if (step.stages !== 0) {
    const stageIds = view.stages.map((s) => s.id);
    const next = stageIds[stageIds.indexOf(from.stage) + Math.sign(step.stages)];
    return next === undefined ? null : between(next, from.lane, index);
  }
  if (step.lanes === 0) return null;
  const size = cellOf(from.stage, from.lane).length + 1;
  const dir = Math.sign(step.lanes);
  const within = index + dir;
  if (within >= 0 && within < size) return between(from.stage, from.lane, within);
  // Past the cell's edge: the nearest card lane that way, entered at the side it was left from.
  const laneAt = cardLanes.indexOf(from.lane);
  const lane = laneAt < 0 ? undefined : cardLanes[laneAt + dir];
  if (lane === undefined) return null;
  return between(from.stage, lane, dir < 0 ? Number.POSITIVE_INFINITY : 0);
}
