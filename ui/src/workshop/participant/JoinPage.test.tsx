// The join page starts someone on the colour the host suggests for their browser (asked with their
// participant id), and on the colour they picked before when this browser remembers one.
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initI18n } from "../../i18n";
import { colorFor } from "../../presence/identity";
import type { Invitation } from "../../wire/Invitation";
import type { ParticipantApi } from "./api";
import { JoinPage } from "./JoinPage";
import { PARTICIPANT_COLORS } from "./palette";
import { loadIdentity, saveIdentity } from "./storage";

initI18n("zh-CN");
beforeEach(() => localStorage.clear());
afterEach(cleanup);

function fakeApi(asked: string[], suggested = "#2e7d32"): ParticipantApi {
  const invitation: Invitation = {
    invite: "i".repeat(32),
    map_title: "结账旅程",
    colors_in_use: ["#d32f2f"],
    suggested_color: suggested,
  };
  return {
    openInvitation: async (_invite: string, participantId: string) => {
      asked.push(participantId);
      return invitation;
    },
  } as unknown as ParticipantApi;
}

function page(api: ParticipantApi) {
  return (
    <JoinPage
      api={api}
      invite={"i".repeat(32)}
      code=""
      language="zh-CN"
      onLanguage={() => {}}
      onJoined={() => {}}
    />
  );
}

const checked = (id: string) =>
  (screen.getByTestId(`participant-color-${id}`) as HTMLInputElement).checked;

describe("JoinPage colour", () => {
  it("starts on the host's suggestion, asked for with this browser's participant id", async () => {
    const asked: string[] = [];
    // A suggestion other than the colour drawn from the id, shown until the invitation arrives.
    const drawn = colorFor(loadIdentity().participantId);
    const other = PARTICIPANT_COLORS.find((c) => c.hex !== drawn && c.id !== "red");
    render(page(fakeApi(asked, other?.hex)));
    await screen.findByText(/结账旅程/);
    await waitFor(() => expect(checked(other?.id ?? "")).toBe(true));
    expect(screen.getByTestId("participant-color-red").getAttribute("data-taken")).toBe("true");
    expect(asked).toEqual([loadIdentity().participantId]);
  });

  it("keeps the colour this browser's person picked before", async () => {
    saveIdentity({ ...loadIdentity(), name: "林怡君", color: "#7B5EA7" });
    render(page(fakeApi([])));
    await screen.findByText(/结账旅程/);
    expect(checked("purple")).toBe(true);
    expect((screen.getByTestId("join-name") as HTMLInputElement).value).toBe("林怡君");
  });
});
