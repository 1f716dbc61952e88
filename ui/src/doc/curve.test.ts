// Pins the emotion curve geometry: the spline passes through the points, the band closes.
import { describe, expect, it } from "vitest";
import { bandPath, splinePath } from "./curve";

describe("emotion curve", () => {
  it("passes through every point with one cubic segment between neighbours", () => {
    const d = splinePath([
      { x: 50, y: 10 },
      { x: 150, y: 50 },
      { x: 250, y: 20 },
    ]);
    expect(d.startsWith("M50 10")).toBe(true);
    expect(d.match(/C/g)?.length).toBe(2);
    expect(d).toContain(" 150 50 C");
    expect(d.endsWith(" 250 20")).toBe(true);
  });
  it("draws a lone point as a move only, and a closed band", () => {
    expect(splinePath([{ x: 1, y: 2 }])).toBe("M1 2");
    const band = bandPath(
      [
        { x: 0, y: 0 },
        { x: 10, y: 0 },
      ],
      [
        { x: 0, y: 5 },
        { x: 10, y: 5 },
      ],
    );
    expect(band).toMatch(/^M0 0 C.* L10 5 C.* Z$/);
  });
});
