// The shared translation hook: the same words as i18next in every language, one `t` per language
// shared by every component, components redrawn in the new language when it changes.
import { act, cleanup, render, screen } from "@testing-library/react";
import i18next from "i18next";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { initI18n } from "./index";
import { translationOf, useTranslation } from "./useTranslation";

beforeAll(() => {
  initI18n("en");
});

afterEach(async () => {
  cleanup();
  await i18next.changeLanguage("en");
});

function Label() {
  const { t, i18n } = useTranslation();
  return (
    <p data-testid="label" lang={i18n.language}>
      {t("board.examples.clear")} · {t("board.examples.confirm", { count: 3 })}
    </p>
  );
}

describe("the translation hook", () => {
  it("says what i18next says, for plain keys and keys with options, in each language", () => {
    for (const language of ["en", "zh-CN", "zh-TW"]) {
      const { t } = translationOf(language);
      const fixed = i18next.getFixedT(language);
      expect(t("board.examples.clear")).toBe(fixed("board.examples.clear"));
      // Asked twice: the second answer is the kept one.
      expect(t("board.examples.clear")).toBe(fixed("board.examples.clear"));
      expect(t("board.examples.confirm", { count: 1 })).toBe(
        fixed("board.examples.confirm", { count: 1 }),
      );
      expect(t("board.examples.confirm", { count: 5 })).toBe(
        fixed("board.examples.confirm", { count: 5 }),
      );
    }
    expect(translationOf("zh-TW").t("board.examples.clear")).toBe("清除範例");
  });

  it("gives every component the same t and i18n while the language stays", () => {
    expect(translationOf("en")).toBe(translationOf("en"));
    expect(translationOf("en").i18n.getFixedT("zh-CN")).toBe(translationOf("zh-CN").t);
  });

  it("redraws components in the new language", async () => {
    render(<Label />);
    expect(screen.getByTestId("label").textContent).toBe(
      "Clear examples · Delete the 3 example cards, metrics and actions that came with the template? Undo brings them back.",
    );
    await act(async () => {
      await translationOf("en").i18n.changeLanguage("zh-TW");
    });
    const label = screen.getByTestId("label");
    expect(label.getAttribute("lang")).toBe("zh-TW");
    expect(label.textContent).toBe(
      "清除範例 · 刪除範本附帶的 3 個範例卡片、指標和行動？可以復原。",
    );
  });

  it("forgets what it kept when resources are added", () => {
    const before = translationOf("en").t("wayline.test.added");
    i18next.addResource("en", "translation", "wayline.test.added", "Added later");
    expect(before).toBe("wayline.test.added");
    expect(translationOf("en").t("wayline.test.added")).toBe("Added later");
  });
});
