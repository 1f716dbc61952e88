// Turns a chosen file into a persona picture the host will store: decodes it in the browser
// (turned upright by its EXIF orientation), keeps it as it is when it is already small enough,
// and otherwise scales it down on a canvas and encodes it by the rules of pictureDownscale.ts.
// A file the browser cannot decode (HEIC, a damaged file, not an image) is reported, not sent.
import type { PictureProblem } from "../../api/picture";
import {
  type EncodedType,
  encodeAttempts,
  fitsLimit,
  fitWithin,
  halvingSteps,
  hasTransparency,
  keptType,
  MAX_PICTURE_SIDE,
  type Size,
} from "./pictureDownscale";

/** Why a chosen file cannot become the persona picture. */
export type ImportProblem = PictureProblem | "unreadable";

export type Prepared =
  | { ok: true; file: Blob; contentType: string; size: Size; reduced: boolean }
  | { ok: false; problem: ImportProblem };

type Source = ImageBitmap | HTMLImageElement;

interface Decoded {
  image: Source;
  size: Size;
  release: () => void;
}

/**
 * Decodes with createImageBitmap, upright by the EXIF orientation. Engines without that function,
 * or older WebKit that refuses the "from-image" option, decode through an image element instead,
 * which also turns the picture upright; a file neither can decode throws.
 */
async function decode(file: Blob): Promise<Decoded> {
  if (typeof createImageBitmap === "function") {
    try {
      const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
      return {
        image: bitmap,
        size: { width: bitmap.width, height: bitmap.height },
        release: () => bitmap.close(),
      };
    } catch {
      // Tried once more below, where the reason does not matter.
    }
  }
  return decodeWithElement(file);
}

async function decodeWithElement(file: Blob): Promise<Decoded> {
  const url = URL.createObjectURL(file);
  const img = new Image();
  img.src = url;
  try {
    await img.decode();
  } catch (e) {
    URL.revokeObjectURL(url);
    throw e;
  }
  return {
    image: img,
    size: { width: img.naturalWidth, height: img.naturalHeight },
    release: () => URL.revokeObjectURL(url),
  };
}

function canvasOf(size: Size): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D } {
  const canvas = document.createElement("canvas");
  canvas.width = size.width;
  canvas.height = size.height;
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("no 2D canvas");
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = "high";
  return { canvas, ctx };
}

/** The picture drawn at `size`, through canvases that each at most halve it. */
function scaled(source: Source, from: Size, size: Size): HTMLCanvasElement {
  let current: CanvasImageSource = source;
  let canvas: HTMLCanvasElement | null = null;
  for (const step of halvingSteps(from, size)) {
    const next = canvasOf(step);
    next.ctx.drawImage(current, 0, 0, step.width, step.height);
    if (canvas) canvas.width = 0;
    canvas = next.canvas;
    current = canvas;
  }
  if (!canvas) throw new Error("no scaling step");
  return canvas;
}

/** `picture` laid on white, for JPEG, which has no transparency (it would otherwise turn black). */
function onWhite(picture: HTMLCanvasElement): HTMLCanvasElement {
  const { canvas, ctx } = canvasOf({ width: picture.width, height: picture.height });
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(picture, 0, 0);
  return canvas;
}

function encode(canvas: HTMLCanvasElement, type: EncodedType, quality?: number): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (blob) => {
        // An engine that cannot write `type` falls back to PNG; that is not what was asked for.
        if (blob && blob.type === type) resolve(blob);
        else reject(new Error(`cannot encode ${type}`));
      },
      type,
      quality,
    );
  });
}

async function jpeg(canvas: HTMLCanvasElement, quality?: number): Promise<Blob> {
  const white = onWhite(canvas);
  try {
    return await encode(white, "image/jpeg", quality);
  } finally {
    white.width = 0;
  }
}

function transparent(canvas: HTMLCanvasElement, sourceType: string): boolean {
  if (sourceType === "image/jpeg") return false;
  const ctx = canvas.getContext("2d");
  if (!ctx) return false;
  return hasTransparency(ctx.getImageData(0, 0, canvas.width, canvas.height).data);
}

/** Scales and encodes until the result fits the byte limit. */
async function reduce(decoded: Decoded, sourceType: string): Promise<Prepared> {
  const target = fitWithin(decoded.size, MAX_PICTURE_SIDE);
  const canvases = new Map<number, HTMLCanvasElement>();
  const at = (side: number): HTMLCanvasElement => {
    let canvas = canvases.get(side);
    if (!canvas) {
      canvas = scaled(decoded.image, decoded.size, fitWithin(target, side));
      canvases.set(side, canvas);
    }
    return canvas;
  };
  try {
    const longest = Math.max(target.width, target.height);
    for (const attempt of encodeAttempts(longest, transparent(at(longest), sourceType))) {
      const canvas = at(attempt.side);
      const blob =
        attempt.type === "image/png"
          ? await encode(canvas, "image/png")
          : await jpeg(canvas, attempt.quality);
      if (fitsLimit(blob.size)) {
        const size = { width: canvas.width, height: canvas.height };
        return { ok: true, file: blob, contentType: attempt.type, size, reduced: true };
      }
    }
    return { ok: false, problem: "size" };
  } finally {
    // Zero-sized canvases give their pixel memory back at once.
    for (const canvas of canvases.values()) canvas.width = 0;
  }
}

/** The picture to upload for `file`, or why there is none. */
export async function preparePicture(file: File): Promise<Prepared> {
  if (file.size === 0) return { ok: false, problem: "empty" };
  let decoded: Decoded;
  try {
    decoded = await decode(file);
  } catch {
    return { ok: false, problem: "unreadable" };
  }
  try {
    const { size } = decoded;
    if (size.width === 0 || size.height === 0) return { ok: false, problem: "unreadable" };
    const kept = keptType(file, size);
    if (kept) return { ok: true, file, contentType: kept, size, reduced: false };
    return await reduce(decoded, file.type.toLowerCase());
  } catch {
    // A picture too large for a canvas in this engine cannot be scaled here either.
    return { ok: false, problem: "unreadable" };
  } finally {
    decoded.release();
  }
}
