// Presence in the UI, on a real presence channel fed by hand: the top bar's avatars and the lead
// toggle, the outline on a card someone else edits, and follow mode on a board scroller (jsdom has
// no layout, so the scroller's size and scroll position are stubbed): following a chosen person,
// tracking their viewport, stopping on a manual scroll or Escape, and a facilitator's lead.
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { EphemeralStore } from "loro-crdt";
import type { ProtocolMessage } from "loro-protocol";
import { MessageType } from "loro-protocol";
import { useRef, useState } from "react";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { initI18n } from "../i18n";
import { BoardPresence } from "./BoardPresence";
import { PresenceContext } from "./context";
import { EditedBy } from "./EditedBy";
import { MapPresence } from "./mapPresence";
import { PresenceBar } from "./PresenceBar";
import { type PresenceState, presenceValue } from "./state";
import { PRESENCE_TIMEOUT_MS, PresenceSync } from "./sync";

beforeAll(() => {
  initI18n("en");
});
afterEach(cleanup);

const ME: PresenceState = {
  name: "Ann",
  color: "#d32f2f",
  role: "facilitator",
  editing: null,
  viewport: null,
  leading: false,
};
const BOB: PresenceState = {
  name: "Bob",
  color: "#1565c0",
  role: "editor",
  editing: null,
  viewport: { x: 1500, y: 900, zoom: 1 },
  leading: false,
};

let sent: ProtocolMessage[] = [];
let bob: EphemeralStore;
let presence: MapPresence;

let lastSaid = 0;
function say(state: PresenceState, key = "bob-id"): void {
  // Ephemeral states are ordered by their millisecond timestamps, taken when a state is set: two
  // set within the same millisecond tie, and the receiver keeps the older one. So each is set in
  // a later millisecond than the last one was set in (read after setting it: on a busy machine
  // the set itself may end a few milliseconds after it started).
  while (Date.now() <= lastSaid) {
    // the next millisecond
  }
  bob.set(key, presenceValue(state));
  lastSaid = Date.now();
  act(() =>
    presence.sync.handle({
      type: MessageType.DocUpdate,
      crdt: "%EPH",
      roomId: "m1",
      updates: [bob.encode(key)],
      batchId: "0x0000000000000003",
    }),
  );
}

const stubbed = new WeakSet<HTMLElement>();
/** A board scroller of 800×400 whose scroll position the test can read and set. */
function stubScroller(el: HTMLElement): void {
  if (stubbed.has(el)) return;
  stubbed.add(el);
  let left = 0;
  let top = 0;
  Object.defineProperties(el, {
    clientWidth: { value: 800 },
    clientHeight: { value: 400 },
    scrollLeft: { get: () => left, set: (v: number) => (left = v) },
    scrollTop: { get: () => top, set: (v: number) => (top = v) },
  });
}

function Board({ editingId = null }: { editingId?: string | null }) {
  const scrollRef = useRef<HTMLElement | null>(null);
  const [zoom, setZoom] = useState(1);
  return (
    <PresenceContext.Provider value={presence}>
      <PresenceBar presence={presence} />
      <section
        data-testid="scroller"
        data-zoom={zoom}
        ref={(el) => {
          if (el) stubScroller(el);
          scrollRef.current = el;
        }}
      />
      <div className="card">
        <EditedBy cardId="card-1" />
      </div>
      <BoardPresence scrollRef={scrollRef} zoom={zoom} setZoom={setZoom} editingId={editingId} />
    </PresenceContext.Provider>
  );
}

beforeEach(() => {
  sent = [];
  bob = new EphemeralStore(PRESENCE_TIMEOUT_MS);
  const sync = new PresenceSync("m1", "ann-id", ME, {
    send: (m) => {
      sent.push(m);
      return true;
    },
    isOpen: () => true,
    token: () => "t",
  });
  sync.join();
  sync.handle({
    type: MessageType.JoinResponseOk,
    crdt: "%EPH",
    roomId: "m1",
    permission: "write",
    version: new Uint8Array(0),
  });
  presence = new MapPresence("m1", sync);
});
afterEach(() => {
  presence.dispose();
  presence.sync.dispose();
  bob.destroy();
});

function scroller(): HTMLElement {
  return screen.getByTestId("scroller");
}

describe("presence UI", () => {
  it("shows avatars only with company, with names, colours and roles", () => {
    render(<Board />);
    expect(screen.queryByTestId("presence-bar")).toBeNull();
    say(BOB);
    const avatars = screen.getAllByTestId("presence-avatar");
    expect(avatars.map((a) => a.dataset.name)).toEqual(["Ann", "Bob"]);
    expect(avatars[1]?.textContent).toContain("B");
    expect(avatars[1]?.dataset.color).toBe("#1565c0");
    expect(avatars[1]?.getAttribute("aria-label")).toContain("Bob · Editor");
    expect(avatars[0]?.getAttribute("aria-label")).toContain("Ann (you) · Facilitator");
    expect(screen.getByTestId("presence-lead")).toBeTruthy();
  });

  it("outlines the card someone else edits, with their name", () => {
    render(<Board />);
    expect(screen.queryByTestId("card-edited-by")).toBeNull();
    say({ ...BOB, editing: "card-1" });
    expect(screen.getByTestId("card-edited-by").textContent).toBe("Bob");
    say({ ...BOB, editing: null });
    expect(screen.queryByTestId("card-edited-by")).toBeNull();
  });

  it("publishes the card being edited and the viewport", () => {
    render(<Board editingId="card-7" />);
    expect(presence.sync.me()).toMatchObject({
      editing: "card-7",
      viewport: { x: 400, y: 200, zoom: 1 },
    });
    expect(sent.some((m) => m.type === MessageType.DocUpdate)).toBe(true);
  });

  it("follows a chosen person's viewport until a manual scroll", async () => {
    render(<Board />);
    say(BOB);
    fireEvent.click(screen.getAllByTestId("presence-avatar")[1] as HTMLElement);
    expect(screen.getByTestId("follow-chip").textContent).toContain("Following Bob");
    expect([scroller().scrollLeft, scroller().scrollTop]).toEqual([1100, 700]);
    say({ ...BOB, viewport: { x: 2000, y: 900, zoom: 1 } });
    expect(scroller().scrollLeft).toBe(1600);

    say({ ...BOB, viewport: { x: 1000, y: 800, zoom: 0.5 } });
    // the zoom renders first and the scroll follows it: a busy machine may take a moment
    await waitFor(() => expect(scroller().dataset.zoom).toBe("0.5"));
    await waitFor(() => expect([scroller().scrollLeft, scroller().scrollTop]).toEqual([100, 200]));

    scroller().scrollTop = 50;
    fireEvent.scroll(scroller());
    expect(screen.queryByTestId("follow-chip")).toBeNull();
    say({ ...BOB, viewport: { x: 3000, y: 900, zoom: 0.5 } });
    expect(scroller().scrollLeft).toBe(100);
  });

  it("stops following on Escape and on the chip's button", () => {
    render(<Board />);
    say(BOB);
    fireEvent.click(screen.getAllByTestId("presence-avatar")[1] as HTMLElement);
    fireEvent.keyDown(window, { key: "Escape" });
    expect(screen.queryByTestId("follow-chip")).toBeNull();
    fireEvent.click(screen.getAllByTestId("presence-avatar")[1] as HTMLElement);
    fireEvent.click(screen.getByTestId("follow-stop"));
    expect(screen.queryByTestId("follow-chip")).toBeNull();
  });

  it("follows a leading facilitator by itself; stop holds until the next lead", () => {
    render(<Board />);
    const lead = { ...BOB, name: "Fay", role: "facilitator" as const, leading: true };
    say(lead, "fay-id");
    expect(screen.getByTestId("follow-chip").textContent).toContain("Following Fay (leading)");
    expect(scroller().scrollLeft).toBe(1100);
    fireEvent.click(screen.getByTestId("follow-stop"));
    say({ ...lead, viewport: { x: 500, y: 500, zoom: 1 } }, "fay-id");
    expect(screen.queryByTestId("follow-chip")).toBeNull();
    say({ ...lead, leading: false }, "fay-id");
    say(lead, "fay-id");
    expect(screen.getByTestId("follow-chip")).toBeTruthy();
  });

  it("the lead toggle publishes leading", () => {
    render(<Board />);
    say(BOB);
    const toggle = screen.getByTestId("presence-lead");
    fireEvent.click(toggle);
    expect(presence.sync.me().leading).toBe(true);
    expect(screen.getByTestId("presence-lead").getAttribute("aria-pressed")).toBe("true");
  });
});
