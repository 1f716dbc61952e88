// The hosting panel against a fake host: starting on a typed address (127.0.0.1 refused with a
// reason), the invitation shown, role change, removal and lock through the panel, ending with a
// confirmation, and the notice when another map is being workshopped.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { changes, fakeHost } from "../../../test/workshop/hosting/fakeHost";
import { person, workshopStatus } from "../../../test/workshop/hosting/status";
import { WorkshopApi } from "../../api/workshop";
import { initI18n } from "../../i18n";
import type { MapPresence } from "../../presence/mapPresence";
import type { PeerFace } from "../../presence/state";
import { HostingControls } from "./HostingControls";

const api = new WorkshopApi({ base: "http://127.0.0.1:9", token: "launch" });

beforeEach(() => initI18n("en"));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The radio button of the interface choice that shows `el`. */
/** Controls are disabled while the previous change is still with the host; a click then does nothing. */
async function clickWhenEnabled(el: HTMLElement): Promise<void> {
  await waitFor(() => expect((el as HTMLButtonElement).disabled).toBe(false));
  fireEvent.click(el);
}

function radioOf(el: HTMLElement): HTMLInputElement {
  const input = el.closest("label")?.querySelector("input");
  if (!input) throw new Error("no radio button");
  return input;
}

async function openPanel() {
  fireEvent.click(await screen.findByTestId("hosting-open"));
  return screen.getByTestId("hosting-panel");
}

/** The open map's presence, showing `faces` (changed by the test, then `changed()`). */
function fakePresence(faces: { others: readonly PeerFace[] }) {
  const listeners = new Set<() => void>();
  const presence = {
    sync: {
      subscribeFaces: (fn: () => void) => {
        listeners.add(fn);
        return () => listeners.delete(fn);
      },
      others: () => faces.others,
    },
  } as unknown as MapPresence;
  const changed = () =>
    act(() => {
      for (const fn of listeners) fn();
    });
  return { presence, changed };
}

const WANG: PeerFace = {
  key: "p1",
  name: "王小明",
  color: "#2f6fde",
  role: "editor",
  editing: null,
  leading: false,
};

describe("HostingControls", () => {
  it("starts on a typed address after refusing this computer's, then shows the invitation", async () => {
    const host = fakeHost();
    render(<HostingControls api={api} mapId="m1" mapTitle="Checkout" presence={null} />);
    const panel = await openPanel();
    expect(panel.dataset.mode).toBe("start");
    // the loopback interface is listed but cannot be picked
    const lo = await within(panel).findByText("127.0.0.1");
    expect(radioOf(lo).disabled).toBe(true);
    fireEvent.click(
      within(panel).getByTestId("hosting-interface-other").querySelector("input") as Element,
    );
    fireEvent.change(screen.getByTestId("hosting-other-address"), {
      target: { value: "127.0.0.1" },
    });
    fireEvent.click(screen.getByTestId("hosting-submit"));
    expect(screen.getByTestId("hosting-address-problem").textContent).toContain(
      "only this computer",
    );
    expect(changes(host)).toEqual([]);

    fireEvent.change(screen.getByTestId("hosting-other-address"), {
      target: { value: "127.0.0.2" },
    });
    fireEvent.change(within(panel).getByRole("combobox"), { target: { value: "viewer" } });
    fireEvent.click(screen.getByTestId("hosting-submit"));
    await screen.findByTestId("hosting-running");
    expect(host.requests.find((r) => r.method === "POST")?.body).toEqual({
      map_id: "m1",
      address: "127.0.0.2",
      default_role: "viewer",
    });
    expect(screen.getByTestId("hosting-code").textContent).toBe("ABC-DEF");
    expect((screen.getByTestId("hosting-join-url") as HTMLInputElement).value).toBe(
      "http://127.0.0.2:4820/#invite=abc",
    );
    const qr = screen.getByTestId("hosting-qr") as HTMLImageElement;
    expect(qr.src.startsWith("data:image/svg+xml")).toBe(true);
    expect(qr.alt).toContain("QR code");
    // the top bar now shows the workshop's status instead of the Host button
    expect(screen.getByTestId("workshop-status").textContent).toContain("Workshop · 0 online");
  });

  it("changes a role, removes someone after confirming, locks, and ends after confirming", async () => {
    const host = fakeHost(
      workshopStatus({
        participants: [person("p-alice", { name: "Alice" }), person("p-bo", { name: "Bo" })],
      }),
    );
    render(<HostingControls api={api} mapId="m1" mapTitle="Checkout" presence={null} />);
    fireEvent.click(await screen.findByTestId("workshop-status"));
    expect(screen.getByTestId("workshop-status").textContent).toContain("2 online");
    const rows = await screen.findAllByTestId("hosting-participant");
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining("Aliceonline"),
      expect.stringContaining("Boonline"),
    ]);

    const alice = rows[0] as HTMLElement;
    fireEvent.change(within(alice).getByTestId("hosting-participant-role"), {
      target: { value: "viewer" },
    });
    await waitFor(() => expect(host.status?.participants[0]?.role).toBe("viewer"));
    await waitFor(() =>
      expect(
        (within(alice).getByTestId("hosting-participant-role") as HTMLSelectElement).value,
      ).toBe("viewer"),
    );

    await clickWhenEnabled(within(alice).getByTestId("hosting-revoke"));
    expect(screen.getByTestId("confirm-dialog").textContent).toContain("Remove Alice");
    fireEvent.click(screen.getByTestId("confirm-ok"));
    await waitFor(() =>
      expect(screen.getAllByTestId("hosting-participant").at(-1)?.textContent).toContain(
        "Aliceremoved",
      ),
    );

    await clickWhenEnabled(screen.getByTestId("hosting-lock"));
    await waitFor(() =>
      expect((screen.getByTestId("hosting-lock") as HTMLInputElement).checked).toBe(true),
    );

    // Two ideas still hidden in a brainstorm: the confirmation says so before anything ends.
    host.ideasWaiting = 2;
    await clickWhenEnabled(screen.getByTestId("hosting-end"));
    const confirm = await screen.findByTestId("confirm-dialog");
    expect(confirm.textContent).toContain("read-only copy");
    expect(confirm.textContent).toContain(
      "2 brainstorm ideas have not been revealed: reveal them first",
    );
    fireEvent.click(screen.getByTestId("confirm-ok"));
    await waitFor(() => expect(screen.getByTestId("hosting-panel").dataset.mode).toBe("start"));
    expect(screen.queryByTestId("workshop-status")).toBeNull();
    expect(changes(host)).toEqual([
      "PUT /api/workshop/participants/p-alice/role",
      "POST /api/workshop/participants/p-alice/revoke",
      "PATCH /api/workshop",
      "DELETE /api/workshop",
    ]);
    expect(host.requests.find((r) => r.method === "PATCH")?.body).toEqual({ locked: true });
  });

  it("asks the host again as soon as someone comes onto the open map, not at the next slow poll", async () => {
    const host = fakeHost(workshopStatus({ participants: [] }));
    const faces: { others: readonly PeerFace[] } = { others: [] };
    const { presence, changed } = fakePresence(faces);
    render(<HostingControls api={api} mapId="m1" mapTitle="Checkout" presence={presence} />);
    expect((await screen.findByTestId("workshop-status")).textContent).toContain("0 online");
    const polls = () => host.requests.filter((r) => r.method === "GET").length;
    const before = polls();
    // 王小明 joins: the host counts them, and their face appears on the map
    host.status = workshopStatus({ participants: [person("p1", { name: "王小明" })] });
    faces.others = [WANG];
    changed();
    await waitFor(() =>
      expect(screen.getByTestId("workshop-status").textContent).toContain("1 online"),
    );
    expect(polls()).toBe(before + 1);
  });

  it("says the workshop is not reachable, not who was online, once the host stops answering", async () => {
    fakeHost(workshopStatus({ participants: [person("p1", { name: "王小明", online: true })] }));
    const faces: { others: readonly PeerFace[] } = { others: [WANG] };
    const { presence, changed } = fakePresence(faces);
    render(<HostingControls api={api} mapId="m1" mapTitle="Checkout" presence={presence} />);
    const pill = await screen.findByTestId("workshop-status");
    expect(pill.textContent).toContain("1 online");
    // The host process is gone: its faces leave the map, and the next poll gets no answer.
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("Failed to fetch");
      }),
    );
    faces.others = [];
    changed();
    await waitFor(() => expect(pill.dataset.state).toBe("unreachable"));
    expect(pill.textContent).toBe("Workshop · not reachable");
  });

  it("names the map being workshopped when another one is open, and offers to end it", async () => {
    fakeHost(workshopStatus({ map_title: "网店客户旅程" }));
    render(<HostingControls api={api} mapId="m2" mapTitle="Other" presence={null} />);
    // the top bar says which map the room is on, since the board shows another one
    expect((await screen.findByTestId("workshop-status")).textContent).toBe(
      "Workshop on “网店客户旅程” · 0 online",
    );
    fireEvent.click(await screen.findByTestId("workshop-status"));
    const notice = await screen.findByTestId("hosting-elsewhere");
    expect(notice.textContent).toContain("“网店客户旅程”");
    expect(within(notice).getByRole("button").textContent).toBe("End that workshop");
  });

  it("explains an address the host cannot listen on and offers to move, keeping the map", async () => {
    const host = fakeHost(
      workshopStatus({ listening: false, listen_error: "address not available (os error 99)" }),
    );
    render(<HostingControls api={api} mapId="m1" mapTitle="Checkout" presence={null} />);
    expect((await screen.findByTestId("workshop-status")).dataset.state).toBe("unreachable");
    fireEvent.click(screen.getByTestId("workshop-status"));
    expect((await screen.findByTestId("hosting-unreachable")).textContent).toContain("os error 99");
    // the form preselects the address in use as typed; pick the Wi-Fi instead
    const wifi = await screen.findByText("192.168.1.20");
    fireEvent.click(radioOf(wifi));
    fireEvent.click(screen.getByTestId("hosting-submit"));
    await waitFor(() => expect(changes(host)).toEqual(["POST /api/workshop"]));
    expect(host.requests.at(-1)?.body).toEqual({
      map_id: "m1",
      address: "192.168.1.20",
      default_role: "editor",
    });
  });
});
