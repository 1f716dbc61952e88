/// <reference types="node" />
// The placeholder font is a valid TrueType font (the browsers' sanitizer refuses anything less; an
// end-to-end test in tests/e2e/browser/chinese-text.spec.ts sees Chromium draw with it) mapping
// exactly its ranges to one blank glyph in the shipped fonts' metrics; its ranges are one em wide
// in both shipped fonts and always drawn by some shipped face, read from the font files themselves;
// and the page's font stacks end with it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type CodeRange,
  mergeRanges,
  PLACEHOLDER_FAMILY,
  parseUnicodeRange,
  placeholderFontBytes,
  SHIPPED_CJK_METRICS,
} from "./placeholderFont";
import {
  PLACEHOLDER_RANGES,
  registerPlaceholderFont,
  registerShippedFonts,
  SHIPPED_FONT_RANGES,
  SLICED_FACES,
} from "./shippedFonts";

const FONTS = join(__dirname, "../../../assets/fonts");

/** The tables of a TrueType font, by tag, as views of `bytes`. */
function tablesOf(bytes: Uint8Array): Map<string, DataView> {
  const font = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = new Map<string, DataView>();
  for (let i = 0; i < font.getUint16(4); i++) {
    const record = 12 + 16 * i;
    const tag = String.fromCharCode(...bytes.subarray(record, record + 4));
    const offset = font.getUint32(record + 8);
    tables.set(
      tag,
      new DataView(bytes.buffer, bytes.byteOffset + offset, font.getUint32(record + 12)),
    );
  }
  return tables;
}

function table(tables: Map<string, DataView>, tag: string): DataView {
  const found = tables.get(tag);
  if (!found) throw new Error(`no ${tag} table`);
  return found;
}

/** A font's code point → glyph map from its (3, 10) format 12 or 13, else (3, 1) format 4. */
function glyphsOf(tables: Map<string, DataView>): (codePoint: number) => number {
  const cmap = table(tables, "cmap");
  const subtables = Array.from({ length: cmap.getUint16(2) }, (_, i) => ({
    platform: cmap.getUint16(4 + 8 * i),
    encoding: cmap.getUint16(6 + 8 * i),
    offset: cmap.getUint32(8 + 8 * i),
  }));
  const full = subtables.find((s) => s.platform === 3 && s.encoding === 10);
  if (full) {
    const format = cmap.getUint16(full.offset);
    const groups = Array.from({ length: cmap.getUint32(full.offset + 12) }, (_, i) => {
      const at = full.offset + 16 + 12 * i;
      return [cmap.getUint32(at), cmap.getUint32(at + 4), cmap.getUint32(at + 8)] as const;
    });
    return (c) => {
      let low = 0;
      let high = groups.length - 1;
      while (low <= high) {
        const middle = (low + high) >> 1;
        const [start, end, glyph] = groups[middle] ?? [0, -1, 0];
        if (c < start) high = middle - 1;
        else if (c > end) low = middle + 1;
        else return format === 13 ? glyph : glyph + c - start;
      }
      return 0;
    };
  }
  throw new Error("no (3, 10) cmap subtable");
}

/** A font's advance width of a glyph. */
function advancesOf(tables: Map<string, DataView>): (glyph: number) => number {
  const longMetrics = table(tables, "hhea").getUint16(34);
  const hmtx = table(tables, "hmtx");
  return (glyph) => hmtx.getUint16(4 * Math.min(glyph, longMetrics - 1));
}

function checksum(view: DataView): number {
  let sum = 0;
  for (let i = 0; i < view.byteLength; i += 4) {
    let word = 0;
    for (let j = 0; j < 4; j++)
      word = word * 256 + (i + j < view.byteLength ? view.getUint8(i + j) : 0);
    sum = (sum + word) % 2 ** 32;
  }
  return sum;
}

function codePoints(ranges: readonly CodeRange[]): number[] {
  return ranges.flatMap(([start, end]) =>
    Array.from({ length: end - start + 1 }, (_, i) => start + i),
  );
}

describe("parseUnicodeRange and mergeRanges", () => {
  it("read single code points, ranges and wildcards, and skip what is not a range", () => {
    expect(parseUnicodeRange("U+4E00-4E0F, U+4E2D,u+4e3?, , U+ZZ, U+20-10")).toEqual([
      [0x4e00, 0x4e0f],
      [0x4e2d, 0x4e2d],
      [0x4e30, 0x4e3f],
    ]);
  });

  it("join ranges that overlap or touch, in order", () => {
    expect(
      mergeRanges([
        [30, 40],
        [1, 5],
        [6, 9],
        [35, 50],
        [52, 52],
      ]),
    ).toEqual([
      [1, 9],
      [30, 50],
      [52, 52],
    ]);
  });
});

describe("placeholderFontBytes", () => {
  const ranges = parseUnicodeRange(PLACEHOLDER_RANGES);
  const bytes = placeholderFontBytes(ranges);
  const tables = tablesOf(bytes);

  it("is a TrueType font whose tables are sorted, aligned and check-summed", () => {
    const font = new DataView(bytes.buffer);
    expect(font.getUint32(0)).toBe(0x00010000);
    const tags = [...tables.keys()];
    expect(tags).toEqual([...tags].sort());
    expect(tags).toEqual(
      expect.arrayContaining([
        "OS/2",
        "cmap",
        "glyf",
        "head",
        "hhea",
        "hmtx",
        "loca",
        "maxp",
        "name",
        "post",
      ]),
    );
    for (let i = 0; i < tags.length; i++) {
      const record = 12 + 16 * i;
      const offset = font.getUint32(record + 8);
      expect(offset % 4).toBe(0);
      const length = font.getUint32(record + 12);
      expect(length).toBeGreaterThan(0); // the sanitizer refuses an empty table
      if (tags[i] !== "head") {
        expect(font.getUint32(record + 4)).toBe(
          checksum(new DataView(bytes.buffer, offset, length)),
        );
      }
    }
    expect(checksum(font)).toBe(0xb1b0afba);
    expect(bytes.length).toBeLessThan(1024);
  });

  it("maps every code point of its ranges, and nothing else, to one glyph a full em wide", () => {
    const glyph = glyphsOf(tables);
    const advance = advancesOf(tables);
    for (const [start, end] of ranges) {
      for (const c of [start, end, (start + end) >> 1]) {
        expect(glyph(c)).toBe(1);
        expect(advance(glyph(c))).toBe(SHIPPED_CJK_METRICS.advance);
      }
    }
    for (const outside of [0x41, 0x3004, 0x4db6, 0x9ff0, 0x20bb7, 0x1f44d])
      expect(glyph(outside)).toBe(0);
  });

  it("has the shipped fonts' vertical metrics and names itself as the stack does", () => {
    const head = table(tables, "head");
    const hhea = table(tables, "hhea");
    expect(head.getUint16(18)).toBe(SHIPPED_CJK_METRICS.unitsPerEm);
    expect([hhea.getInt16(4), -hhea.getInt16(6)]).toEqual([
      SHIPPED_CJK_METRICS.ascent,
      SHIPPED_CJK_METRICS.descent,
    ]);
    const name = table(tables, "name");
    const text = Array.from({ length: (name.byteLength - (6 + 12 * 4)) / 2 }, (_, i) =>
      String.fromCharCode(name.getUint16(6 + 12 * 4 + 2 * i)),
    ).join("");
    expect(text.startsWith(PLACEHOLDER_FAMILY)).toBe(true);
  });
});

describe("PLACEHOLDER_RANGES against the shipped fonts", () => {
  const sc = tablesOf(readFileSync(join(FONTS, "NotoSansSC-Regular.ttf")));
  const tc = tablesOf(readFileSync(join(FONTS, "NotoSansTC-Regular.ttf")));

  it("match their metrics", () => {
    for (const font of [sc, tc]) {
      const os2 = table(font, "OS/2");
      expect({
        unitsPerEm: table(font, "head").getUint16(18),
        ascent: table(font, "hhea").getInt16(4),
        descent: -table(font, "hhea").getInt16(6),
        typoAscent: os2.getInt16(68),
        typoDescent: -os2.getInt16(70),
      }).toEqual({
        unitsPerEm: SHIPPED_CJK_METRICS.unitsPerEm,
        ascent: SHIPPED_CJK_METRICS.ascent,
        descent: SHIPPED_CJK_METRICS.descent,
        typoAscent: SHIPPED_CJK_METRICS.typoAscent,
        typoDescent: SHIPPED_CJK_METRICS.typoDescent,
      });
    }
  });

  it("are one em wide in both fonts, and each drawn by a slice or by the whole Noto Sans SC", () => {
    const scGlyph = glyphsOf(sc);
    const scAdvance = advancesOf(sc);
    const tcGlyph = glyphsOf(tc);
    const tcAdvance = advancesOf(tc);
    const sliced = mergeRanges(
      SLICED_FACES.filter(
        ({ family }) => family === "Noto Sans SC" || family === "Noto Sans TC",
      ).flatMap(({ slices }) => slices.flatMap(parseUnicodeRange)),
    );
    const whole = parseUnicodeRange(SHIPPED_FONT_RANGES);
    const inside = (c: number, ranges: readonly CodeRange[]) =>
      ranges.some(([s, e]) => c >= s && c <= e);
    const wrong: string[] = [];
    for (const c of codePoints(parseUnicodeRange(PLACEHOLDER_RANGES))) {
      const hex = c.toString(16);
      if (scGlyph(c) === 0 || scAdvance(scGlyph(c)) !== SHIPPED_CJK_METRICS.advance)
        wrong.push(`${hex}: SC width`);
      if (tcGlyph(c) !== 0 && tcAdvance(tcGlyph(c)) !== SHIPPED_CJK_METRICS.advance)
        wrong.push(`${hex}: TC width`);
      if (!inside(c, sliced) && !inside(c, whole)) wrong.push(`${hex}: no shipped face draws it`);
    }
    expect(wrong).toEqual([]);
  });

  it("end every font stack of the page", () => {
    const css = readFileSync(join(__dirname, "../base.css"), "utf8");
    expect(css).toMatch(new RegExp(`--font-last:[^;]*"${PLACEHOLDER_FAMILY}";`));
  });
});

describe("registerPlaceholderFont", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("adds the font, made from its bytes, and takes it out once a shipped face fails to load", () => {
    const made: { family: string; source: unknown }[] = [];
    vi.stubGlobal(
      "FontFace",
      class {
        constructor(family: string, source: unknown) {
          made.push({ family, source });
        }
      },
    );
    const fonts = new EventTarget() as EventTarget & {
      add: (f: unknown) => void;
      delete: (f: unknown) => void;
    };
    const faces = new Set<unknown>();
    fonts.add = (face) => faces.add(face);
    fonts.delete = (face) => faces.delete(face);
    registerPlaceholderFont({ fonts } as unknown as Document);
    expect(made).toEqual([{ family: PLACEHOLDER_FAMILY, source: expect.any(Uint8Array) }]);
    expect(faces.size).toBe(1);
    fonts.dispatchEvent(new Event("loading"));
    expect(faces.size).toBe(1);
    fonts.dispatchEvent(new Event("loadingerror"));
    expect(faces.size).toBe(0);
  });

  it("is not added where no shipped font can be (a page without a usable address)", () => {
    const added = vi.fn();
    vi.stubGlobal("FontFace", class {});
    const doc = { fonts: { add: added, addEventListener: vi.fn() } } as unknown as Document;
    registerShippedFonts("about:blank", doc);
    expect(added).not.toHaveBeenCalled();
  });

  it("leaves a page without FontFace as it is", () => {
    vi.stubGlobal("FontFace", undefined);
    const doc = { fonts: { add: vi.fn() } } as unknown as Document;
    registerPlaceholderFont(doc);
    expect(doc.fonts.add).not.toHaveBeenCalled();
  });
});
