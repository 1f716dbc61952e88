// Setting a refused change aside: the change goes, what was made after it stays where it was
// made, and the host (which never had the refused change) takes the result without missing history.
import { LoroDoc, LoroMap, LoroText } from "loro-crdt";
import { describe, expect, it } from "vitest";
import { spanOfUpdates, withoutRefused } from "./setAside";

/** A host document with one card, and a screen (peer 2) that has it. */
function hostAndScreen() {
  const host = new LoroDoc();
  host.setPeerId(1);
  const card = host.getMap("cards").setContainer("c1", new LoroMap());
  card.setContainer("text", new LoroText()).insert(0, "退货流程太长");
  host.commit();
  const screen = new LoroDoc();
  screen.setPeerId(2);
  screen.import(host.export({ mode: "snapshot" }));
  const updates: Uint8Array[] = [];
  screen.subscribeLocalUpdates((bytes) => updates.push(bytes));
  return { host, screen, updates };
}

function textOf(doc: LoroDoc, card: string): string {
  const value = doc.getMap("cards").get(card);
  if (!(value instanceof LoroMap)) return "";
  const text = value.get("text");
  return text instanceof LoroText ? text.toString() : "";
}

function textIn(doc: LoroDoc, card: string): LoroText {
  const value = doc.getMap("cards").get(card);
  if (!(value instanceof LoroMap)) throw new Error(`no card ${card}`);
  const text = value.get("text");
  if (!(text instanceof LoroText)) throw new Error(`no text in ${card}`);
  return text;
}

/** The host takes `next`'s changes as a participant's update, with nothing missing. */
function hostTakes(host: LoroDoc, next: LoroDoc): void {
  const status = host.import(next.export({ mode: "update", from: host.oplogVersion() }));
  expect(status.pending ?? null).toBeNull();
}

describe("withoutRefused", () => {
  it("makes each later edit again as a change of its own, so a second refusal takes only that one", () => {
    const { host, screen, updates } = hostAndScreen();
    const votes = screen.getMap("votes");
    votes.set("r1:c1:p-an", 1); // a dot the host refuses (its round has ended)
    screen.commit();
    const refused = updates.slice(-1);
    votes.set("r1:c1:p-bo", 1); // a second late dot
    screen.commit();
    const secondDot = updates.slice(-1);
    textIn(screen, "c1").insert(0, "离线写的：");
    screen.commit();
    const typing = updates.slice(-1);

    const first = withoutRefused(screen, spanOfUpdates(refused), [...secondDot, ...typing]);
    // What was refused is said: a dot on card c1.
    expect(first.votedCards).toEqual(["c1"]);
    expect(first.remade.map((r) => r.own)).toEqual([true, true]);
    expect(first.doc.getMap("votes").get("r1:c1:p-an")).toBeUndefined();
    expect(first.doc.getMap("votes").get("r1:c1:p-bo")).toBe(1);

    // The host refuses the re-made second dot as well: set aside in its turn, the typing stays.
    const again = withoutRefused(
      first.doc,
      spanOfUpdates(first.remade.slice(0, 1).map((r) => r.bytes)),
      first.remade.slice(1).map((r) => r.bytes),
    );
    expect(again.remade).toHaveLength(1);
    expect(again.doc.getMap("votes").get("r1:c1:p-bo")).toBeUndefined();
    expect(textOf(again.doc, "c1")).toBe("离线写的：退货流程太长");
    hostTakes(host, again.doc);
    expect(textOf(host, "c1")).toBe("离线写的：退货流程太长");
    expect(host.getMap("votes").get("r1:c1:p-an")).toBeUndefined();
  });

  it("tells a refused dot given with its voter's entry from a dot taken back or anything else", () => {
    const { screen, updates } = hostAndScreen();
    // As castDot writes a dot: the vote and the voter's own entry, in one commit.
    screen.getMap("votes").set("r1:c1:p-an", 1);
    screen.getMap("participants").set("p-an", { name: "安", color: "#c33" });
    screen.commit();
    const given = updates.slice(-1);
    expect(withoutRefused(screen, spanOfUpdates(given)).votedCards).toEqual(["c1"]);
    // A dot taken back is not a dot "not counted"; a card's text is no dot at all.
    screen.getMap("votes").delete("r1:c1:p-an");
    screen.commit();
    expect(withoutRefused(screen, spanOfUpdates(updates.slice(-1))).votedCards).toBeNull();
    textIn(screen, "c1").insert(0, "改：");
    screen.commit();
    expect(withoutRefused(screen, spanOfUpdates(updates.slice(-1))).votedCards).toBeNull();
  });

  it("re-makes typing into a card that a later edit made, in the card the new document made", () => {
    const { host, screen, updates } = hostAndScreen();
    screen.getMap("votes").set("r1:c1:p-an", 1);
    screen.commit();
    const refused = updates.slice(-1);
    const card = screen.getMap("cards").setContainer("c2", new LoroMap());
    card.setContainer("text", new LoroText()).insert(0, "离线");
    screen.commit();
    textIn(screen, "c2").insert(2, "写的卡片");
    screen.commit();
    const stages = screen.getList("stages");
    stages.insertContainer(0, new LoroMap()).set("title", "售后");
    screen.commit();
    const first = stages.get(0);
    if (!(first instanceof LoroMap)) throw new Error("no stage");
    first.set("color", "teal");
    screen.commit();

    const { doc, remade } = withoutRefused(screen, spanOfUpdates(refused), updates.slice(-4));
    expect(remade.map((r) => r.own)).toEqual([true, true, true, true]);
    expect(textOf(doc, "c2")).toBe("离线写的卡片");
    expect(doc.getList("stages").toJSON()).toEqual([{ title: "售后", color: "teal" }]);
    hostTakes(host, doc);
    expect(textOf(host, "c2")).toBe("离线写的卡片");
    expect(host.getMap("votes").get("r1:c1:p-an")).toBeUndefined();
  });

  it("re-makes a stage made offline, then moved and renamed, as one stage with its title", () => {
    const { host, screen, updates } = hostAndScreen();
    const stages = screen.getMovableList("stages");
    stages.insertContainer(0, new LoroMap()).set("id", "s0");
    screen.commit();
    hostTakes(host, screen);
    updates.length = 0;
    screen.getMap("votes").set("r1:c1:p-an", 1);
    screen.commit();
    const refused = updates.slice(-1);
    stages.insertContainer(1, new LoroMap()).set("id", "s1");
    screen.commit();
    stages.move(1, 0); // dragged to the front
    screen.commit();
    const made = stages.get(0);
    if (!(made instanceof LoroMap)) throw new Error("no stage");
    made.set("title", "售后");
    screen.commit();

    const { doc, remade } = withoutRefused(screen, spanOfUpdates(refused), updates.slice(-3));
    expect(remade).toHaveLength(3);
    expect(doc.getMovableList("stages").toJSON()).toEqual([
      { id: "s1", title: "售后" },
      { id: "s0" },
    ]);
    hostTakes(host, doc);
    expect(host.getMovableList("stages").toJSON()).toEqual([
      { id: "s1", title: "售后" },
      { id: "s0" },
    ]);
  });

  it("makes what the own edits do not cover again as one more change, not own", () => {
    const { screen, updates } = hostAndScreen();
    textIn(screen, "c1").insert(0, "【拒】");
    screen.commit();
    const refused = updates.slice(-1);
    textIn(screen, "c1").insert(0, "甲");
    screen.commit();
    textIn(screen, "c1").insert(0, "乙");
    screen.commit();
    const { doc, remade } = withoutRefused(screen, spanOfUpdates(refused), updates.slice(-2, -1));
    expect(remade.map((r) => r.own)).toEqual([true, false]);
    expect(textOf(doc, "c1")).toBe("乙甲退货流程太长");
  });

  it("drops a refused insertion and keeps the typing after it at the right places", () => {
    const { host, screen, updates } = hostAndScreen();
    const text = textIn(screen, "c1");
    text.insert(4, "【超长】");
    screen.commit();
    const refused = updates.slice(-1);
    text.insert(text.length, "，客服说要三天");
    screen.commit();
    text.insert(0, "痛点：");
    screen.commit();
    // someone else's edit reaches this screen after the refusal
    textIn(host, "c1").insert(0, "★");
    host.commit();
    screen.import(host.export({ mode: "update", from: screen.oplogVersion() }));
    expect(textOf(screen, "c1")).toBe("★痛点：退货流程【超长】太长，客服说要三天");

    const { doc: next } = withoutRefused(screen, spanOfUpdates(refused));
    expect(textOf(next, "c1")).toBe("★痛点：退货流程太长，客服说要三天");
    expect(next.peerIdStr).not.toBe(screen.peerIdStr);
    // the screen's own document is left as it was
    expect(textOf(screen, "c1")).toBe("★痛点：退货流程【超长】太长，客服说要三天");
    hostTakes(host, next);
    expect(textOf(host, "c1")).toBe("★痛点：退货流程太长，客服说要三天");
  });

  it("takes a refused card with the edits made to it since and keeps a card added after it", () => {
    const { host, screen, updates } = hostAndScreen();
    const cards = screen.getMap("cards");
    cards.setContainer("bad", new LoroMap()).setContainer("text", new LoroText()).insert(0, "x");
    screen.commit();
    const refused = updates.slice(-1);
    textIn(screen, "bad").insert(1, "yz");
    screen.commit();
    const good = cards.setContainer("good", new LoroMap());
    good.setContainer("text", new LoroText()).insert(0, "Chatbot loops / 机器人答非所问");
    good.set("votes", 2);
    screen.commit();

    const { doc: next } = withoutRefused(screen, spanOfUpdates(refused));
    expect(next.getMap("cards").get("bad")).toBeUndefined();
    expect(textOf(next, "good")).toBe("Chatbot loops / 机器人答非所问");
    const kept = next.getMap("cards").get("good");
    expect(kept instanceof LoroMap ? kept.get("votes") : null).toBe(2);
    hostTakes(host, next);
    expect(host.toJSON()).toEqual(next.toJSON());
  });

  it("sets aside a whole catch-up of two peers (an earlier session's kept edits and this one's)", () => {
    const { host, screen } = hostAndScreen();
    // an earlier session of this browser, restored from the outbox before joining
    const earlier = new LoroDoc();
    earlier.setPeerId(7);
    earlier.import(host.export({ mode: "snapshot" }));
    textIn(earlier, "c1").insert(0, "旧");
    earlier.commit();
    screen.import(earlier.export({ mode: "update", from: host.oplogVersion() }));
    textIn(screen, "c1").insert(1, "新");
    screen.commit();
    // the handshake's one update of all the host lacks: refused
    const refused = [screen.export({ mode: "update", from: host.oplogVersion() })];
    screen.getMap("meta").set("title", "Journey 旅程");
    screen.commit();

    const { doc: next } = withoutRefused(screen, spanOfUpdates(refused));
    expect(textOf(next, "c1")).toBe("退货流程太长");
    expect(next.getMap("meta").get("title")).toBe("Journey 旅程");
    hostTakes(host, next);
    expect(host.getMap("meta").get("title")).toBe("Journey 旅程");
  });

  it("gives back the host's copy when the refused change is the last thing made", () => {
    const { host, screen, updates } = hostAndScreen();
    screen.getMap("votes").set("r1:c1:p1", 1);
    screen.commit();
    const { doc: next } = withoutRefused(screen, spanOfUpdates(updates.slice(-1)));
    expect(next.getMap("votes").size).toBe(0);
    expect(next.getMap("cards").toJSON()).toEqual(host.getMap("cards").toJSON());
    hostTakes(host, next);
  });

  it("writes nothing to a map the kept edits leave as it was (a host checking who writes votes refuses that)", () => {
    const { host, screen, updates } = hostAndScreen();
    screen.getMap("votes").set("r1:c1:p1", 1);
    screen.commit();
    const refused = updates.slice(-1);
    screen.getMap("cards").set("c2", "after the dot / 投票之后");
    screen.commit();
    const { doc: next } = withoutRefused(screen, spanOfUpdates(refused));
    const written = next.exportJsonUpdates(host.oplogVersion(), next.oplogVersion());
    const containers = written.changes.flatMap((change) => change.ops.map((op) => op.container));
    expect(containers).toEqual(["cid:root-cards:Map"]);
    hostTakes(host, next);
    expect(host.getMap("cards").get("c2")).toBe("after the dot / 投票之后");
  });
});
