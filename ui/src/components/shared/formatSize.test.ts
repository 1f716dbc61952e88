// Byte counts read as people expect, in the UI language's number format.
import { describe, expect, it } from "vitest";
import { formatSize } from "./formatSize";

describe("formatSize", () => {
  it("reads as bytes, KB and MB", () => {
    expect(formatSize(512, "en")).toBe("512 B");
    expect(formatSize(150 * 1024, "en")).toBe("150 KB");
    expect(formatSize(1.25 * 1024 * 1024, "en")).toBe("1.3 MB");
    expect(formatSize(1.25 * 1024 * 1024, "zh-TW")).toBe("1.3 MB");
  });
});
