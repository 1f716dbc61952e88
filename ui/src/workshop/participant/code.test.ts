// The short code as people type it (lower case, spaces, dashes, full-width characters from a
// Chinese input method) and the lockout message's seconds.
import { describe, expect, it } from "vitest";
import { lockoutSeconds, looksLikeCode, normaliseCode } from "./code";

describe("short code", () => {
  it("accepts lower case, spaces and dashes", () => {
    expect(normaliseCode(" vc5-cb3 ")).toBe("VC5CB3");
    expect(normaliseCode("vc5 cb3")).toBe("VC5CB3");
    expect(normaliseCode("ｖｃ５－ｃｂ３")).toBe("VC5CB3");
    expect(normaliseCode("VC5—CB3")).toBe("VC5CB3");
    expect(looksLikeCode("VC5CB3")).toBe(true);
  });

  it("refuses what cannot be a code", () => {
    expect(looksLikeCode("VC5CB")).toBe(false);
    expect(looksLikeCode("VC5CB0")).toBe(false);
    expect(looksLikeCode("VC5CBI")).toBe(false);
  });

  it("shows and reads back", () => {
    expect(lockoutSeconds("too many wrong codes from this address; try again in 60 seconds")).toBe(
      60,
    );
    expect(lockoutSeconds("locked")).toBeNull();
  });
});
