//! The UI's fonts, cut on demand from the fonts the reports already ship (fonts.rs), so the
//! binaries carry each font once. The page declares one face per slice of Unicode
//! (`assets/fonts/web-slices.json`, Google Fonts' slicing of Noto Sans SC and TC, which puts the
//! characters used together in the same few slices); a browser fetches a slice only when a
//! character of it is on screen, and the host answers with the shipped font reduced to that
//! slice's characters (a few hundred glyphs, tens of KB).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use allsorts::tag;
use serde::Deserialize;

use crate::font_lease;
use crate::fonts::{self, ShippedFont};
use crate::ReportError;

/// The slicing both sides read: the UI registers a face per slice from it (ui/src/fonts).
const SLICES_JSON: &str = include_str!("../../../assets/fonts/web-slices.json");

#[derive(Deserialize)]
struct SliceFile {
    faces: Vec<WebFace>,
}

/// One family the UI draws with, and the Unicode slices it is cut into.
#[derive(Deserialize)]
struct WebFace {
    /// What the URL names it by: `/fonts/<key>-<slice>.ttf`.
    key: String,
    /// The shipped font it is cut from.
    file: String,
    /// CSS `unicode-range` values, one per slice.
    slices: Vec<String>,
}

fn faces() -> Result<&'static [WebFace], ReportError> {
    static FACES: OnceLock<Result<Vec<WebFace>, String>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            serde_json::from_str::<SliceFile>(SLICES_JSON)
                .map(|file| file.faces)
                .map_err(|e| format!("the web font slices cannot be read: {e}"))
        })
        .as_deref()
        .map_err(|e| ReportError::Font(e.clone()))
}

/// The tables a browser needs to draw text with a slice; the hinting programs are kept because
/// the glyphs' own instructions call them.
fn profile() -> SubsetProfile {
    SubsetProfile::Custom(vec![
        tag::CMAP,
        tag::HEAD,
        tag::HHEA,
        tag::HMTX,
        tag::MAXP,
        tag::NAME,
        tag::OS_2,
        tag::POST,
        tag::CVT,
        tag::FPGM,
        tag::PREP,
    ])
}

/// Slices already cut, by file name. Bounded by the shipped fonts themselves (~19 MB if every
/// slice of every font were asked for; a workshop's pages ask for a few dozen, tens of KB each).
fn kept() -> &'static Mutex<HashMap<String, Arc<[u8]>>> {
    static KEPT: OnceLock<Mutex<HashMap<String, Arc<[u8]>>>> = OnceLock::new();
    KEPT.get_or_init(Mutex::default)
}

/// The slice a URL's file name asks for (`sc-57.ttf`), cut the first time (a few milliseconds:
/// call it off an async worker) and kept; `None` for a name that is not a slice, so the caller
/// answers "not found" without cutting anything.
pub fn web_font_slice(name: &str) -> Option<Result<Arc<[u8]>, ReportError>> {
    if let Some(cut) = kept().lock().ok().and_then(|kept| kept.get(name).cloned()) {
        return Some(Ok(cut));
    }
    let cut = cut_slice(name)?.map(Arc::<[u8]>::from);
    if let (Ok(cut), Ok(mut kept)) = (&cut, kept().lock()) {
        kept.insert(name.to_owned(), cut.clone());
    }
    Some(cut)
}

fn cut_slice(name: &str) -> Option<Result<Vec<u8>, ReportError>> {
    let (key, index) = name.strip_suffix(".ttf")?.rsplit_once('-')?;
    let index: usize = index.parse().ok()?;
    let faces = match faces() {
        Ok(faces) => faces,
        Err(e) => return Some(Err(e)),
    };
    let face = faces.iter().find(|face| face.key == key)?;
    // An empty range is a slice whose characters the font no longer ships (Noto Sans TC's Latin,
    // drawn alike by SC: assets/fonts/README.md); it keeps its place so the others keep their
    // numbers, and the UI declares no face for it.
    let range = face
        .slices
        .get(index)
        .filter(|range| !range.trim().is_empty())?;
    let font = fonts::shipped_font_file(&face.file)?;
    Some(cut(font, range))
}

fn cut(font: &'static ShippedFont, range: &str) -> Result<Vec<u8>, ReportError> {
    let bytes = font_lease::borrow(font)?;
    let bytes: &[u8] = &bytes;
    let error = |e: &dyn std::fmt::Display| ReportError::Font(format!("a web font slice: {e}"));
    let parsed = ttf_parser::Face::parse(bytes, 0).map_err(|e| error(&e))?;
    // Glyph 0 (.notdef) must stay first; the others in the font's order.
    let mut glyphs: Vec<u16> = vec![0];
    for span in parse_unicode_range(range).map_err(|e| error(&e))? {
        for code in span {
            if let Some(glyph) = char::from_u32(code).and_then(|c| parsed.glyph_index(c)) {
                glyphs.push(glyph.0);
            }
        }
    }
    glyphs[1..].sort_unstable();
    glyphs.dedup();
    let data = ReadScope::new(bytes)
        .read::<FontData<'_>>()
        .map_err(|e| error(&e))?;
    let provider = data.table_provider(0).map_err(|e| error(&e))?;
    subset(&provider, &glyphs, &profile(), CmapTarget::Unicode).map_err(|e| error(&e))
}

/// A CSS `unicode-range` value (`U+0000-00FF,U+0131,U+4E??`) as inclusive code point spans.
pub(crate) fn parse_unicode_range(
    value: &str,
) -> Result<Vec<std::ops::RangeInclusive<u32>>, String> {
    let hex = |s: &str| u32::from_str_radix(s, 16).map_err(|_| format!("not a code point: {s}"));
    value
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            let body = part
                .strip_prefix("U+")
                .or_else(|| part.strip_prefix("u+"))
                .ok_or_else(|| format!("not a Unicode range: {part}"))?;
            let (start, end) = match body.split_once('-') {
                Some((start, end)) => (hex(start)?, hex(end)?),
                None if body.contains('?') => {
                    (hex(&body.replace('?', "0"))?, hex(&body.replace('?', "F"))?)
                }
                None => (hex(body)?, hex(body)?),
            };
            if start > end || end > 0x10FFFF {
                return Err(format!("not a Unicode range: {part}"));
            }
            Ok(start..=end)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_css_unicode_ranges() {
        assert_eq!(
            parse_unicode_range("U+0000-00FF, U+0131,u+4E??").unwrap(),
            vec![0..=0xFF, 0x131..=0x131, 0x4E00..=0x4EFF]
        );
        assert!(parse_unicode_range("U+00FF-0000").is_err());
        assert!(parse_unicode_range("0041").is_err());
        assert!(parse_unicode_range("U+110000").is_err());
    }

    #[test]
    fn every_slice_of_the_shipped_slicing_reads() {
        let faces = faces().unwrap();
        assert_eq!(
            faces.iter().map(|f| f.key.as_str()).collect::<Vec<_>>(),
            ["sc", "tc", "jp", "emoji"]
        );
        for face in faces {
            assert!(
                fonts::shipped_font_file(&face.file).is_some(),
                "{}",
                face.file
            );
            for range in &face.slices {
                parse_unicode_range(range).unwrap();
            }
        }
    }

    /// Every slice the UI declares holds characters of its font, so a browser never fetches a
    /// slice with nothing in it; a slice emptied by trimming its font is not found.
    #[test]
    fn every_declared_slice_holds_characters_of_its_font() {
        for face in faces().unwrap() {
            let font = fonts::shipped_font_file(&face.file).unwrap();
            let bytes = font_lease::borrow(font).unwrap();
            let parsed = ttf_parser::Face::parse(&bytes, 0).unwrap();
            for (index, range) in face.slices.iter().enumerate() {
                let name = format!("{}-{index}.ttf", face.key);
                if range.is_empty() {
                    assert!(cut_slice(&name).is_none(), "{name}");
                    continue;
                }
                let held = parse_unicode_range(range)
                    .unwrap()
                    .into_iter()
                    .flatten()
                    .filter_map(char::from_u32)
                    .any(|c| parsed.glyph_index(c).is_some());
                assert!(held, "{name} holds no character of {}", face.file);
            }
        }
        let tc = faces().unwrap().iter().find(|f| f.key == "tc").unwrap();
        assert!(tc.slices.iter().any(String::is_empty));
    }

    /// A slice is a font of its own: it parses, maps its characters to the same outlines as the
    /// whole font, and leaves out the characters of other slices.
    #[test]
    fn a_slice_holds_its_characters_and_no_others() {
        let faces = faces().unwrap();
        let sc = faces.iter().find(|f| f.key == "sc").unwrap();
        let index = sc
            .slices
            .iter()
            .position(|range| {
                parse_unicode_range(range)
                    .unwrap()
                    .iter()
                    .any(|span| span.contains(&u32::from('旅')))
            })
            .unwrap();
        let bytes = web_font_slice(&format!("sc-{index}.ttf")).unwrap().unwrap();
        assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
        let cut = ttf_parser::Face::parse(&bytes, 0).unwrap();
        let whole = ttf_parser::Face::parse(fonts::SC.bytes().unwrap(), 0).unwrap();
        let glyph = cut.glyph_index('旅').unwrap();
        assert_eq!(
            cut.glyph_hor_advance(glyph),
            whole.glyph_hor_advance(whole.glyph_index('旅').unwrap())
        );
        assert!(cut.glyph_bounding_box(glyph).is_some());
        let elsewhere = parse_unicode_range(&sc.slices[(index + 1) % sc.slices.len()]).unwrap();
        let other = elsewhere
            .iter()
            .flat_map(|span| span.clone())
            .filter_map(char::from_u32)
            .find(|c| whole.glyph_index(*c).is_some())
            .unwrap();
        assert!(cut.glyph_index(other).is_none(), "{other}");
    }

    #[test]
    fn names_that_are_not_slices_are_not_found() {
        for name in [
            "sc-9999.ttf",
            "xx-1.ttf",
            "sc-1",
            "sc-x.ttf",
            "../sc-1.ttf",
            "sc--1.ttf",
        ] {
            assert!(web_font_slice(name).is_none(), "{name}");
        }
        assert!(web_font_slice("emoji-0.ttf").unwrap().is_ok());
        assert!(web_font_slice("jp-0.ttf").unwrap().is_ok());
    }
}
