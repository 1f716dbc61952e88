import coverage from "virtual:slice-coverage";
import { describe, expect, it } from "vitest";
import { mergeRanges, parseUnicodeRange } from "./placeholderFont";
import { decodeRanges, encodeRanges } from "./rangeCoding";
import { SLICED_FACES } from "./shippedFonts";
import { isSlicedFamily, sliceHolds } from "./sliceCoverage";

const pairs = (flat: Int32Array) =>
  Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i], flat[2 * i + 1]]);

describe("code-point ranges written compactly", () => {
  it("read back as they were written", () => {
    const ranges = [
      [0x20, 0x7e],
      [0x4e00, 0x4e00],
      [0x4e02, 0x9fff],
      [0x20000, 0x2a6df],
    ] as const;
    const coded = encodeRanges(ranges);
    expect(coded.length).toBeLessThan(40);
    expect(pairs(decodeRanges(coded))).toEqual(ranges.map((r) => [...r]));
    expect(decodeRanges(encodeRanges([])).length).toBe(0);
  });

  it("hold what the slicing says each family's slices hold, and nothing else", () => {
    for (const face of SLICED_FACES) {
      const ranges = mergeRanges(face.slices.flatMap((slice) => parseUnicodeRange(slice)));
      expect(pairs(decodeRanges(coverage[face.family] ?? ""))).toEqual(ranges.map((r) => [...r]));
      expect(isSlicedFamily(face.family)).toBe(true);
      const [start, end] = ranges[0] ?? [0, 0];
      expect(sliceHolds(face.family, start)).toBe(true);
      expect(sliceHolds(face.family, end)).toBe(true);
      expect(sliceHolds(face.family, start - 1)).toBe(
        ranges.some(([s, e]) => start - 1 >= s && start - 1 <= e),
      );
    }
    expect(isSlicedFamily("Wayline Noto Sans SC")).toBe(false);
    expect(sliceHolds("Noto Sans SC", "客".codePointAt(0) ?? 0)).toBe(true);
    expect(sliceHolds("Noto Sans TC", "旅".codePointAt(0) ?? 0)).toBe(false);
    expect(sliceHolds("Noto Emoji", "⏱".codePointAt(0) ?? 0)).toBe(true);
  });
});
