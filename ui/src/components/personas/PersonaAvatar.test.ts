// Tests the initials shown for a persona without a picture.
import { describe, expect, it } from "vitest";
import { initials } from "./PersonaAvatar";

describe("initials", () => {
  it("takes the first letters of the first two words", () => {
    expect(initials("Mia Chen")).toBe("MC");
    expect(initials("  lee  ")).toBe("L");
    expect(initials("Anna Maria Lopez")).toBe("AM");
  });
  it("takes the first character of a Chinese name", () => {
    expect(initials("王小明")).toBe("王");
    expect(initials("陳 美玲")).toBe("陳");
  });
  it("shows a question mark for an empty name", () => {
    expect(initials("")).toBe("?");
  });
});
