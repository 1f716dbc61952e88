// Tests that the inspector redraws for changes to what it shows — the selected card, the cards it
// links to — and not for another card's edit (in a workshop, every other person's keystroke).
import { act, cleanup, render } from "@testing-library/react";
import { type LoroDoc, LoroList, LoroMap, LoroText } from "loro-crdt";
import { afterEach, describe, expect, it } from "vitest";
import { makeMapDoc } from "../../../test/doc/fixture";
import { cardText } from "../../doc/actions";
import { ROOT } from "../../doc/schema";
import { MapStore } from "../../doc/store";
import { inspectedParts, useInspectedView } from "./inspectedView";

function card(doc: LoroDoc, id: string, pos: string, text: string, links: string[] = []) {
  const m = doc.getMap(ROOT.cards).setContainer(id, new LoroMap());
  m.setContainer("text", new LoroText()).insert(0, text);
  m.setContainer("tags", new LoroList());
  const list = m.setContainer("links", new LoroList());
  for (const l of links) list.push(l);
  m.set("color", "blue");
  m.set("placement", { stage: "s1", lane: "l1", pos });
  doc.commit();
}

function setup() {
  const doc = makeMapDoc(["s1"], [{ id: "l1", title: "Actions", kind: "cards" }]);
  card(doc, "a", "a0", "客户等待太久", ["c"]);
  card(doc, "b", "a1", "另一张卡片");
  card(doc, "c", "a2", "Hand-off to support");
  return { doc, store: new MapStore(doc) };
}

async function write(doc: LoroDoc, id: string, text: string) {
  await act(async () => {
    cardText(doc, id)?.update(text);
    doc.commit();
    for (let i = 0; i < 3; i++) await Promise.resolve();
  });
}

afterEach(cleanup);

let renders = 0;

/** Reads the inspector's view of card "a", counting its renders. */
function Probe({ store }: { store: MapStore }) {
  useInspectedView(store, ["a"]);
  renders++;
  return null;
}

describe("the inspector's view", () => {
  it("changes for the selected card and the cards it links to, not for others", async () => {
    const { doc, store } = setup();
    render(<Probe store={store} />);
    const first = renders;
    await write(doc, "b", "另一张卡片，改了");
    expect(renders).toBe(first);
    await write(doc, "c", "Hand-off to support, by phone");
    expect(renders).toBe(first + 1);
    await write(doc, "a", "客户等待太久了");
    expect(renders).toBe(first + 2);
  });

  it("lists the selected cards, their links when one is selected, lanes, actions and votes", () => {
    const { store } = setup();
    const v = store.getView();
    expect(inspectedParts(v, ["a"])).toEqual([
      v.lanes,
      v.actions,
      v.answered,
      v.votes,
      v.cards.a,
      v.cards.c,
    ]);
    expect(inspectedParts(v, ["a", "b"])).toHaveLength(6);
  });
});
