import { LoroDoc } from "loro-crdt";
import { describe, expect, it } from "vitest";
import { addAction, setActionDue, setActionEffect, setActionStatus } from "../../doc/actionPlan";
import { addCard } from "../../doc/actions";
import { addMetric } from "../../doc/metricActions";
import { ROOT } from "../../doc/schema";
import { MapStore } from "../../doc/store";
import { addLane, addStage } from "../../doc/structure";
import { actionStage, isOverdue, listActions, NO_FILTER } from "./actionList";

function board() {
  const doc = new LoroDoc();
  const s1 = addStage(doc, { title: "认知" });
  const s2 = addStage(doc, { title: "購買" });
  const pains = addLane(doc, { title: "痛点", kind: "cards", role: "pain_points" });
  const metrics = addLane(doc, { title: "指标", kind: "metrics" });
  const card = (stage: string, text: string) =>
    addCard(doc, { stage, lane: pains, department: "", author: "Ann", afterPos: null, text });
  return { doc, s1, s2, pains, metrics, card };
}

describe("the Actions view's list", () => {
  it("filters by team, status and stage and sorts by due date, votes or status", () => {
    const { doc, s1, s2, metrics, card } = board();
    const slow = card(s1, "客服回覆太慢");
    const price = card(s2, "價格不透明");
    const nps = addMetric(doc, s2, metrics, "nps");
    const a = addAction(doc, {
      title: "縮短回覆時間",
      team: "service",
      author: "Ann",
      cards: [slow],
    });
    const b = addAction(doc, { title: "公开价格", team: "sales", author: "Ann", cards: [price] });
    const c = addAction(doc, { title: "Survey", team: "", author: "Ann", cards: [] });
    setActionDue(doc, a, "2026-12-20");
    setActionDue(doc, b, "2026-12-05");
    setActionStatus(doc, c, "done");
    setActionEffect(doc, c, nps, 10);
    doc.getMap(ROOT.votes).set(`default:${price}:p1`, 1);
    doc.getMap(ROOT.votes).set(`default:${price}:p2`, 1);
    doc.commit();
    const view = new MapStore(doc).getView();
    const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

    expect(ids(listActions(view, NO_FILTER, "due"))).toEqual([b, a, c]);
    expect(ids(listActions(view, NO_FILTER, "votes"))[0]).toBe(b);
    // ideas first (b and a by due date), done last
    expect(ids(listActions(view, NO_FILTER, "status"))).toEqual([b, a, c]);
    expect(ids(listActions(view, { ...NO_FILTER, team: "service" }, "due"))).toEqual([a]);
    expect(ids(listActions(view, { ...NO_FILTER, team: "" }, "due"))).toEqual([c]);
    expect(ids(listActions(view, { ...NO_FILTER, status: "open" }, "due"))).toEqual([b, a]);
    expect(ids(listActions(view, { ...NO_FILTER, status: "done" }, "due"))).toEqual([c]);
    // the metric's stage first, else the first answered card's
    const surveyAction = view.actions[c];
    expect(surveyAction && actionStage(surveyAction, view)).toBe(s2);
    expect(ids(listActions(view, { ...NO_FILTER, stage: s1 }, "due"))).toEqual([a]);
    expect(ids(listActions(view, { ...NO_FILTER, stage: s2 }, "due"))).toEqual([b, c]);
    expect(view.answered.get(slow)).toEqual([a]);
  });

  it("an open action past its date is overdue; a done one is not", () => {
    const { doc } = board();
    const a = addAction(doc, { title: "x", team: "", author: "", cards: [] });
    setActionDue(doc, a, "2026-11-30");
    const read = () => {
      const found = new MapStore(doc).getView().actions[a];
      if (!found) throw new Error("the action was not read");
      return found;
    };
    expect(isOverdue(read(), "2026-12-01")).toBe(true);
    expect(isOverdue(read(), "2026-11-30")).toBe(false);
    setActionStatus(doc, a, "done");
    expect(isOverdue(read(), "2026-12-01")).toBe(false);
  });
});
