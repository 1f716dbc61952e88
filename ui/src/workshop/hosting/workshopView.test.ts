// Pins what the hosting panel shows for a status and an open map, and how people are counted and
// ordered.
import { describe, expect, it } from "vitest";
import { person, workshopStatus } from "../../../test/workshop/hosting/status";
import {
  onlineCount,
  PILL_TITLE_CHARS,
  panelMode,
  pillTitle,
  sortParticipants,
} from "./workshopView";

describe("panelMode", () => {
  it("offers to start only with a map open", () => {
    expect(panelMode(null, "m1")).toBe("start");
    expect(panelMode(null, null)).toBe("noMap");
  });

  it("shows the running workshop, and says so when another map is open", () => {
    expect(panelMode(workshopStatus(), "m1")).toBe("running");
    expect(panelMode(workshopStatus(), null)).toBe("running");
    expect(panelMode(workshopStatus(), "m2")).toBe("elsewhere");
  });
});

describe("participants", () => {
  const list = [
    person("gone", { revoked: true, online: true, joined_at: 1 }),
    person("late", { online: false, joined_at: 5 }),
    person("b", { joined_at: 3 }),
    person("a", { joined_at: 2 }),
  ];

  it("counts people online, not removed ones whose socket lingers", () => {
    expect(onlineCount(workshopStatus({ participants: list }))).toBe(2);
    expect(onlineCount(null)).toBe(0);
  });

  it("lists online people first, then offline, then removed, each by joining time", () => {
    expect(sortParticipants(list).map((p) => p.id)).toEqual(["a", "b", "late", "gone"]);
  });
});

describe("pillTitle", () => {
  it("shortens a long map title for the top bar by whole characters", () => {
    expect(pillTitle("Checkout")).toBe("Checkout");
    expect(pillTitle("客户生命周期旅程：线上与门店会员复购")).toBe("客户生命周期旅程：线上与门店…");
    expect(pillTitle("Onboarding for new enterprise teams")).toBe("Onboarding for…");
    // a flag and an accented letter stay whole at the cut
    const flags = "🇨🇳🇹🇼".repeat(8);
    expect(Array.from(pillTitle(flags).replace("…", "")).length).toBe(PILL_TITLE_CHARS * 2);
  });
});
