//! The CJK-capable font that ships with Wayline (Noto Sans SC, SIL OFL 1.1, `assets/fonts/`):
//! glyph measurement for line wrapping, and the bytes the PDF subsets.

use std::sync::OnceLock;

use crate::ReportError;

pub const FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-Regular.ttf");

/// Glyph advances of the shipped font, for measuring text before placing it.
pub struct Metrics {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
}

impl Metrics {
    pub fn get() -> Result<&'static Metrics, ReportError> {
        static METRICS: OnceLock<Result<Metrics, String>> = OnceLock::new();
        METRICS
            .get_or_init(|| {
                let face = ttf_parser::Face::parse(FONT_BYTES, 0).map_err(|e| e.to_string())?;
                let units_per_em = f32::from(face.units_per_em());
                Ok(Metrics { face, units_per_em })
            })
            .as_ref()
            .map_err(|e| ReportError::Font(e.clone()))
    }

    /// Width of one character at `size_pt`, in points.
    pub fn char_width(&self, c: char, size_pt: f32) -> f32 {
        let advance = self
            .face
            .glyph_index(c)
            .and_then(|g| self.face.glyph_hor_advance(g))
            .unwrap_or(self.face.units_per_em() / 2);
        f32::from(advance) / self.units_per_em * size_pt
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
        let m = Metrics::get().unwrap();
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
    fn wraps_latin_at_spaces_and_splits_only_overlong_words() {
        let m = Metrics::get().unwrap();
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
