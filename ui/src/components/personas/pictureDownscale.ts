// The rules for making a chosen persona picture small enough to store. Phone photos are 4–12 MB
// (4000 × 3000 px and more) while the host keeps at most MAX_PICTURE_BYTES, and a persona picture
// is only ever shown as a small avatar. These pure functions decide whether a file is kept as it
// is, the size it is scaled to, the steps of that scaling and the encodings tried in turn;
// preparePicture.ts carries them out with a canvas.
import { checkPicture, MAX_PICTURE_BYTES } from "../../api/picture";

/**
 * Longest side of a stored persona picture, in pixels: far sharper than the largest avatar (56 px)
 * on a high-density screen and room for a larger view, while a photo at this size is typically a
 * 100–300 KB JPEG.
 */
export const MAX_PICTURE_SIDE = 1024;

/** The scaled picture is never made smaller than this on its longest side to fit the byte limit. */
export const MIN_PICTURE_SIDE = 256;

/** JPEG qualities tried in turn until the picture fits the byte limit. */
export const JPEG_QUALITIES: readonly number[] = [0.85, 0.75, 0.65, 0.55, 0.45];

/** Each further size tried, if no quality fits, is this fraction of the one before. */
const SIDE_STEP = 0.75;

export interface Size {
  width: number;
  height: number;
}

export type EncodedType = "image/jpeg" | "image/png";

/** One way to encode the scaled picture: a type, a JPEG quality and the longest side. */
export interface Attempt {
  type: EncodedType;
  /** Only for JPEG. */
  quality?: number;
  side: number;
}

/** `size` scaled so its longest side is at most `maxSide`, proportions kept, never enlarged. */
export function fitWithin(size: Size, maxSide: number): Size {
  const longest = Math.max(size.width, size.height);
  if (longest <= maxSide) return { width: size.width, height: size.height };
  const scale = maxSide / longest;
  return {
    width: Math.max(1, Math.round(size.width * scale)),
    height: Math.max(1, Math.round(size.height * scale)),
  };
}

/**
 * The content type to store a decoded file under unchanged, or null when it must be converted: it
 * is kept when it is an accepted type, within the byte limit and no larger than MAX_PICTURE_SIDE,
 * which spares a small picture a second lossy encoding.
 */
export function keptType(
  file: { type: string; size: number; name?: string },
  size: Size,
): string | null {
  const check = checkPicture(file);
  if (!check.ok || Math.max(size.width, size.height) > MAX_PICTURE_SIDE) return null;
  return check.contentType;
}

/**
 * The canvas sizes from `from` down to `to`, ending with `to`. Each step at most halves the
 * picture: one big jump lets the browser skip source pixels, which makes photos grainy.
 */
export function halvingSteps(from: Size, to: Size): Size[] {
  const steps: Size[] = [];
  let current = from;
  while (current.width / 2 >= to.width && current.height / 2 >= to.height) {
    current = { width: Math.round(current.width / 2), height: Math.round(current.height / 2) };
    if (current.width === to.width && current.height === to.height) break;
    steps.push(current);
  }
  steps.push(to);
  return steps;
}

/**
 * The encodings to try, in order, for a picture whose longest side is `longest` once scaled: a
 * picture with transparency first as PNG (it keeps the transparency), then JPEG at falling
 * qualities, then the same at smaller sizes down to MIN_PICTURE_SIDE.
 */
export function encodeAttempts(longest: number, transparent: boolean): Attempt[] {
  const attempts: Attempt[] = [];
  if (transparent) attempts.push({ type: "image/png", side: longest });
  let side = longest;
  for (;;) {
    for (const quality of JPEG_QUALITIES) attempts.push({ type: "image/jpeg", quality, side });
    const next = Math.round(side * SIDE_STEP);
    if (next < MIN_PICTURE_SIDE) break;
    side = next;
  }
  return attempts;
}

/** Whether an encoded picture of this many bytes may be stored. */
export function fitsLimit(bytes: number): boolean {
  return bytes > 0 && bytes <= MAX_PICTURE_BYTES;
}

/** Whether any pixel of RGBA `data` is not fully opaque. */
export function hasTransparency(data: ArrayLike<number>): boolean {
  for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 255) < 255) return true;
  return false;
}
