// Every code a failure can carry — the host's (generated from the Rust errors) and the page's own —
// is said in each UI language, with no value the sentence cannot be given; a code no catalog knows
// falls back to the host's words with the code.
import i18next from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { initI18n, resources, UI_LANGUAGES } from "../i18n";
import { ERROR_CODES } from "../wire/errorCodes";
import { codeKeys, codeSentence, errorText, PAGE_ERROR_CODES } from "./errorText";
import { HostError } from "./http";

/** The catalog entry at a dotted key of one language, if it is a string. */
function entry(language: keyof typeof resources, key: string): string | undefined {
  let at: unknown = resources[language].translation;
  for (const part of key.split(".")) {
    at = at && typeof at === "object" ? (at as Record<string, unknown>)[part] : undefined;
  }
  return typeof at === "string" ? at : undefined;
}

const VALUES = new Set(["detail", "ideas", "name", "people"]);

describe("error codes", () => {
  beforeAll(() => {
    initI18n("en");
  });

  it("has a sentence for every code in every language, using only the values given", () => {
    for (const language of UI_LANGUAGES) {
      for (const code of [...ERROR_CODES, ...PAGE_ERROR_CODES]) {
        const said = codeKeys(code)
          .map((key) => entry(language, key))
          .find((s) => s !== undefined);
        expect(said, `${language} ${code}`).toBeTruthy();
        for (const [, name] of (said ?? "").matchAll(/\{\{(\w+)\}\}/g))
          expect(VALUES.has(name ?? ""), `${language} ${code}: {{${name}}}`).toBe(true);
        if (language !== "en") expect(said, `${language} ${code}`).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it("says a host error in the page's language, with the host's detail where it names the thing", async () => {
    await i18next.changeLanguage("zh-CN");
    const full = new HostError(507, {
      code: "disk_full",
      message: "the disk that holds x is full",
    });
    expect(errorText(full, i18next.t)).toBe(
      "磁盘已满：请释放一些空间后重试。最后一次更改未保存；之前保存的内容都是安全的。",
    );
    const invalid = new HostError(422, { code: "invalid_input", message: "a title of 1 to 200" });
    expect(errorText(invalid, i18next.t)).toBe("Wayline 未接受此内容：a title of 1 to 200");
    const ideas = new HostError(409, { code: "too_many_ideas", message: "at most 50" });
    expect(errorText(ideas, i18next.t)).toMatch(/最多保留 \d+ 个点子/);
    await i18next.changeLanguage("zh-TW");
    expect(errorText(full, i18next.t)).toMatch(/^磁碟已滿/);
    await i18next.changeLanguage("en");
  });

  it("shows the host's words and code for a code it does not know, and a plain error's message", () => {
    const newer = new HostError(409, { code: "from_the_future", message: "a reason" });
    expect(errorText(newer, i18next.t)).toBe("a reason (from_the_future)");
    expect(codeSentence(i18next.t, "from_the_future", "x")).toBeNull();
    expect(errorText(new Error("blocked"), i18next.t)).toBe("blocked");
  });

  it("words an answer that was no JSON by its HTTP status", async () => {
    const proxy = new HostError(502, { code: "http_502", message: "Bad Gateway" });
    expect(errorText(proxy, i18next.t)).toBe(
      "Wayline's host answered with an error (HTTP 502): try again.",
    );
    await i18next.changeLanguage("zh-TW");
    expect(errorText(proxy, i18next.t)).toBe("Wayline 主機傳回了錯誤（HTTP 502）：請重試。");
    await i18next.changeLanguage("en");
  });

  it("gives the code as the detail when the host sent no words", () => {
    const bare = new HostError(500, { code: "storage", message: "" });
    expect(errorText(bare, i18next.t)).toContain("(storage)");
  });
});
