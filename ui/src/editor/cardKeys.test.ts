// Enter finishes a card and Shift+Enter breaks the line, but never while an input method composes:
// there Enter confirms the composed Chinese and editing goes on.
import { describe, expect, it } from "vitest";
import { type CardKey, cardKeyAction } from "./cardKeys";

const key = (k: string, more: Partial<CardKey> = {}): CardKey => ({
  key: k,
  shiftKey: false,
  altKey: false,
  isComposing: false,
  keyCode: 0,
  ...more,
});

describe("cardKeyAction", () => {
  it("finishes on Enter and Escape, breaks the line on Shift+Enter", () => {
    expect(cardKeyAction(key("Enter"), false)).toBe("finish");
    expect(cardKeyAction(key("Escape"), false)).toBe("finish");
    expect(cardKeyAction(key("Enter", { shiftKey: true }), false)).toBe("newline");
    expect(cardKeyAction(key("Enter", { altKey: true }), false)).toBe("newline");
    expect(cardKeyAction(key("a"), false)).toBeNull();
  });

  it("leaves Enter and Escape to the input method during a composition", () => {
    expect(cardKeyAction(key("Enter", { isComposing: true, keyCode: 229 }), false)).toBeNull();
    expect(cardKeyAction(key("Escape", { isComposing: true }), false)).toBeNull();
    // CodeMirror still composing though the event does not say so
    expect(cardKeyAction(key("Enter"), true)).toBeNull();
    // Safari: the Enter that ended the composition arrives after compositionend, as keyCode 229
    expect(cardKeyAction(key("Enter", { keyCode: 229 }), false)).toBeNull();
  });
});
