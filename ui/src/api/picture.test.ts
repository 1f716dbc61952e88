// Tests the persona picture rule applied before upload.
import { describe, expect, it } from "vitest";
import { checkPicture, MAX_PICTURE_BYTES } from "./picture";

describe("checkPicture", () => {
  it("accepts PNG, JPEG and WebP up to 2 MB", () => {
    expect(checkPicture({ type: "image/png", size: 10 })).toEqual({
      ok: true,
      contentType: "image/png",
    });
    expect(checkPicture({ type: "image/jpeg", size: MAX_PICTURE_BYTES }).ok).toBe(true);
    expect(checkPicture({ type: "IMAGE/WEBP", size: 1 })).toEqual({
      ok: true,
      contentType: "image/webp",
    });
  });
  it("refuses other types", () => {
    expect(checkPicture({ type: "image/gif", size: 10 })).toEqual({ ok: false, problem: "type" });
    expect(checkPicture({ type: "image/svg+xml", size: 10 })).toEqual({
      ok: false,
      problem: "type",
    });
    expect(checkPicture({ type: "", size: 10, name: "notes.txt" })).toEqual({
      ok: false,
      problem: "type",
    });
  });
  it("refuses files over 2 MB and empty files", () => {
    expect(checkPicture({ type: "image/png", size: MAX_PICTURE_BYTES + 1 })).toEqual({
      ok: false,
      problem: "size",
    });
    expect(checkPicture({ type: "image/png", size: 0 })).toEqual({ ok: false, problem: "empty" });
  });
  it("falls back to the extension when the system gives no type", () => {
    expect(checkPicture({ type: "", size: 5, name: "Me.JPG" })).toEqual({
      ok: true,
      contentType: "image/jpeg",
    });
  });
});
