// The facilitator's list of participants: the heading counts those present and, apart, those
// removed; two people under one name are told apart by when they joined.
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { person } from "../../../test/workshop/hosting/status";
import { initI18n } from "../../i18n";
import { ParticipantList } from "./ParticipantList";

beforeEach(() => initI18n("en"));
afterEach(cleanup);

const noop = () => undefined;

describe("ParticipantList", () => {
  it("counts the removed apart and tells two people of one name apart", () => {
    const nine = new Date(2026, 11, 5, 9, 5).getTime();
    const ten = new Date(2026, 11, 5, 10, 40).getTime();
    render(
      <ParticipantList
        participants={[
          person("a1", { name: "王小明 Amy", joined_at: nine, online: false }),
          person("a2", { name: "王小明 Amy", joined_at: ten }),
          person("b1", { name: "陳大文 Ben", revoked: true, online: false }),
        ]}
        busy={false}
        onRole={noop}
        onRevoke={noop}
      />,
    );
    expect(screen.getByRole("heading").textContent).toBe("Participants (2, 1 removed)");
    const joined = screen.getAllByTestId("hosting-participant-joined").map((e) => e.textContent);
    expect(joined).toEqual([" joined 10:40 AM", " joined 9:05 AM"]);
  });
});
