// The colour offered to someone joining: theirs unless someone on the map already wears it.
import { describe, expect, it } from "vitest";
import { freeColor, PARTICIPANT_COLORS } from "./palette";

const hex = PARTICIPANT_COLORS.map((c) => c.hex);

describe("freeColor", () => {
  it("keeps the preferred colour while nobody wears it", () => {
    expect(freeColor(hex[5] ?? "", [])).toBe(hex[5]);
    expect(freeColor(hex[5] ?? "", [hex[0] ?? ""])).toBe(hex[5]);
  });

  it("takes the next colour nobody wears, wrapping round, whatever the case", () => {
    expect(freeColor(hex[5] ?? "", [(hex[5] ?? "").toUpperCase(), hex[6] ?? ""])).toBe(hex[7]);
    expect(freeColor(hex[7] ?? "", [hex[7] ?? ""])).toBe(hex[0]);
  });

  it("keeps the preferred colour when every colour is worn", () => {
    expect(freeColor(hex[2] ?? "", hex)).toBe(hex[2]);
  });
});
