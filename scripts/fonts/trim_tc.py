#!/usr/bin/env python3
"""Makes assets/fonts/NotoSansTC-Regular.ttf from the published Noto Sans TC.

Every text Wayline draws falls back from Noto Sans TC to Noto Sans SC (zh-TW maps and the zh-TW
interface) or reaches TC only for what SC lacks (everything else), so a character whose glyph in
TC is the same as SC's, outline and advance, is drawn the same from either font. Shipping TC
without those characters (11,136 of its 20,745, most of Latin and half of the ideographs) draws
every text exactly as before and takes 1.4 MB off each binary.

The UI's slices of TC (assets/fonts/web-slices.json, key `tc`) are narrowed to the characters TC
still has, so a browser does not fetch a slice of TC for a character SC draws; a slice left with
none becomes an empty range (the UI registers no face for it), so every other slice keeps its
number and a browser's cached slice still matches its name.

    pip install fonttools==4.68.0
    python3 scripts/fonts/trim_tc.py NotoSansTC_400Regular.ttf \
        assets/fonts/NotoSansSC-Regular.ttf assets/fonts/NotoSansTC-Regular.ttf \
        assets/fonts/web-slices.json

The first argument is the published font (npm `@expo-google-fonts/noto-sans-tc` 0.4.3); the
layout tables, names and metrics are kept for the characters that stay.
"""

import json

import sys

from fontTools import subset
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont


def drawing(glyph_set, name):
    """A glyph as its decomposed outline and its advance."""
    pen = DecomposingRecordingPen(glyph_set)
    glyph_set[name].draw(pen)
    return pen.value, glyph_set[name].width


def code_points(unicode_range):
    """The code points of a CSS `unicode-range` value."""
    found = set()
    for part in unicode_range.split(","):
        part = part.strip()[2:]
        if not part:
            continue
        if "?" in part:
            first, last = int(part.replace("?", "0"), 16), int(part.replace("?", "F"), 16)
        elif "-" in part:
            first, last = (int(end, 16) for end in part.split("-"))
        else:
            first = last = int(part, 16)
        found.update(range(first, last + 1))
    return found


def as_unicode_range(codes):
    """Code points as a CSS `unicode-range` value, runs of consecutive ones joined."""
    spans = []
    for code in sorted(codes):
        if spans and spans[-1][1] == code - 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return ",".join(f"U+{a:x}" if a == b else f"U+{a:x}-{b:x}" for a, b in spans)


def narrow_slices(slices_path, kept):
    with open(slices_path, encoding="utf-8") as file:
        slicing = json.load(file)
    for face in slicing["faces"]:
        if face["key"] == "tc":
            face["slices"] = [as_unicode_range(code_points(r) & kept) for r in face["slices"]]
    with open(slices_path, "w", encoding="utf-8") as file:
        file.write(json.dumps(slicing, indent=1, ensure_ascii=False) + "\n")


def main(published_tc, sc_path, out_path, slices_path):
    tc = TTFont(published_tc, recalcTimestamp=False)
    sc = TTFont(sc_path)
    if tc["head"].unitsPerEm != sc["head"].unitsPerEm:
        sys.exit("the two fonts use different units per em: their glyphs cannot be compared")
    tc_map, sc_map = tc.getBestCmap(), sc.getBestCmap()
    tc_glyphs, sc_glyphs = tc.getGlyphSet(), sc.getGlyphSet()
    kept = [
        code
        for code, name in tc_map.items()
        if code not in sc_map or drawing(tc_glyphs, name) != drawing(sc_glyphs, sc_map[code])
    ]
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=kept)
    subsetter.subset(tc)
    tc.recalcTimestamp = False
    tc.save(out_path)
    narrow_slices(slices_path, set(kept))
    print(f"kept {len(kept)} of {len(tc_map)} characters ({len(tc_map) - len(kept)} drawn alike by SC)")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
