// Every symbol the UI's sources can draw from the shipped font slices is either preloaded with a
// board's first view (boardChrome.ts) or named here as drawn only later, elsewhere: a new icon
// has to be put in one of the two. Strings are read from the sources' syntax (string and template
// literals, JSX text), the translations and the stylesheets' `content`, not from comments.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { resources } from "../i18n";
import { BOARD_CHROME_LABELS, BOARD_CHROME_SYMBOLS } from "./boardChrome";
import { mergeRanges, parseUnicodeRange } from "./placeholderFont";
import { SLICED_FACES } from "./shippedFonts";

/** Symbols drawn only once something is opened or done after the board's first frame. */
const DRAWN_ELSEWHERE: Record<string, string> = {
  "→": "menus' move items, the actions list, the shortcuts dialog",
  "←": "a stage's menu, the shortcuts dialog",
  "↑": "the search bar, a lane's menu, the shortcuts dialog",
  "↓": "the search bar, a lane's menu, the shortcuts dialog",
  "×": "the trash's notice, the inspector's actions",
  "⌘": "the shortcuts dialog",
  "⌥": "the shortcuts dialog",
  "“": "dialogs' sentences",
  "”": "dialogs' sentences",
  "’": "dialogs' sentences",
  "±": "the metric form's help",
};

const SRC = join(__dirname, "..");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** Every string of the UI's sources that the page may draw. */
function sourceStrings(): { text: string; file: string }[] {
  const out: { text: string; file: string }[] = [];
  for (const file of files(SRC)) {
    if (/\.test\.tsx?$/.test(file)) continue;
    const body = readFileSync(file, "utf8");
    if (/\.tsx?$/.test(file)) {
      const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
      const source = ts.createSourceFile(file, body, ts.ScriptTarget.Latest, false, kind);
      const visit = (node: ts.Node) => {
        if (
          ts.isStringLiteral(node) ||
          ts.isNoSubstitutionTemplateLiteral(node) ||
          ts.isTemplateHead(node) ||
          ts.isTemplateMiddle(node) ||
          ts.isTemplateTail(node) ||
          ts.isJsxText(node)
        )
          out.push({ text: node.text, file });
        ts.forEachChild(node, visit);
      };
      visit(source);
    } else if (file.endsWith(".css")) {
      for (const m of body.matchAll(/content:\s*"((?:[^"\\]|\\.)*)"/g))
        out.push({ text: m[1] ?? "", file });
    } else if (file.endsWith(".json")) {
      const values = (v: unknown): string[] =>
        typeof v === "string"
          ? [v]
          : v && typeof v === "object"
            ? Object.values(v).flatMap(values)
            : [];
      for (const text of values(JSON.parse(body))) out.push({ text, file });
    }
  }
  return out;
}

const sliced = mergeRanges(SLICED_FACES.flatMap((face) => face.slices.flatMap(parseUnicodeRange)));
const inSlices = (code: number) => sliced.some(([start, end]) => code >= start && code <= end);
/** Past ASCII and before the CJK blocks (whose text is the map's, preloaded as text). */
const isSymbol = (code: number) => code >= 0x80 && code < 0x2e80;

describe("the symbols the UI draws", () => {
  const strings = sourceStrings();

  it("are read from the sources (the scan finds the icons it should)", () => {
    const all = strings.map((s) => s.text).join("");
    for (const ch of "⋯◐↶✎⏱") expect(all).toContain(ch);
  });

  it("are each preloaded with the board or named as drawn elsewhere", () => {
    const unplaced = new Map<string, string>();
    for (const { text, file } of strings) {
      for (const ch of text) {
        const code = ch.codePointAt(0) ?? 0;
        if (!isSymbol(code) || !inSlices(code)) continue;
        if (BOARD_CHROME_SYMBOLS.includes(ch) || ch in DRAWN_ELSEWHERE) continue;
        unplaced.set(ch, file.slice(SRC.length + 1));
      }
    }
    expect(Object.fromEntries(unplaced)).toEqual({});
  });

  it("preloaded are all still used, once each", () => {
    const all = strings.map((s) => s.text).join("");
    const chars = [...BOARD_CHROME_SYMBOLS];
    expect(chars.filter((ch) => !all.includes(ch))).toEqual([]);
    expect(new Set(chars).size).toBe(chars.length);
  });

  it("labelled on the board are translated in every language", () => {
    for (const [language, { translation }] of Object.entries(resources)) {
      for (const key of BOARD_CHROME_LABELS) {
        const value = key
          .split(".")
          .reduce<unknown>(
            (node, part) => (node as Record<string, unknown> | undefined)?.[part],
            translation,
          );
        expect(typeof value, `${language} ${key}`).toBe("string");
      }
    }
  });
});
