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
