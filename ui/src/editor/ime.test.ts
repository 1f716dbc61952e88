// Tests the IME writing rule (composition intermediates never reach the document), which key
// presses belong to the input method, caret shifting and rebasing on remote edits.
import { describe, expect, it } from "vitest";
import { ImeGate, isImeKey, rebaseEdit, shiftCaret } from "./ime";

describe("ImeGate", () => {
  it("writes only the committed text of a composition", () => {
    const gate = new ImeGate();
    const written: string[] = [];
    const input = (value: string, isComposing: boolean) => {
      if (gate.shouldWriteOnInput(isComposing)) written.push(value);
    };
    input("a", false);
    gate.compositionStart();
    input("ak", true);
    input("ake", true);
    input("a客", true);
    // some browsers fire a final input with isComposing=false before compositionend
    input("a客户", false);
    if (gate.compositionEnd()) written.push("a客户");
    input("a客户!", false);
    expect(written).toEqual(["a", "a客户", "a客户!"]);
  });
});

describe("isImeKey", () => {
  it("is true for a key pressed during a composition, or reported as keyCode 229", () => {
    expect(isImeKey({ isComposing: true, keyCode: 229 })).toBe(true);
    expect(isImeKey({ isComposing: false, keyCode: 229 })).toBe(true);
    expect(isImeKey({ isComposing: false, keyCode: 13 })).toBe(false);
  });
});

describe("shiftCaret", () => {
  it("moves the caret by text inserted before it", () => {
    expect(shiftCaret("hello world", "oh hello world", 6)).toBe(9);
  });
  it("keeps the caret when the change is after it", () => {
    expect(shiftCaret("hello world", "hello world!!", 5)).toBe(5);
  });
  it("moves the caret back when text before it is removed", () => {
    expect(shiftCaret("客户看价格", "看价格", 4)).toBe(2);
  });
});

describe("rebaseEdit", () => {
  it("keeps a remote insertion made during a composition", () => {
    // base "看价格", I typed 客户 at the start while someone appended "!" remotely
    expect(rebaseEdit("看价格", "客户看价格", "看价格!")).toBe("客户看价格!");
  });
  it("is the plain edit when nothing changed remotely", () => {
    expect(rebaseEdit("abc", "abXc", "abc")).toBe("abXc");
  });
});
