// A font made in the page, with one blank glyph for the common ideographs and Chinese punctuation, in the
// shipped fonts' metrics (Noto Sans SC/TC: 1000 units per em, every ideograph 1000 wide, ascent
// 1160, descent 288).
//
// Why: until a slice arrives, the browser lays the text out with the next font in the stack. On a
// machine without a CJK font (a fresh Linux laptop, an English-speaking teammate's browser) no
// font in the stack has the character, so the browser searches every installed font for each new
// ideograph: 0.05–0.08 ms a character, measured, hundreds of them on a first view, all on the main
// thread before the board can paint; the text is then drawn as boxes and laid out again, with
// other widths and line breaks, when the slice comes. Placed last in the stack, this font ends the
// search at once for the characters a shipped face will draw, keeps their lines where that face
// will put them, and shows them blank for the moment until it comes (as a browser does by default
// while a web font loads). It covers only characters a shipped face draws, and it is taken out of
// the page as soon as any shipped face fails to load (fonts/shippedFonts.ts), so a character whose
// font cannot come is drawn by the system's fonts or as a box, as before, never hidden for good.
//
// It is built here rather than shipped as a file: a font given to `FontFace` as bytes is ready
// before the first layout, where a fetched one would arrive too late to help; and it is under 1 KB
// of tables whose only content is the code-point ranges (PLACEHOLDER_RANGES, fonts/
// shippedFonts.ts).

/** Inclusive code-point ranges. */
export type CodeRange = readonly [number, number];

/** The shipped CJK fonts' metrics (assets/fonts/NotoSans{SC,TC}-Regular.ttf: head, hhea, OS/2). */
export const SHIPPED_CJK_METRICS = {
  unitsPerEm: 1000,
  advance: 1000,
  ascent: 1160,
  descent: 288,
  typoAscent: 880,
  typoDescent: 120,
} as const;

/** Parses a CSS `unicode-range` value ("U+4E00-4E0F, U+4E2D, U+4E3?") into code-point ranges. */
export function parseUnicodeRange(value: string): CodeRange[] {
  const ranges: CodeRange[] = [];
  for (const part of value.split(",")) {
    const item = part.trim().replace(/^U\+/i, "");
    if (item === "") continue;
    const [first, last] = item.includes("?")
      ? [item.replace(/\?/g, "0"), item.replace(/\?/g, "F")]
      : item.split("-");
    const start = Number.parseInt(first ?? "", 16);
    const end = last === undefined ? start : Number.parseInt(last, 16);
    if (Number.isFinite(start) && Number.isFinite(end) && start <= end) ranges.push([start, end]);
  }
  return ranges;
}

/** Sorts ranges and joins those that overlap or touch. */
export function mergeRanges(ranges: readonly CodeRange[]): CodeRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** Big-endian writer of a table's bytes. */
class Bytes {
  private readonly parts: number[] = [];
  u8(value: number): this {
    this.parts.push(value & 0xff);
    return this;
  }
  u16(value: number): this {
    return this.u8(value >>> 8).u8(value);
  }
  i16(value: number): this {
    return this.u16(value < 0 ? value + 0x10000 : value);
  }
  u32(value: number): this {
    return this.u16(value >>> 16).u16(value & 0xffff);
  }
  tag(name: string): this {
    for (const c of name) this.u8(c.charCodeAt(0));
    return this;
  }
  concat(other: Bytes): this {
    this.parts.push(...other.parts);
    return this;
  }
  zeros(count: number): this {
    for (let i = 0; i < count; i++) this.u8(0);
    return this;
  }
  get length(): number {
    return this.parts.length;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

const FAMILY = "Wayline Placeholder";
const BLANK = 1;
const GLYPH_COUNT = 2; // .notdef and the blank

function head(): Bytes {
  const m = SHIPPED_CJK_METRICS;
  return new Bytes()
    .u32(0x00010000) // version
    .u32(0x00010000) // fontRevision
    .u32(0) // checkSumAdjustment, set once the whole font is written
    .u32(0x5f0f3cf5) // magicNumber
    .u16(0b1011) // flags: baseline at y=0, left side bearing at x=0, integer ppem
    .u16(m.unitsPerEm)
    .zeros(16) // created, modified
    .i16(0) // xMin: the glyphs are empty, so the box is the em square's
    .i16(-m.descent)
    .i16(m.advance)
    .i16(m.ascent)
    .u16(0) // macStyle
    .u16(8) // lowestRecPPEM
    .i16(2) // fontDirectionHint
    .i16(0) // indexToLocFormat: short offsets
    .i16(0); // glyphDataFormat
}

function hhea(): Bytes {
  const m = SHIPPED_CJK_METRICS;
  return new Bytes()
    .u32(0x00010000)
    .i16(m.ascent)
    .i16(-m.descent)
    .i16(0) // lineGap
    .u16(m.advance) // advanceWidthMax
    .i16(0) // minLeftSideBearing
    .i16(0) // minRightSideBearing
    .i16(0) // xMaxExtent
    .i16(1) // caretSlopeRise
    .i16(0) // caretSlopeRun
    .i16(0) // caretOffset
    .zeros(8) // reserved
    .i16(0) // metricDataFormat
    .u16(1); // numberOfHMetrics: every glyph takes the first's advance
}

function maxp(): Bytes {
  return new Bytes()
    .u32(0x00010000)
    .u16(GLYPH_COUNT)
    .zeros(8) // maxPoints … maxCompositeContours: empty glyphs
    .u16(1) // maxZones: no twilight zone
    .zeros(16); // maxTwilightPoints … maxComponentDepth: no instructions
}

function hmtx(): Bytes {
  // One long metric (advance, lsb) and the second glyph's left side bearing.
  return new Bytes().u16(SHIPPED_CJK_METRICS.advance).i16(0).i16(0);
}

function loca(): Bytes {
  // Short offsets (halved): both glyphs are empty, so every offset is 0.
  return new Bytes().u16(0).u16(0).u16(0);
}

function os2(ranges: readonly CodeRange[]): Bytes {
  const m = SHIPPED_CJK_METRICS;
  const first = ranges[0]?.[0] ?? 0;
  const last = ranges[ranges.length - 1]?.[1] ?? 0;
  return new Bytes()
    .u16(4) // version
    .i16(m.advance) // xAvgCharWidth
    .u16(400) // usWeightClass
    .u16(5) // usWidthClass: medium
    .u16(0) // fsType: installable
    .zeros(16) // subscript and superscript sizes and offsets
    .i16(50) // yStrikeoutSize
    .i16(300) // yStrikeoutPosition
    .i16(0) // sFamilyClass
    .zeros(10) // panose
    .zeros(16) // ulUnicodeRange1–4
    .tag("WAYL") // achVendID
    .u16(0x40) // fsSelection: regular
    .u16(Math.min(first, 0xffff))
    .u16(Math.min(last, 0xffff))
    .i16(m.typoAscent)
    .i16(-m.typoDescent)
    .i16(0) // sTypoLineGap
    .u16(m.ascent) // usWinAscent
    .u16(m.descent) // usWinDescent
    .zeros(8) // ulCodePageRange1–2
    .i16(0) // sxHeight
    .i16(0) // sCapHeight
    .u16(0) // usDefaultChar
    .u16(0x20) // usBreakChar
    .u16(0); // usMaxContext
}

function cmap(ranges: readonly CodeRange[]): Bytes {
  // A minimal format 4 (the sanitizer browsers run requires one) with only its closing segment,
  // and a format 13 that maps every range to the one blank glyph. Shapers and FreeType prefer
  // the (3, 10) subtable, so the format 13 is the one read.
  const format4 = new Bytes()
    .u16(4)
    .u16(16 + 8) // length: header 14 + 4 arrays of one segment + reservedPad
    .u16(0) // language
    .u16(2) // segCountX2
    .u16(2) // searchRange
    .u16(0) // entrySelector
    .u16(0) // rangeShift
    .u16(0xffff) // endCode
    .u16(0) // reservedPad
    .u16(0xffff) // startCode
    .i16(1) // idDelta: 0xFFFF + 1 = glyph 0
    .u16(0); // idRangeOffset
  const format13 = new Bytes()
    .u16(13)
    .u16(0)
    .u32(16 + 12 * ranges.length)
    .u32(0) // language
    .u32(ranges.length);
  for (const [start, end] of ranges) format13.u32(start).u32(end).u32(BLANK);
  const headerLength = 4 + 8 * 2;
  return new Bytes()
    .u16(0) // version
    .u16(2) // numTables
    .u16(3)
    .u16(1)
    .u32(headerLength)
    .u16(3)
    .u16(10)
    .u32(headerLength + format4.length)
    .concat(format4)
    .concat(format13);
}

function name(): Bytes {
  // Family (1), subfamily (2), full name (4), PostScript name (6), in UTF-16BE for Windows/en-US.
  const records: [number, string][] = [
    [1, FAMILY],
    [2, "Regular"],
    [4, FAMILY],
    [6, FAMILY.replace(/ /g, "")],
  ];
  const strings = records.map(([, text]) => text);
  const count = records.length;
  const table = new Bytes()
    .u16(0)
    .u16(count)
    .u16(6 + 12 * count);
  let offset = 0;
  for (const [id, text] of records) {
    table
      .u16(3)
      .u16(1)
      .u16(0x409)
      .u16(id)
      .u16(text.length * 2)
      .u16(offset);
    offset += text.length * 2;
  }
  for (const text of strings) for (const c of text) table.u16(c.charCodeAt(0));
  return table;
}

function post(): Bytes {
  return new Bytes()
    .u32(0x00030000) // version 3: no glyph names
    .u32(0) // italicAngle
    .i16(-75) // underlinePosition
    .i16(50) // underlineThickness
    .u32(0) // isFixedPitch
    .zeros(16); // memory hints
}

function checksum(data: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) {
    const word =
      ((data[i] ?? 0) << 24) |
      ((data[i + 1] ?? 0) << 16) |
      ((data[i + 2] ?? 0) << 8) |
      (data[i + 3] ?? 0);
    sum = (sum + (word >>> 0)) >>> 0;
  }
  return sum;
}

/** A TrueType font with one blank, full-width glyph for every code point of `ranges`. */
export function placeholderFontBytes(ranges: readonly CodeRange[]): Uint8Array<ArrayBuffer> {
  const covered = mergeRanges(ranges);
  const tables: [string, Uint8Array][] = [
    ["OS/2", os2(covered).done()],
    ["cmap", cmap(covered).done()],
    ["glyf", new Uint8Array(4)], // both glyphs empty; the sanitizer refuses an empty table
    ["head", head().done()],
    ["hhea", hhea().done()],
    ["hmtx", hmtx().done()],
    ["loca", loca().done()],
    ["maxp", maxp().done()],
    ["name", name().done()],
    ["post", post().done()],
  ];
  const count = tables.length;
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= count) entrySelector++;
  const searchRange = 2 ** entrySelector * 16;
  const directoryLength = 12 + 16 * count;
  let offset = directoryLength;
  const layout = tables.map(([tag, data]) => {
    const at = offset;
    offset += Math.ceil(data.length / 4) * 4;
    return { tag, data, at };
  });
  const font = new Uint8Array(offset);
  const view = new DataView(font.buffer);
  view.setUint32(0, 0x00010000);
  view.setUint16(4, count);
  view.setUint16(6, searchRange);
  view.setUint16(8, entrySelector);
  view.setUint16(10, count * 16 - searchRange);
  layout.forEach(({ tag, data, at }, index) => {
    const record = 12 + 16 * index;
    for (let i = 0; i < 4; i++) view.setUint8(record + i, tag.charCodeAt(i));
    view.setUint32(record + 4, checksum(data));
    view.setUint32(record + 8, at);
    view.setUint32(record + 12, data.length);
    font.set(data, at);
  });
  const headAt = layout.find(({ tag }) => tag === "head")?.at ?? 0;
  view.setUint32(headAt + 8, (0xb1b0afba - checksum(font)) >>> 0);
  return font;
}

export const PLACEHOLDER_FAMILY = FAMILY;
