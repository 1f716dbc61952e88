// The translations the UI fills itself are i18next's own: every key of every language, with
// values that look like markup, plain and with options, against i18next.
import i18next from "i18next";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { initI18n, resources, UI_LANGUAGES } from "./index";
import { fill, templateOf } from "./template";
import { translationOf } from "./useTranslation";

beforeAll(() => {
  initI18n("en");
});

afterAll(async () => {
  await i18next.changeLanguage("en");
});

/** Every key of a resource tree whose value is a string, with that string. */
function strings(tree: unknown, prefix = ""): [string, string][] {
  if (typeof tree === "string") return [[prefix, tree]];
  if (typeof tree !== "object" || tree === null) return [];
  return Object.entries(tree).flatMap(([key, value]) =>
    strings(value, prefix ? `${prefix}.${key}` : key),
  );
}

/** Values a user's text can hold that i18next or a string replacement would read as markup. */
const AWKWARD = ["{{text}}", "$t(board.addCard)", "$& $1 $$", "", "客户说：“等太久”", "a\nb"];

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{([^{}]*)\}\}/g)].map((m) => (m[1] ?? "").trim());
}

/**
 * `key` filled with `options` as i18next resolves and fills it, with each value put in as it is:
 * i18next fills markers, and the values replace them. (i18next itself puts a value that holds
 * placeholder syntax, such as a card's text "{{text}}", in the wrong place in a string of several
 * placeholders; the UI puts each value where its placeholder is.)
 */
function filledAsI18nextReadsIt(
  fixed: (key: string, options: Record<string, string>) => string,
  key: string,
  names: string[],
  options: Record<string, string>,
): string {
  const markers = Object.fromEntries(names.map((name, i) => [name, `\uE000${i}\uE001`]));
  return fixed(key, markers).replace(/\uE000(\d+)\uE001/g, (_, i: string) => {
    const name = names[Number(i)] ?? "";
    return options[name] ?? "";
  });
}

describe("the translations filled without i18next", () => {
  for (const language of UI_LANGUAGES) {
    it(`say what i18next says for every key in ${language}`, () => {
      const { t } = translationOf(language);
      const fixed = i18next.getFixedT(language);
      const keys = strings(resources[language].translation);
      expect(keys.length).toBeGreaterThan(500);
      for (const [key, text] of keys) {
        expect(t(key), key).toBe(fixed(key));
        const names = placeholders(text).filter((name) => /^[A-Za-z_]\w*$/.test(name));
        if (names.length === 0) continue;
        for (const awkward of AWKWARD) {
          const options = Object.fromEntries(names.map((name, i) => [name, `${awkward}${i}`]));
          expect(t(key, options), key).toBe(filledAsI18nextReadsIt(fixed, key, names, options));
        }
        const numbers = Object.fromEntries(names.map((name, i) => [name, i + 0.5]));
        expect(t(key, numbers), key).toBe(fixed(key, numbers));
        // One value missing, one option too many: i18next's own answer.
        const partial = Object.fromEntries(names.slice(1).map((name) => [name, "x"]));
        expect(t(key, partial), key).toBe(fixed(key, partial));
        expect(t(key, { ...numbers, extra: "y" }), key).toBe(
          fixed(key, { ...numbers, extra: "y" }),
        );
      }
    });
  }

  it("fills a card's label itself, and leaves plurals, nesting and formats to i18next", () => {
    const label = templateOf("en", "card.label");
    expect(label).not.toBeNull();
    expect(label && fill(label, { text: "Waited 20 minutes" })).toBe(
      i18next.getFixedT("en")("card.label", { text: "Waited 20 minutes" }),
    );
    // i18next's translator, which every `t` it answers goes through (not in its public types).
    const { translator } = i18next as unknown as { translator: { translate: () => string } };
    const translate = vi.spyOn(translator, "translate");
    try {
      i18next.emit("loaded", {}); // a fresh translation of each language, nothing kept yet
      translationOf("zh-TW").t("card.label", { text: "等太久" });
      translationOf("zh-TW").t("board.addCard");
      expect(translate).not.toHaveBeenCalled();
    } finally {
      translate.mockRestore();
    }
    expect(label && fill(label, { text: "x", count: 2 })).toBeNull();
    expect(label && fill(label, {})).toBeNull();
    // A language of its own, so the shared resources stay as they are.
    i18next.addResourceBundle("xx", "translation", {
      zzTest: {
        nested: "See $t(board.addCard)",
        formatted: "{{n, number}} cards",
        raw: "{{- html}}",
      },
    });
    try {
      expect(templateOf("xx", "zzTest.nested")).toBeNull();
      expect(templateOf("xx", "zzTest.formatted")).toBeNull();
      expect(templateOf("xx", "zzTest.raw")).toBeNull();
      expect(templateOf("xx", "zzTest")).toBeNull();
      // A key its language lacks: i18next falls back to English.
      expect(templateOf("xx", "card.label")).toBeNull();
      const { t } = translationOf("xx");
      const fixed = i18next.getFixedT("xx");
      expect(t("zzTest.nested")).toBe(fixed("zzTest.nested"));
      expect(t("zzTest.formatted", { n: 1200 })).toBe(fixed("zzTest.formatted", { n: 1200 }));
      expect(t("card.label", { text: "x" })).toBe(fixed("card.label", { text: "x" }));
    } finally {
      i18next.removeResourceBundle("xx", "translation");
    }
  });
});
