// Tests the rules that decide how a chosen persona picture is made small enough to store.
import { describe, expect, it } from "vitest";
import { MAX_PICTURE_BYTES } from "../../api/picture";
import {
  encodeAttempts,
  fitsLimit,
  fitWithin,
  halvingSteps,
  hasTransparency,
  JPEG_QUALITIES,
  keptType,
  MAX_PICTURE_SIDE,
  MIN_PICTURE_SIDE,
} from "./pictureDownscale";

describe("fitWithin", () => {
  it("scales the longest side down to the limit and keeps the proportions", () => {
    expect(fitWithin({ width: 4000, height: 3000 }, 1024)).toEqual({ width: 1024, height: 768 });
    expect(fitWithin({ width: 3000, height: 4000 }, 1024)).toEqual({ width: 768, height: 1024 });
    expect(fitWithin({ width: 4032, height: 3024 }, 1024)).toEqual({ width: 1024, height: 768 });
    expect(fitWithin({ width: 1170, height: 2532 }, 1024)).toEqual({ width: 473, height: 1024 });
  });
  it("never enlarges and never reaches zero", () => {
    expect(fitWithin({ width: 640, height: 480 }, 1024)).toEqual({ width: 640, height: 480 });
    expect(fitWithin({ width: 1024, height: 1024 }, 1024)).toEqual({ width: 1024, height: 1024 });
    expect(fitWithin({ width: 20000, height: 3 }, 1024)).toEqual({ width: 1024, height: 1 });
  });
});

describe("keptType", () => {
  const small = { width: 800, height: 600 };
  it("keeps a small accepted picture as it is", () => {
    expect(keptType({ type: "image/jpeg", size: 300_000 }, small)).toBe("image/jpeg");
    expect(keptType({ type: "image/png", size: MAX_PICTURE_BYTES }, small)).toBe("image/png");
    expect(keptType({ type: "", size: 10, name: "me.webp" }, small)).toBe("image/webp");
    expect(keptType({ type: "image/png", size: 10 }, { width: MAX_PICTURE_SIDE, height: 10 })).toBe(
      "image/png",
    );
  });
  it("converts a file over the byte limit, too many pixels or another type", () => {
    expect(keptType({ type: "image/jpeg", size: MAX_PICTURE_BYTES + 1 }, small)).toBeNull();
    expect(
      keptType({ type: "image/jpeg", size: 900_000 }, { width: 4000, height: 3000 }),
    ).toBeNull();
    expect(keptType({ type: "image/gif", size: 10 }, small)).toBeNull();
    expect(keptType({ type: "image/bmp", size: 10 }, small)).toBeNull();
  });
});

describe("halvingSteps", () => {
  it("at most halves the picture at each step and ends at the target", () => {
    expect(halvingSteps({ width: 4000, height: 3000 }, { width: 1024, height: 768 })).toEqual([
      { width: 2000, height: 1500 },
      { width: 1024, height: 768 },
    ]);
    expect(halvingSteps({ width: 8000, height: 6000 }, { width: 1024, height: 768 })).toEqual([
      { width: 4000, height: 3000 },
      { width: 2000, height: 1500 },
      { width: 1024, height: 768 },
    ]);
  });
  it("goes in one step when the target is at least half the size", () => {
    expect(halvingSteps({ width: 1600, height: 1200 }, { width: 1024, height: 768 })).toEqual([
      { width: 1024, height: 768 },
    ]);
    expect(halvingSteps({ width: 2048, height: 1536 }, { width: 1024, height: 768 })).toEqual([
      { width: 1024, height: 768 },
    ]);
  });
});

describe("encodeAttempts", () => {
  it("tries JPEG at falling qualities, then at smaller sizes down to the minimum", () => {
    const attempts = encodeAttempts(1024, false);
    expect(attempts.every((a) => a.type === "image/jpeg")).toBe(true);
    expect(attempts.slice(0, JPEG_QUALITIES.length)).toEqual(
      JPEG_QUALITIES.map((quality) => ({ type: "image/jpeg", quality, side: 1024 })),
    );
    expect(JPEG_QUALITIES[0]).toBe(0.85);
    const sides = [...new Set(attempts.map((a) => a.side))];
    expect(sides).toEqual([1024, 768, 576, 432, 324]);
    expect(Math.min(...sides)).toBeGreaterThanOrEqual(MIN_PICTURE_SIDE);
  });
  it("tries PNG first for a picture with transparency", () => {
    const attempts = encodeAttempts(800, true);
    expect(attempts[0]).toEqual({ type: "image/png", side: 800 });
    expect(attempts[1]).toEqual({ type: "image/jpeg", quality: 0.85, side: 800 });
    expect(attempts.filter((a) => a.type === "image/png")).toHaveLength(1);
  });
  it("still has one size to try for a picture already below the minimum", () => {
    expect(encodeAttempts(100, false).map((a) => a.side)).toEqual(JPEG_QUALITIES.map(() => 100));
  });
});

describe("fitsLimit", () => {
  it("accepts up to the host's limit", () => {
    expect(fitsLimit(MAX_PICTURE_BYTES)).toBe(true);
    expect(fitsLimit(MAX_PICTURE_BYTES + 1)).toBe(false);
    expect(fitsLimit(0)).toBe(false);
  });
});

describe("hasTransparency", () => {
  it("finds a pixel that is not fully opaque", () => {
    expect(hasTransparency(new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 255]))).toBe(false);
    expect(hasTransparency(new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 128]))).toBe(true);
    expect(hasTransparency(new Uint8ClampedArray([]))).toBe(false);
  });
});
