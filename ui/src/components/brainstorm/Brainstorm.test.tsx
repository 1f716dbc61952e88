// The anonymous brainstorm in the top bar: the facilitator starts a round on the pain points;
// a participant's chip appears, they write ideas (Enter adds one), change and remove them; an idea
// written offline is kept and marked until the host can be reached, then sent; the facilitator
// sees only how many ideas are waiting and reveals them after confirming.
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import type { LoroDoc } from "loro-crdt";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeIdeasHost } from "../../../test/brainstorm/fakeHost";
import { makeMapDoc } from "../../../test/doc/fixture";
import type { IdeasApi } from "../../api/brainstorm";
import { HostError } from "../../api/http";
import { readBrainstorm } from "../../doc/brainstorm";
import { MapStore } from "../../doc/store";
import { initI18n } from "../../i18n";
import { Brainstorm } from "./Brainstorm";
import { IDEAS_POLL_MS } from "./useIdeas";

beforeEach(() => {
  initI18n("en");
  localStorage.clear();
  vi.useFakeTimers({ shouldAdvanceTime: true });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function sync(from: LoroDoc, to: LoroDoc): void {
  to.import(from.export({ mode: "update", from: to.oplogVersion() }));
}

const lanes = [
  { id: "acts", title: "Actions", kind: "cards" },
  { id: "pain", title: "Pain points", kind: "cards", role: "pain_points" },
];

function renderPair() {
  const facilitator = makeMapDoc(["s1", "s2"], lanes);
  const host = new FakeIdeasHost(facilitator);
  const participant = makeMapDoc(["s1", "s2"], lanes);
  render(
    <>
      <div data-testid="fac">
        <Brainstorm
          doc={facilitator}
          store={new MapStore(facilitator)}
          api={host.apiOf("facilitator")}
          // Another key for the kept changes: in a browser the two are on different origins.
          mapId="m1-facilitator"
          canRun
          canWrite
        />
      </div>
      <div data-testid="par">
        <Brainstorm
          doc={participant}
          store={new MapStore(participant)}
          api={host.apiOf("p-ann")}
          mapId="m1"
          canRun={false}
          canWrite
        />
      </div>
    </>,
  );
  const fac = within(screen.getByTestId("fac"));
  const par = within(screen.getByTestId("par"));
  return { host, facilitator, participant, fac, par };
}

/** The pair with round 1 started by the facilitator, reached the participant, their panel open. */
async function renderOpenRound() {
  const pair = renderPair();
  const { facilitator, participant, fac, par } = pair;
  fireEvent.click(fac.getByTestId("brainstorm"));
  await act(async () => {
    fireEvent.click(fac.getByTestId("brainstorm-start"));
  });
  await act(async () => sync(facilitator, participant));
  fireEvent.click(par.getByTestId("brainstorm"));
  return pair;
}

/** The participant's brainstorm drawn anew from the same browser (a reload), with `api`. */
function renderParticipantAgain(participant: LoroDoc, api: IdeasApi, canWrite = true): void {
  cleanup();
  render(
    <Brainstorm
      doc={participant}
      store={new MapStore(participant)}
      api={api}
      mapId="m1"
      canRun={false}
      canWrite={canWrite}
    />,
  );
}

async function settle(ms = 0): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

function typeIdea(scope: ReturnType<typeof within>, text: string): void {
  const box = scope.getByTestId("idea-text");
  fireEvent.change(box, { target: { value: text } });
  fireEvent.keyDown(box, { key: "Enter" });
}

describe("Brainstorm", () => {
  it("runs a round: hidden ideas written, changed, kept offline, counted, then revealed", async () => {
    const { host, facilitator, participant, fac, par } = renderPair();
    expect(par.queryByTestId("brainstorm")).toBeNull();

    fireEvent.click(fac.getByTestId("brainstorm"));
    expect((fac.getByTestId("brainstorm-lane") as HTMLSelectElement).value).toBe("pain");
    fireEvent.change(fac.getByTestId("brainstorm-prompt-input"), {
      target: { value: "结账时最让客户沮丧的是什么？" },
    });
    await act(async () => {
      fireEvent.click(fac.getByTestId("brainstorm-start"));
    });
    const round = readBrainstorm(facilitator);
    expect(round).toMatchObject({ round: 1, lane: "pain", open: true });
    await act(async () => sync(facilitator, participant));

    const chip = par.getByTestId("brainstorm");
    expect(chip.getAttribute("data-look")).toBe("open");
    fireEvent.click(chip);
    expect(par.getByTestId("brainstorm-prompt").textContent).toBe("结账时最让客户沮丧的是什么？");
    typeIdea(par, "运费到最后一步才显示");
    await settle();
    expect(par.getAllByTestId("idea").map((i) => i.getAttribute("data-waiting"))).toEqual([
      "false",
    ]);
    expect(host.ideas.size).toBe(1);
    expect([...host.ideas.values()][0]).toMatchObject({ writer: "p-ann", stage: "s1", round: 1 });

    // Changed in place.
    fireEvent.click(par.getByTestId("idea-edit"));
    fireEvent.change(par.getByTestId("idea-edit-text"), { target: { value: "运费不透明" } });
    fireEvent.click(par.getByTestId("idea-save"));
    await settle();
    expect([...host.ideas.values()][0]?.text).toBe("运费不透明");

    // Offline: kept on this device and marked, sent once the host answers again.
    host.online = false;
    typeIdea(par, "客服电话打不通 / can't reach support");
    await settle();
    const rows = par.getAllByTestId("idea");
    expect(rows[1]?.getAttribute("data-waiting")).toBe("true");
    expect(par.getByTestId("brainstorm-unsent")).toBeTruthy();
    expect(localStorage.getItem("wayline.ideas.m1")).toContain("客服电话打不通");
    host.online = true;
    await settle(IDEAS_POLL_MS + 10);
    expect(host.ideas.size).toBe(2);
    expect(par.queryByTestId("brainstorm-unsent")).toBeNull();
    expect(localStorage.getItem("wayline.ideas.m1")).toBeNull();

    // The facilitator sees how many, never which.
    fireEvent.click(fac.getByTestId("brainstorm"));
    fireEvent.click(fac.getByTestId("brainstorm"));
    await settle(IDEAS_POLL_MS + 10);
    expect(fac.getByTestId("brainstorm-count").textContent).toBe(
      "2 ideas waiting for the reveal from 1 person.",
    );
    expect(fac.queryByText("运费不透明")).toBeNull();
    expect(fac.getByTestId("brainstorm").getAttribute("aria-label")).toBe(
      "Brainstorm: 2 ideas waiting for the reveal",
    );

    // Removed by its writer.
    const [firstRemove] = par.getAllByTestId("idea-remove");
    if (!firstRemove) throw new Error("no idea to remove");
    fireEvent.click(firstRemove);
    await settle();
    expect(host.ideas.size).toBe(1);

    fireEvent.click(fac.getByTestId("brainstorm-reveal"));
    expect(fac.getByRole("alert").textContent).toContain("“Pain points”");
    await act(async () => {
      fireEvent.click(fac.getByTestId("brainstorm-reveal-confirm"));
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(host.reveals).toEqual([1]);
  });

  it("says when an idea arrived after the reveal and when one was refused, and keeps saying it (zh-TW)", async () => {
    initI18n("zh-TW");
    const { host, par } = await renderOpenRound();
    host.online = false;
    typeIdea(par, "離線寫的點子");
    await settle();
    // The round is revealed while this person is offline.
    host.open = false;
    host.online = true;
    await settle(IDEAS_POLL_MS + 10);
    expect(par.getByTestId("idea-notices").textContent).toContain(
      "你的點子「離線寫的點子」在揭曉之後才送達：它會先隱藏，等主持人統一揭曉遲到的點子。",
    );
    // Someone else's id: refused, and said with the text.
    host.ideas.set("taken-0001", {
      id: "taken-0001",
      writer: "p-bob",
      round: 1,
      stage: "s1",
      text: "x",
      revealed: false,
    });
    host.open = true;
    localStorage.setItem(
      "wayline.ideas.m1",
      JSON.stringify([{ kind: "put", id: "taken-0001", round: 1, stage: "s1", text: "搶來的" }]),
    );
    await settle(IDEAS_POLL_MS + 10);
    await settle(IDEAS_POLL_MS + 10);
    expect(par.getByTestId("idea-notices").textContent).toContain("未儲存：「搶來的」");
    // Kept on the device until dismissed.
    expect(localStorage.getItem("wayline.ideas.notices.m1")).toContain("搶來的");
    const dismiss = par.getAllByRole("button", { name: "關閉" });
    for (const button of dismiss) fireEvent.click(button);
    expect(par.queryByTestId("idea-notices")).toBeNull();
    expect(localStorage.getItem("wayline.ideas.notices.m1")).toBeNull();
  });

  it("does not say there are no ideas beside a first idea kept on the device", async () => {
    const { host, par } = await renderOpenRound();
    await settle(IDEAS_POLL_MS + 10);
    expect(par.getByTestId("brainstorm-count").textContent).toBe("No ideas yet.");
    host.online = false;
    typeIdea(par, "offline idea 離線的點子");
    await settle(IDEAS_POLL_MS + 10);
    expect(par.getByTestId("brainstorm-unsent")).toBeTruthy();
    expect(par.getAllByTestId("idea")).toHaveLength(1);
    expect(par.queryByTestId("brainstorm-count")).toBeNull();
    host.online = true;
    await settle(IDEAS_POLL_MS + 10);
    await settle(IDEAS_POLL_MS + 10);
    expect(par.getByTestId("brainstorm-count").textContent).toBe(
      "1 idea waiting for the reveal from 1 person.",
    );
  });

  it("tells a viewer they may read the question but not write ideas", async () => {
    initI18n("zh-CN");
    const { host, participant } = await renderOpenRound();
    renderParticipantAgain(participant, host.apiOf("p-ann"), false);
    fireEvent.click(screen.getByTestId("brainstorm"));
    expect(screen.getByTestId("brainstorm-how").textContent).toBe(
      "你以查看者身份参加：可以看到问题，但不能写点子。",
    );
    expect(screen.queryByTestId("idea-text")).toBeNull();
  });

  it("stops saying a late idea waits for the reveal once it has been revealed", async () => {
    const { host, par } = await renderOpenRound();
    host.online = false;
    typeIdea(par, "遲到的點子");
    await settle();
    host.open = false;
    host.online = true;
    await settle(IDEAS_POLL_MS + 10);
    expect(par.getByTestId("idea-notices")).toBeTruthy();
    // The facilitator reveals the late ideas.
    for (const idea of host.ideas.values()) idea.revealed = true;
    await settle(IDEAS_POLL_MS + 10);
    expect(par.queryByTestId("idea-notices")).toBeNull();
    expect(localStorage.getItem("wayline.ideas.notices.m1")).toBeNull();
  });

  it("keeps the idea being typed and its stage through closing the panel and a reload, and forgets the text once added", async () => {
    const { host, participant, par } = await renderOpenRound();
    fireEvent.change(par.getByTestId("idea-stage"), { target: { value: "s2" } });
    fireEvent.change(par.getByTestId("idea-text"), { target: { value: "排队结账太久，还没写完" } });
    // Closed and opened again: the idea is still about the second stage.
    fireEvent.click(par.getByTestId("brainstorm"));
    fireEvent.click(par.getByTestId("brainstorm"));
    expect((par.getByTestId("idea-stage") as HTMLSelectElement).value).toBe("s2");
    // The page reloads: everything is drawn anew from the same browser.
    renderParticipantAgain(participant, host.apiOf("p-ann"));
    fireEvent.click(screen.getByTestId("brainstorm"));
    const box = screen.getByTestId("idea-text") as HTMLTextAreaElement;
    expect(box.value).toBe("排队结账太久，还没写完");
    expect((screen.getByTestId("idea-stage") as HTMLSelectElement).value).toBe("s2");
    fireEvent.keyDown(box, { key: "Enter" });
    await settle();
    expect([...host.ideas.values()].map((i) => [i.stage, i.text])).toEqual([
      ["s2", "排队结账太久，还没写完"],
    ]);
    expect(localStorage.getItem("wayline.ideaDraft.m1")).toBeNull();
    // The next idea is about the same stage until another is picked.
    expect((screen.getByTestId("idea-stage") as HTMLSelectElement).value).toBe("s2");
  });

  it("keeps a change the host cannot take now (a locked map) and sends it when it can", async () => {
    const { host, participant } = await renderOpenRound();
    const put = host.apiOf("p-ann").put;
    let locked = true;
    const api = host.apiOf("p-ann");
    api.put = async (...args) => {
      if (locked) throw new HostError(403, { code: "forbidden", message: "the map is locked" });
      return put(...args);
    };
    renderParticipantAgain(participant, api);
    fireEvent.click(screen.getByTestId("brainstorm"));
    typeIdea(within(document.body), "锁定时写的");
    await settle();
    expect(screen.getByTestId("brainstorm-unsent")).toBeTruthy();
    expect(screen.queryByTestId("idea-notices")).toBeNull();
    locked = false;
    await settle(IDEAS_POLL_MS + 10);
    expect([...host.ideas.values()].map((i) => i.text)).toEqual(["锁定时写的"]);
    expect(screen.queryByTestId("brainstorm-unsent")).toBeNull();
  });
});
