// The shared length limit of text fields: it counts characters as the host does (𠮷 and 👍 are one
// each), cuts what goes over from what was just typed or pasted without splitting a character, and
// leaves the caret where the person typed rather than at the end of the text.
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { initI18n } from "../../i18n";
import { hideCardNotice } from "../cards/cardNotice";
import { charLimit, keepWithinLimit } from "./charLimit";

afterEach(() => {
  cleanup();
  hideCardNotice();
});

/** A lone high or low surrogate: half of a character. */
const HALF_A_PAIR = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function LimitedField({ initial, max }: { initial: string; max: number }) {
  const [value, setValue] = useState(initial);
  return <input data-testid="field" value={value} {...charLimit(max, setValue)} />;
}

function field(initial: string, max: number): HTMLInputElement {
  render(<LimitedField initial={initial} max={max} />);
  return screen.getByTestId("field") as HTMLInputElement;
}

/** What the browser does on a keystroke or paste: the new text, the caret after the insertion. */
function typeInto(input: HTMLInputElement, text: string, caret: number, composing = false) {
  fireEvent.input(input, {
    isComposing: composing,
    target: { value: text, selectionStart: caret, selectionEnd: caret },
  });
}

describe("keepWithinLimit", () => {
  it("counts 𠮷 and 👍 as one character each", () => {
    const text = `${"𠮷".repeat(3)}👍👍`;
    expect(keepWithinLimit(text, text.length, 5)).toEqual({ text, caret: text.length });
  });

  it("cuts a paste from its end, keeps the text after the caret and never splits a pair", () => {
    const text = "ab𠮷𠮷𠮷cd";
    const kept = keepWithinLimit(text, "ab𠮷𠮷𠮷".length, 5);
    expect(kept).toEqual({ text: "ab𠮷cd", caret: "ab𠮷".length });
    expect(kept.text).not.toMatch(HALF_A_PAIR);
  });

  it("drops a keystroke into a full text and leaves the caret where it was", () => {
    expect(keepWithinLimit("abcXdef", 4, 6)).toEqual({ text: "abcdef", caret: 3 });
  });

  it("cuts the end when the text after the caret alone is too long", () => {
    expect(keepWithinLimit("abcdef", 0, 3)).toEqual({ text: "abc", caret: 0 });
  });
});

describe("charLimit on a controlled field", () => {
  it("holds 200 × 𠮷 (400 UTF-16 units) and not a 201st", () => {
    const input = field("", 200);
    const full = "𠮷".repeat(200);
    typeInto(input, full, full.length);
    expect(input.value).toBe(full);
    expect(input.value).toHaveLength(400);
    typeInto(input, `${full}𠮷`, full.length + 2);
    expect(input.value).toBe(full);
  });

  it("cuts a paste over the limit without splitting a pair", () => {
    const input = field("aaaa", 5);
    typeInto(input, "aaaa👍👍", "aaaa👍👍".length);
    expect(input.value).toBe("aaaa👍");
    expect(input.value).not.toMatch(HALF_A_PAIR);
    expect(input.selectionStart).toBe("aaaa👍".length);
  });

  it("keeps the caret after a keystroke in the middle of the text", () => {
    const input = field("abcdef", 10);
    typeInto(input, "abcXdef", 4);
    expect(input.value).toBe("abcXdef");
    expect(input.selectionStart).toBe(4);
  });

  it("keeps the caret in the middle when a keystroke there is cut", () => {
    const input = field("abcdef", 6);
    typeInto(input, "abcXdef", 4);
    expect(input.value).toBe("abcdef");
    expect(input.selectionStart).toBe(3);
    expect(input.selectionEnd).toBe(3);
  });

  it("puts the caret after what was kept of a paste in the middle", () => {
    const input = field("abcd", 6);
    typeInto(input, "ab𠮷𠮷𠮷cd", "ab𠮷𠮷𠮷".length);
    expect(input.value).toBe("ab𠮷𠮷cd");
    expect(input.selectionStart).toBe("ab𠮷𠮷".length);
  });

  it("says that a paste was cut, and says nothing for text within the limit", () => {
    initI18n("zh-CN");
    const input = field("", 200);
    typeInto(input, "阶".repeat(199), 199);
    expect(screen.queryByTestId("text-cut")).toBeNull();
    typeInto(input, "阶".repeat(288), 288);
    expect(input.value).toBe("阶".repeat(200));
    expect(screen.getByTestId("text-cut").getAttribute("aria-hidden")).toBe("true");
    expect(screen.getByTestId("text-cut").textContent).toBe("文字已截断为 200 个字符");
  });

  it("leaves a composition alone and limits the composed text when it ends", () => {
    const input = field("abcd", 5);
    typeInto(input, "abcd客户", 6, true);
    expect(input.value).toBe("abcd客户");
    fireEvent.compositionEnd(input);
    expect(input.value).toBe("abcd客");
  });
});
