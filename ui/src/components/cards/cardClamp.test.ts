// Tests which card texts are long enough to be measured for the line clamp.
import { describe, expect, it } from "vitest";
import { CARD_CLAMP_LINES, mightClamp } from "./cardClamp";

describe("mightClamp", () => {
  it("leaves short texts unmeasured", () => {
    expect(mightClamp("")).toBe(false);
    expect(mightClamp("在社群媒體上看到跑鞋廣告")).toBe(false);
    expect(mightClamp("Checkout asks for an account first")).toBe(false);
  });
  it("measures long texts, Chinese or not", () => {
    expect(mightClamp("顧客旅程".repeat(11))).toBe(true);
    expect(mightClamp("x".repeat(10_000))).toBe(true);
  });
  it("measures short texts with more lines than the clamp shows", () => {
    expect(mightClamp(Array(CARD_CLAMP_LINES).fill("a").join("\n"))).toBe(false);
    expect(
      mightClamp(
        Array(CARD_CLAMP_LINES + 1)
          .fill("a")
          .join("\n"),
      ),
    ).toBe(true);
  });
});
