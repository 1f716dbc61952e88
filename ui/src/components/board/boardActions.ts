// The board's write operations bound to one open map and the current user, created once per map so
// memoised cards keep stable callbacks. Every discrete action (a drop, a recolour, a rename) is an
// undo step of its own; a card editing session is one step however long the typing took. A card
// this person added and left blank is removed once its editing is over (doc/blankCards.ts). Adding a
// card, a stage or a lane is checked against the map's limits first (doc/mapLimits.ts): at a limit
// nothing is written, `onLimit` is told and the action returns null.
import type { LoroDoc } from "loro-crdt";
import {
  addAction,
  deleteAction,
  type NewAction,
  setActionCard,
  setActionDue,
  setActionEffect,
  setActionStatus,
  setActionText,
} from "../../doc/actionPlan";
import { addCard, deleteCard, rateEmotion, setCardColor } from "../../doc/actions";
import { removeBlankCard } from "../../doc/blankCards";
import {
  addToList,
  clearExamples,
  colorCards,
  deleteCards,
  moveCards,
  removeFromList,
  setCardField,
} from "../../doc/cardActions";
import { laneCardColor } from "../../doc/laneColor";
import { canAdd, type LimitHit, type LimitKind, mapCounts } from "../../doc/mapLimits";
import {
  addMetric,
  deleteMetric,
  setChannel,
  setMetricKind,
  setMetricNumber,
  setMetricText,
} from "../../doc/metricActions";
import { importMetricPoints, type PointField, setMetricPoint } from "../../doc/metricHistory";
import {
  parkedTextBase,
  parkTopic,
  setParkedText,
  type TextBase,
  topicToCard,
  unparkTopic,
} from "../../doc/parkingLot";
import { readLanes } from "../../doc/read";
import type { ActionStatus, CardColor, Direction, MetricKind, Rater } from "../../doc/schema";
import { ROOT } from "../../doc/schema";
import {
  addLane,
  addStage,
  deleteLane,
  deleteStage,
  moveLane,
  moveStage,
  type NewLane,
  type NewStage,
  setLaneField,
  setStageField,
} from "../../doc/structure";
import type { UndoSteps } from "../../doc/undoSteps";
import { castDot } from "../../doc/voting";
import { MAX_ACTIONS_PER_MAP } from "../../wire/limits";

export function makeBoardActions(
  doc: LoroDoc,
  steps: UndoSteps,
  author: () => string,
  rater: () => Rater,
  /** Whether someone else is editing the card now (presence), whose text may not have arrived. */
  othersEditing: (cardId: string) => boolean = () => false,
  /** Told when an addition is not made because the map is at one of its limits. */
  onLimit: (hit: LimitHit) => void = () => {},
) {
  let editingId: string | null = null;
  // The colour of a new card's kind of lane: a pain point is pink like the others (doc/laneColor.ts).
  const newCardColor = (lane: string) => laneCardColor(readLanes(doc).find((l) => l.id === lane));
  // Whether one more `kind` fits the map as the host counts it; says so when not.
  const fits = (kind: LimitKind): boolean => {
    const hit = canAdd(kind, mapCounts(doc));
    if (hit) onLimit(hit);
    return hit === null;
  };
  // Cards `add` made here whose first editing session may still leave them blank, with the undo
  // step that created them (forgotten once the card is removed blank: undo would find nothing).
  const fresh = new Map<string, number | null>();
  const dropBlank = (id: string): boolean => {
    const step = fresh.get(id);
    fresh.delete(id);
    const removed = removeBlankCard(doc, id);
    if (removed && step != null) {
      // Still open when the page goes away: closed first, so nothing after it joins a forgotten step.
      if (steps.current === step) steps.end();
      steps.forget(step);
    }
    return removed;
  };
  // A discrete action is a step of its own; an editing session around it goes on as a new step.
  const discrete = <T>(f: () => T): T => {
    steps.end();
    const result = f();
    if (editingId !== null) steps.begin();
    return result;
  };
  return {
    /** The map document; the card editor binds to a card's text in it (cards/CardEditor.tsx). */
    doc,
    /**
     * Creates a card and opens an undo step that lasts until its editor closes; null (and nothing
     * written) when the map already holds as many cards as it may.
     */
    add: (
      stage: string,
      lane: string,
      department: string,
      afterPos: string | null,
    ): string | null => {
      if (!fits("cards")) return null;
      steps.end();
      steps.begin();
      // Creating the card and typing its first text is one step: the editor opens next.
      const color = newCardColor(lane);
      editingId = addCard(doc, { stage, lane, department, author: author(), afterPos, color });
      fresh.set(editingId, steps.current);
      return editingId;
    },
    /**
     * Called once an editing session of `id` is over: removes the card if this person just added
     * it, left it blank, and nobody is editing it any more — neither here (the same card reopened
     * in the inspector keeps it) nor someone else. Returns whether it was removed.
     */
    dropIfAbandoned: (id: string): boolean => {
      if (!fresh.has(id) || editingId === id) return false;
      if (othersEditing(id)) {
        fresh.delete(id);
        return false;
      }
      return dropBlank(id);
    },
    /**
     * The page is going away (closed or reloaded) while a card this person just added is open and
     * still blank: removes it at once, so the edit goes out with this session's last ones (the
     * outbox keeps them on `pagehide`, after this) instead of leaving an empty note for everyone.
     */
    dropOnPageHide: (): boolean => {
      const id = editingId;
      if (id === null || !fresh.has(id) || othersEditing(id)) return false;
      return dropBlank(id);
    },
    remove: (id: string) => discrete(() => deleteCard(doc, id)),
    color: (id: string, color: CardColor) => discrete(() => setCardColor(doc, id, color)),
    rate: (stage: string, lane: string, score: number) =>
      discrete(() => rateEmotion(doc, stage, lane, rater(), score)),
    /** One dot more or back on a card of the open voting round (no undo step: doc/voting.ts). */
    vote: (cardId: string, laneId: string, step: 1 | -1) =>
      castDot(doc, cardId, laneId, rater(), step),
    /** The card being edited (null: none); each editing session is one undo step. */
    editing: (id: string | null) => {
      if (id === editingId) return;
      steps.end();
      if (id !== null) steps.begin();
      editingId = id;
    },
    moveCards: (
      ids: string[],
      stage: string,
      lane: string,
      before: string | null,
      after: string | null,
    ) => discrete(() => moveCards(doc, ids, stage, lane, before, after)),
    colorCards: (ids: string[], c: CardColor) => discrete(() => colorCards(doc, ids, c)),
    removeCards: (ids: string[]) => discrete(() => deleteCards(doc, ids)),
    cardField: (id: string, field: "department" | "confidence", value: string) =>
      discrete(() => setCardField(doc, id, field, value)),
    addToList: (id: string, key: "tags" | "links", value: string) =>
      discrete(() => addToList(doc, id, key, value)),
    removeFromList: (id: string, key: "tags" | "links", value: string) =>
      discrete(() => removeFromList(doc, id, key, value)),
    clearExamples: () => discrete(() => clearExamples(doc)),
    /** The new stage's id; null (nothing written) at the map's stage limit. */
    addStage: (s: NewStage): string | null =>
      fits("stages") ? discrete(() => addStage(doc, s)) : null,
    stageField: (id: string, field: "title" | "description" | "color" | "phase", v: string) =>
      discrete(() => setStageField(doc, id, field, v)),
    deleteStage: (id: string) => discrete(() => deleteStage(doc, id)),
    moveStage: (id: string, to: number) => discrete(() => moveStage(doc, id, to)),
    /** The new lane's id; null (nothing written) at the map's lane limit. */
    addLane: (l: NewLane): string | null =>
      fits("lanes") ? discrete(() => addLane(doc, l)) : null,
    laneField: (id: string, field: "title" | "separator" | "department" | "role", v: string) =>
      discrete(() => setLaneField(doc, id, field, v)),
    deleteLane: (id: string) => discrete(() => deleteLane(doc, id)),
    moveLane: (id: string, to: number) => discrete(() => moveLane(doc, id, to)),
    channel: (stage: string, lane: string, channel: string, on: boolean) =>
      discrete(() => setChannel(doc, stage, lane, channel, on)),
    addMetric: (stage: string, lane: string, kind: MetricKind) =>
      discrete(() => addMetric(doc, stage, lane, kind)),
    metricKind: (id: string, kind: MetricKind) => discrete(() => setMetricKind(doc, id, kind)),
    metricNumber: (
      id: string,
      field: "expected" | "current" | "amber" | "red",
      value: number | null,
    ) => discrete(() => setMetricNumber(doc, id, field, value)),
    metricText: (id: string, field: "label" | "unit" | "direction", v: string | Direction) =>
      discrete(() => setMetricText(doc, id, field, v)),
    deleteMetric: (id: string) => discrete(() => deleteMetric(doc, id)),
    /** The new action's id; null (nothing written) when the plan is full. */
    addAction: (a: Omit<NewAction, "author">): string | null =>
      doc.getMap(ROOT.actions).size >= MAX_ACTIONS_PER_MAP
        ? null
        : discrete(() => addAction(doc, { ...a, author: author() })),
    actionText: (id: string, field: "title" | "team" | "owner", v: string) =>
      discrete(() => setActionText(doc, id, field, v)),
    actionStatus: (id: string, status: ActionStatus) =>
      discrete(() => setActionStatus(doc, id, status)),
    actionDue: (id: string, due: string | null) => discrete(() => setActionDue(doc, id, due)),
    actionEffect: (id: string, metric: string | null, effect: number | null) =>
      discrete(() => setActionEffect(doc, id, metric, effect)),
    actionCard: (id: string, card: string, on: boolean) =>
      discrete(() => setActionCard(doc, id, card, on)),
    deleteAction: (id: string) => discrete(() => deleteAction(doc, id)),
    /** The new topic's id; null (nothing written) when its text is blank or the lot is full. */
    parkTopic: (text: string): string | null => discrete(() => parkTopic(doc, text, author())),
    /** What a correction of topic `id` starts from (see doc/parkingLot.ts). */
    parkedBase: (id: string) => parkedTextBase(doc, id),
    parkedText: (id: string, text: string, base: TextBase | null) =>
      discrete(() => setParkedText(doc, id, text, base)),
    unparkTopic: (id: string) => discrete(() => unparkTopic(doc, id)),
    /**
     * Topic `id` as a card at the end of a cell, the topic taken off the lot, as one step; the
     * card's id, or null (nothing written) when the map holds as many cards as it may or the topic
     * is gone.
     */
    topicToCard: (
      id: string,
      stage: string,
      lane: string,
      department: string,
      afterPos: string | null,
    ): string | null => {
      if (!fits("cards")) return null;
      const color = newCardColor(lane);
      return discrete(() => topicToCard(doc, id, { stage, lane, department, afterPos, color }));
    },
    /** A dated actual or target value; the newest day's also becomes the metric's current one
     * (or its target). */
    recordMetricValue: (
      id: string,
      date: string,
      field: PointField,
      value: number,
      newest: boolean,
    ) =>
      discrete(() => {
        if (!setMetricPoint(doc, id, date, field, value)) return false;
        if (newest) setMetricNumber(doc, id, field === "actual" ? "current" : "expected", value);
        return true;
      }),
    /** Values read from a CSV file, in one undo step. */
    importMetricValues: (points: readonly { metric: string; date: string; value: number }[]) =>
      discrete(() => importMetricPoints(doc, points)),
  };
}

export type BoardActions = ReturnType<typeof makeBoardActions>;
