// A stage or lane title is held to the host's limit in characters: 200 × 𠮷 (400 UTF-16 units,
// more than maxLength would have let through) is typed and saved in full, a 201st is not kept.
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { initI18n } from "../../i18n";
import { MAX_TITLE_CHARS } from "../../wire/limits";
import { BoardTitleInput } from "./BoardTitleInput";

afterEach(cleanup);
initI18n("en");

describe("BoardTitleInput", () => {
  it("saves a title of MAX_TITLE_CHARS × 𠮷 and keeps no more", () => {
    const saved: string[] = [];
    render(
      <BoardTitleInput
        initial=""
        label="Stage title"
        testId="title"
        onSave={(title) => saved.push(title)}
        onCancel={() => {}}
      />,
    );
    const input = screen.getByTestId("title") as HTMLInputElement;
    const longest = "𠮷".repeat(MAX_TITLE_CHARS);
    const pasted = `${longest}𠮷`;
    fireEvent.input(input, {
      target: { value: pasted, selectionStart: pasted.length, selectionEnd: pasted.length },
    });
    expect(input.value).toBe(longest);
    fireEvent.keyDown(input, { key: "Enter" });
    expect(saved).toEqual([longest]);
  });
});
