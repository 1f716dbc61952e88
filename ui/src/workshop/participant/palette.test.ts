// The join page's colours: the host's palette (generated), found again from a remembered colour
// whatever its case, and nothing else taken for one of them.
import { describe, expect, it } from "vitest";
import { PARTICIPANT_COLORS, paletteColor } from "./palette";

describe("paletteColor", () => {
  it("finds a palette colour whatever its case", () => {
    expect(paletteColor("#7B5EA7")?.id).toBe("purple");
    expect(paletteColor("#d32f2f")?.id).toBe("red");
  });

  it("takes nothing else for a palette colour", () => {
    expect(paletteColor("")).toBeNull();
    expect(paletteColor("#123456")).toBeNull();
    expect(paletteColor("purple")).toBeNull();
  });

  it("names eight distinct colours", () => {
    expect(new Set(PARTICIPANT_COLORS.map((c) => c.id)).size).toBe(8);
    expect(new Set(PARTICIPANT_COLORS.map((c) => c.hex)).size).toBe(8);
  });
});
