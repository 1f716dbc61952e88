// The persona picture rule, checked in the UI before uploading so people get a clear message
// instead of a host refusal: PNG, JPEG or WebP, not empty, at most 2 MB.
import { MAX_PICTURE_BYTES } from "../wire/limits";

export const PICTURE_TYPES: readonly string[] = ["image/png", "image/jpeg", "image/webp"];
/** The host's limit (crates/store personas.rs, generated into wire/limits.ts). */
export { MAX_PICTURE_BYTES };

export type PictureProblem = "type" | "size" | "empty";

export type PictureCheck =
  | { ok: true; contentType: string }
  | { ok: false; problem: PictureProblem };

const BY_EXTENSION: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
};

/** The image type of a chosen file: its MIME type, or (when the system gives none) its extension. */
function typeOf(file: { type: string; name?: string }): string {
  if (file.type) return file.type.toLowerCase();
  const ext = file.name?.split(".").pop()?.toLowerCase() ?? "";
  return BY_EXTENSION[ext] ?? "";
}

export function checkPicture(file: { type: string; size: number; name?: string }): PictureCheck {
  const contentType = typeOf(file);
  if (!PICTURE_TYPES.includes(contentType)) return { ok: false, problem: "type" };
  if (file.size === 0) return { ok: false, problem: "empty" };
  if (file.size > MAX_PICTURE_BYTES) return { ok: false, problem: "size" };
  return { ok: true, contentType };
}
