//! The fonts that ship with Wayline (`assets/fonts/`, SIL OFL 1.1, see its README) and the chain
//! that draws every character of a report: Traditional Chinese shapes for zh-TW maps, Simplified
//! for the others, the other Chinese font next, then supplementary-plane ideographs (𠮷, 𩸽) and
//! monochrome emoji. Each character is drawn by the first font that has it, so no character
//! becomes an empty box and every one stays in the PDF's text layer.

use std::collections::HashMap;
use std::io::Read;
use std::sync::{OnceLock, RwLock};

use wayline_model::Locale;

use crate::ReportError;

/// One of the fonts in `assets/fonts`, kept Brotli-compressed in the binary (build.rs).
pub struct ShippedFont {
    /// The font file's length (8 bytes, little-endian), then the file Brotli-compressed.
    stored: &'static [u8],
    inflated: OnceLock<Result<Vec<u8>, String>>,
}

impl ShippedFont {
    const fn new(stored: &'static [u8]) -> Self {
        ShippedFont {
            stored,
            inflated: OnceLock::new(),
        }
    }

    /// The font file itself, inflated once and kept.
    pub fn bytes(&'static self) -> Result<&'static [u8], ReportError> {
        self.inflated
            .get_or_init(|| self.inflate_text_error())
            .as_ref()
            .map(Vec::as_slice)
            .map_err(|e| ReportError::Font(e.clone()))
    }

    /// The font file for as long as the caller holds it: the kept file if a report inflated it,
    /// else one inflated now and let go a few seconds after its last use (font_lease.rs).
    pub fn lend(&'static self) -> Result<crate::FontBytes, ReportError> {
        crate::font_lease::borrow(self)
    }

    /// The kept file, if [`Self::bytes`] has inflated it.
    pub(crate) fn bytes_if_inflated(&'static self) -> Option<&'static [u8]> {
        self.inflated.get()?.as_ref().ok().map(Vec::as_slice)
    }

    /// The font file Brotli-compressed, as a browser can take it (`Content-Encoding: br`).
    pub fn brotli(&self) -> &'static [u8] {
        self.stored.get(8..).unwrap_or_default()
    }

    /// The font file's length.
    pub(crate) fn len(&self) -> usize {
        let mut length = [0u8; 8];
        if let Some(stored) = self.stored.get(..8) {
            length.copy_from_slice(stored);
        }
        usize::try_from(u64::from_le_bytes(length)).unwrap_or(0)
    }

    /// Inflates the font file into `out`, which is exactly [`Self::len`] bytes long.
    pub(crate) fn inflate_into(&self, out: &mut [u8]) -> Result<(), ReportError> {
        let mut decoder = brotli_decompressor::Decompressor::new(self.brotli(), 1 << 16);
        let mut rest = [0u8; 1];
        decoder
            .read_exact(out)
            .map_err(|e| ReportError::Font(format!("a shipped font cannot be read: {e}")))?;
        match decoder.read(&mut rest) {
            Ok(0) => Ok(()),
            _ => Err(ReportError::Font(
                "a shipped font is longer than it says".into(),
            )),
        }
    }

    fn inflate_text_error(&self) -> Result<Vec<u8>, String> {
        let mut out = vec![0u8; self.len()];
        self.inflate_into(&mut out).map_err(|e| e.to_string())?;
        Ok(out)
    }
}

macro_rules! shipped {
    ($file:literal) => {
        ShippedFont::new(include_bytes!(concat!(env!("OUT_DIR"), "/", $file, ".br")))
    };
}

pub static SC: ShippedFont = shipped!("NotoSansSC-Regular.ttf");
pub static TC: ShippedFont = shipped!("NotoSansTC-Regular.ttf");
pub static SUPPLEMENTARY: ShippedFont = shipped!("NotoSansJP-Supplementary.ttf");
pub static EMOJI: ShippedFont = shipped!("NotoEmoji-Regular.ttf");

/// Any shipped font by its file name: the UI's fonts are cut from these (web_fonts.rs).
pub(crate) fn shipped_font_file(file: &str) -> Option<&'static ShippedFont> {
    match file {
        "NotoSansJP-Supplementary.ttf" => Some(&SUPPLEMENTARY),
        "NotoEmoji-Regular.ttf" => Some(&EMOJI),
        _ => shipped_font(file),
    }
}

/// A shipped font by its file name, for the UI to fall back on (the host serves these at
/// `/fonts/<file>`): the browser's bundled Chinese fonts hold fewer characters than these (㐂,
/// 𠕇 and thousands of other rare ideographs), and a character the report draws must not be an
/// empty box on the board. Nothing more is shipped for it: these bytes are already in the binary.
pub fn shipped_font(file: &str) -> Option<&'static ShippedFont> {
    match file {
        "NotoSansSC-Regular.ttf" => Some(&SC),
        "NotoSansTC-Regular.ttf" => Some(&TC),
        _ => None,
    }
}

/// One font of the chain: its bytes, its family name (for SVG) and its parsed face.
pub struct ChainFont {
    pub bytes: &'static [u8],
    pub family: &'static str,
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
}

/// Which script a map's text is written in, so its Chinese gets the right glyph shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Simplified,
    Traditional,
}

impl Script {
    /// The map's language decides; an English map follows the report's language.
    pub fn of(map_locale: &str, report: Locale) -> Script {
        match Locale::parse(map_locale) {
            Some(Locale::ZhTw) => Script::Traditional,
            Some(Locale::ZhCn) => Script::Simplified,
            _ if report == Locale::ZhTw => Script::Traditional,
            _ => Script::Simplified,
        }
    }
}

/// Characters that take no space of their own (joiners, variation selectors): they stay with
/// the character before them rather than forcing a font change.
/// What the page shows for a character no font of the chain has: a box, as wide as an ideograph.
pub const MISSING: char = '□';
/// The font index [`Metrics::runs`] gives a run of such characters.
pub const MISSING_RUN: usize = usize::MAX;

/// A character that changes the one before it and is drawn with no width of its own: a joiner,
/// a variation selector, an emoji skin tone.
pub(crate) fn is_modifier(c: char) -> bool {
    matches!(
        c,
        '\u{200d}' | '\u{fe00}'..='\u{fe0f}' | '\u{1f3fb}'..='\u{1f3ff}' | '\u{e0100}'..='\u{e01ef}'
    )
}

/// Glyph measurement over the font chain, for placing and wrapping text.
pub struct Metrics {
    pub fonts: Vec<ChainFont>,
    /// What the chain answered for each character asked about: the font that draws it and its
    /// advance in that font's units, or `None`. A report asks about every character of every
    /// card several times (runs, widths, wrapping) and each answer walks the cmap tables of up
    /// to four fonts; a map has a few thousand distinct characters.
    known: RwLock<HashMap<char, Option<(usize, u16)>>>,
}

impl Metrics {
    /// The chain for a map written in `script` (built once per script).
    pub fn get(script: Script) -> Result<&'static Metrics, ReportError> {
        static SIMPLIFIED: OnceLock<Result<Metrics, String>> = OnceLock::new();
        static TRADITIONAL: OnceLock<Result<Metrics, String>> = OnceLock::new();
        let (cell, order) = match script {
            Script::Simplified => (&SIMPLIFIED, [0, 1]),
            Script::Traditional => (&TRADITIONAL, [1, 0]),
        };
        cell.get_or_init(|| {
            let chinese = [(&SC, "Noto Sans SC"), (&TC, "Noto Sans TC")];
            let chain = [
                chinese[order[0]],
                chinese[order[1]],
                (&SUPPLEMENTARY, "Noto Sans JP"),
                (&EMOJI, "Noto Emoji"),
            ];
            let fonts = chain
                .into_iter()
                .map(|(font, family)| {
                    let bytes = font.bytes().map_err(|e| e.to_string())?;
                    let face =
                        ttf_parser::Face::parse(bytes, 0).map_err(|e| format!("{family}: {e}"))?;
                    let units_per_em = f32::from(face.units_per_em());
                    Ok(ChainFont {
                        bytes,
                        family,
                        face,
                        units_per_em,
                    })
                })
                .collect::<Result<Vec<_>, String>>()?;
            Ok(Metrics {
                fonts,
                known: RwLock::default(),
            })
        })
        .as_ref()
        .map_err(|e| ReportError::Font(e.clone()))
    }

    /// Index in the chain of the font that draws `c` (the first font when none has it).
    pub fn font_of(&self, c: char) -> usize {
        self.drawn_by(c).unwrap_or(0)
    }

    fn drawn_by(&self, c: char) -> Option<usize> {
        self.glyph(c).map(|(font, _)| font)
    }

    /// The font of the chain that draws `c` and the advance of its glyph (in that font's units;
    /// half an em when the font gives none), or `None` when no font has it.
    fn glyph(&self, c: char) -> Option<(usize, u16)> {
        if let Some(known) = self.known.read().ok().and_then(|k| k.get(&c).copied()) {
            return known;
        }
        let found = self.fonts.iter().enumerate().find_map(|(i, f)| {
            let glyph = f.face.glyph_index(c)?;
            let advance = f
                .face
                .glyph_hor_advance(glyph)
                .unwrap_or(f.face.units_per_em() / 2);
            Some((i, advance))
        });
        if let Ok(mut known) = self.known.write() {
            known.insert(c, found);
        }
        found
    }

    /// Whether no font of the chain has `c` (a rare ideograph beyond the shipped fonts): it is
    /// drawn as [`MISSING`] and kept in the text layer (see `pdf/canvas.rs`).
    pub fn is_missing(&self, c: char) -> bool {
        !c.is_whitespace() && !is_modifier(c) && self.drawn_by(c).is_none()
    }

    /// `text` cut into runs that one font draws each: `(font index, run)`; a run of characters no
    /// font has is `(MISSING_RUN, run)`.
    pub fn runs<'t>(&self, text: &'t str) -> Vec<(usize, &'t str)> {
        let mut out: Vec<(usize, &'t str)> = Vec::new();
        let mut start = 0;
        let mut current: Option<usize> = None;
        for (i, c) in text.char_indices() {
            let font = match current {
                Some(f) if is_modifier(c) => f,
                _ if self.is_missing(c) => MISSING_RUN,
                _ => self.font_of(c),
            };
            match current {
                Some(f) if f == font => {}
                Some(f) => {
                    out.push((f, &text[start..i]));
                    start = i;
                    current = Some(font);
                }
                None => current = Some(font),
            }
        }
        if let Some(f) = current {
            out.push((f, &text[start..]));
        }
        out
    }

    /// Width of one character at `size_pt`, in points.
    pub fn char_width(&self, c: char, size_pt: f32) -> f32 {
        if is_modifier(c) {
            return 0.0;
        }
        let c = if self.is_missing(c) { MISSING } else { c };
        let (font, advance) = match self.glyph(c) {
            Some((font, advance)) => (&self.fonts[font], advance),
            None => {
                let first = &self.fonts[0];
                (first, first.face.units_per_em() / 2)
            }
        };
        f32::from(advance) / font.units_per_em * size_pt
    }

    pub fn width(&self, text: &str, size_pt: f32) -> f32 {
        text.chars().map(|c| self.char_width(c, size_pt)).sum()
    }

    /// Breaks `text` into lines no wider than `max_pt`: at the opportunities of the Unicode
    /// line-breaking algorithm (so CJK may break between any two ideographs, Latin at spaces, and
    /// closing punctuation such as ，。）」 never starts a line), at hard line breaks, and inside
    /// a word only when the word alone is wider than the line.
    pub fn wrap(&self, text: &str, size_pt: f32, max_pt: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut line_w = 0.0;
            let mut start = 0;
            let mut segments = Vec::new();
            for (end, _) in unicode_linebreak::linebreaks(paragraph) {
                segments.push(&paragraph[start..end]);
                start = end;
            }
            for segment in segments {
                let seg_w = self.width(segment, size_pt);
                let trimmed_w = self.width(segment.trim_end(), size_pt);
                if line_w + trimmed_w <= max_pt || line.is_empty() && trimmed_w <= max_pt {
                    line.push_str(segment);
                    line_w += seg_w;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(line.trim_end().to_owned());
                    line.clear();
                    line_w = 0.0;
                }
                if trimmed_w <= max_pt {
                    line.push_str(segment);
                    line_w = seg_w;
                    continue;
                }
                // A single word wider than the line: break it by characters.
                for c in segment.chars() {
                    let w = self.char_width(c, size_pt);
                    if line_w + w > max_pt && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_w = 0.0;
                    }
                    line.push(c);
                    line_w += w;
                }
            }
            lines.push(line.trim_end().to_owned());
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_chinese_anywhere_but_never_before_closing_punctuation() {
        let m = Metrics::get(Script::Simplified).unwrap();
        let text = "客户在支付环节放弃了购物车，因为结账前必须先注册账号。";
        let lines = m.wrap(text, 10.0, 60.0);
        assert!(lines.len() > 2);
        assert_eq!(lines.concat(), text);
        for line in &lines {
            assert!(m.width(line, 10.0) <= 60.0 + 0.01, "{line}");
            assert!(
                !line.starts_with('，') && !line.starts_with('。'),
                "{lines:?}"
            );
        }
    }

    #[test]
    fn every_character_has_a_font_that_draws_it() {
        for script in [Script::Simplified, Script::Traditional] {
            let m = Metrics::get(script).unwrap();
            for c in "客户 客戶 𠮷野家 𩸽 👍😡🤔 Extension v3.2 「」。".chars() {
                let font = &m.fonts[m.font_of(c)];
                assert!(
                    c == ' ' || font.face.glyph_index(c).is_some(),
                    "{c:?} has no glyph in {}",
                    font.family
                );
            }
        }
        let tw = Metrics::get(Script::Traditional).unwrap();
        // Noto Sans TC ships only its own shapes; the characters it would draw as SC does come
        // from SC (assets/fonts/README.md).
        assert_eq!(tw.fonts[tw.font_of('說')].family, "Noto Sans TC");
        assert_eq!(tw.fonts[tw.font_of('，')].family, "Noto Sans TC");
        assert_eq!(tw.fonts[tw.font_of('戶')].family, "Noto Sans SC");
        assert_eq!(tw.fonts[tw.font_of('𩸽')].family, "Noto Sans JP");
        let cn = Metrics::get(Script::Simplified).unwrap();
        assert_eq!(cn.fonts[cn.font_of('户')].family, "Noto Sans SC");
        let runs: Vec<&str> = cn.runs("好评👍🏽 𠮷").iter().map(|r| r.1).collect();
        assert_eq!(runs.concat(), "好评👍🏽 𠮷");
        assert!(runs.contains(&"👍🏽"), "{runs:?}");
    }

    #[test]
    fn wraps_latin_at_spaces_and_splits_only_overlong_words() {
        let m = Metrics::get(Script::Simplified).unwrap();
        let lines = m.wrap("Compares sizes and reviews on the website", 10.0, 80.0);
        assert!(lines
            .iter()
            .all(|l| !l.starts_with(' ') && !l.ends_with(' ')));
        assert_eq!(lines.join(" "), "Compares sizes and reviews on the website");
        let long = m.wrap(&"x".repeat(200), 10.0, 50.0);
        assert!(long.len() > 3 && long.iter().all(|l| m.width(l, 10.0) <= 50.01));
        assert_eq!(m.wrap("a\n\nb", 10.0, 50.0), vec!["a", "", "b"]);
    }
}
