// Code-point ranges written compactly: what the build works out from the font slicing
// (vite.config.ts `sliceCoverage`) reaches the page as a short string instead of thousands of
// numbers, and is read back in one pass (fonts/sliceCoverage.ts).
import type { CodeRange } from "./placeholderFont";

/**
 * Sorted, disjoint ranges as base-36 numbers joined by commas: the first start, then each range's
 * length less one and the gap from the previous range's end to the next start.
 */
export function encodeRanges(ranges: readonly CodeRange[]): string {
  const out: string[] = [];
  let last = 0;
  for (const [start, end] of ranges) {
    out.push((start - last).toString(36), (end - start).toString(36));
    last = end;
  }
  return out.join(",");
}

/** The ranges of `encodeRanges`, as start and end pairs one after the other. */
export function decodeRanges(coded: string): Int32Array {
  if (coded === "") return new Int32Array(0);
  const parts = coded.split(",");
  const out = new Int32Array(parts.length);
  let last = 0;
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const start = last + Number.parseInt(parts[i] ?? "0", 36);
    const end = start + Number.parseInt(parts[i + 1] ?? "0", 36);
    out[i] = start;
    out[i + 1] = end;
    last = end;
  }
  return out;
}
