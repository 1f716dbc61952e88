// Which characters each sliced family (fonts/shippedFonts.ts) holds, for choosing the family a
// character is drawn with before the page lays it out (fonts/preloadGlyphs.ts). The build works
// the ranges out from the slicing (vite.config.ts `sliceCoverage`, from the same
// assets/fonts/web-slices.json the faces are declared from): parsing the slices' 100 KB of
// `unicode-range`s in the page took ~30 ms of a first visit's start.
import coverage from "virtual:slice-coverage";
import { decodeRanges } from "./rangeCoding";

const decoded = new Map<string, Int32Array>();

/** Whether `family` is one of the sliced families. */
export function isSlicedFamily(family: string): boolean {
  return Object.hasOwn(coverage, family);
}

/** Whether `family`'s slices hold the character `code`. */
export function sliceHolds(family: string, code: number): boolean {
  let ranges = decoded.get(family);
  if (!ranges) {
    const coded = coverage[family];
    if (coded === undefined) return false;
    ranges = decodeRanges(coded);
    decoded.set(family, ranges);
  }
  let lo = 0;
  let hi = (ranges.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (code < (ranges[2 * mid] ?? 0)) hi = mid - 1;
    else if (code > (ranges[2 * mid + 1] ?? 0)) lo = mid + 1;
    else return true;
  }
  return false;
}
