//! The whole map as one picture (SVG; the PNG is rasterised from it in map_png.rs), laid out like the board:
//! stages as columns, lanes as rows, cards with their colours and wrapped text, channel chips,
//! metric tiles with their status, the emotion curve with its spread band.

use std::fmt::Write as _;

use wayline_model::{LaneKind, Locale, MapView};

use crate::fonts::{Metrics, Script};
use crate::labels::{channel, label, metric};
use crate::palette::{card_fill, department_tint, stage_band};
use crate::ReportError;

const LANE_W: f32 = 200.0;
const COL_W: f32 = 260.0;
const HEADER_H: f32 = 56.0;
const PAD: f32 = 8.0;
const TEXT_PX: f32 = 13.0;
const EMOTION_H: f32 = 120.0;

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

struct Svg {
    out: String,
    /// The fonts the text is drawn with, each character by the first that has it.
    chain: &'static Metrics,
    /// The picture's `font-family` list (the shipped fonts, then the system's).
    families: String,
}

impl Svg {
    fn new(chain: &'static Metrics, families: &str) -> Svg {
        Svg {
            out: String::new(),
            chain,
            families: families.to_owned(),
        }
    }

    fn rect(&mut self, (x, y, w, h): (f32, f32, f32, f32), fill: &str, stroke: &str, r: f32) {
        let _ = write!(
            self.out,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" rx="{r}" fill="{fill}" stroke="{stroke}"/>"#
        );
    }

    fn lines(&mut self, x: f32, y: f32, size: f32, color: &str, lines: &[String]) {
        for (i, line) in lines.iter().enumerate() {
            let _ = write!(
                self.out,
                r#"<text x="{x:.1}" y="{:.1}" font-size="{size}" fill="{color}">"#,
                y + size + i as f32 * size * 1.38,
            );
            self.runs(line, x, size);
            self.out.push_str("</text>");
        }
    }

    /// A line's text, each run of characters one font draws named with that font's family
    /// (a run of the first font needs no name: the picture's own family list starts with it).
    /// The rasteriser then never has to look for a font itself: left to its own fallback, a line
    /// beginning with an emoji was drawn in the emoji font's stead and every other character of
    /// it came out as an empty box.
    ///
    /// Every run after the first is placed where the runs before it end (`x`), which makes it a
    /// text chunk of its own: the rasteriser (usvg 0.49) shapes a chunk of several runs with each
    /// run's font and merges the glyphs, and panicked where one font draws a cluster as one glyph
    /// that another draws as two — "——" in a Traditional Chinese line between the Traditional and
    /// the Simplified font.
    fn runs(&mut self, line: &str, x: f32, size: f32) {
        let mut at = x;
        for (i, (font, run)) in self.chain.runs(line).into_iter().enumerate() {
            let place = if i == 0 {
                String::new()
            } else {
                format!(r#" x="{at:.2}""#)
            };
            match self.chain.fonts.get(font) {
                // The picture's own list after it: a browser showing the SVG on a machine without
                // the shipped font falls back as for any other text.
                Some(chain_font) if font > 0 => {
                    let _ = write!(
                        self.out,
                        r#"<tspan{place} font-family="{}, {}">{}</tspan>"#,
                        chain_font.family,
                        self.families,
                        esc(run)
                    );
                }
                _ if i > 0 => {
                    let _ = write!(self.out, "<tspan{place}>{}</tspan>", esc(run));
                }
                _ => self.out.push_str(&esc(run)),
            }
            at += self.chain.width(run, size);
        }
    }
}

/// The picture's `font-family` list: the shipped chain first, then the same families as a system
/// may name them.
fn picture_families(chain: &Metrics, script: Script) -> String {
    let cjk_system = match script {
        Script::Traditional => "Noto Sans CJK TC",
        Script::Simplified => "Noto Sans CJK SC",
    };
    let shipped: Vec<&str> = chain.fonts.iter().map(|f| f.family).collect();
    format!("{}, {cjk_system}, sans-serif", shipped.join(", "))
}

/// Height of a block of `n` wrapped lines at `size` px.
fn text_h(n: usize, size: f32) -> f32 {
    n as f32 * size * 1.38
}

pub fn map_svg(view: &MapView, language: Locale) -> Result<String, ReportError> {
    let script = Script::of(&view.locale, language);
    let m = Metrics::get(script)?;
    let families = picture_families(m, script);
    let inner = COL_W - 4.0 * PAD;
    let width = LANE_W + view.stages.len().max(1) as f32 * COL_W;
    let mut body = Svg::new(m, &families);
    // The stage headers are as tall as the longest title wrapped: a title is never cut.
    let titles: Vec<Vec<String>> = view
        .stages
        .iter()
        .map(|stage| m.wrap(&stage.title, 15.0, COL_W - 2.0 * PAD))
        .collect();
    let title_lines = titles.iter().map(Vec::len).max().unwrap_or(0);
    let header_h = HEADER_H.max(12.0 + text_h(title_lines, 15.0) + PAD);
    let mut y = header_h;

    for (i, (stage, title)) in view.stages.iter().zip(&titles).enumerate() {
        let x = LANE_W + i as f32 * COL_W;
        body.rect((x, 0.0, COL_W, 6.0), stage_band(&stage.color), "none", 0.0);
        body.rect((x, 6.0, COL_W, header_h - 6.0), "#f4f5f7", "#d0d4d9", 0.0);
        body.lines(x + PAD, 12.0, 15.0, "#1f2328", title);
    }

    for lane in &view.lanes {
        // Measure the row first: the tallest cell decides.
        let mut cells: Vec<Vec<(f32, String)>> = Vec::new();
        for stage in &view.stages {
            let mut blocks = Vec::new();
            match lane.kind {
                LaneKind::Cards | LaneKind::Department => {
                    for card in view.cards_in(&stage.id, &lane.id) {
                        let lines = m.wrap(&card.text, TEXT_PX, inner);
                        let h = text_h(lines.len(), TEXT_PX) + 2.0 * PAD;
                        let mut s = Svg::new(m, &families);
                        s.rect(
                            (PAD, 0.0, COL_W - 2.0 * PAD, h),
                            card_fill(&card.color),
                            "#c9c9c9",
                            5.0,
                        );
                        s.lines(2.0 * PAD, PAD - 2.0, TEXT_PX, "#1f2328", &lines);
                        blocks.push((h, s.out));
                    }
                }
                LaneKind::Channels => {
                    for c in view
                        .channels
                        .iter()
                        .filter(|c| c.stage == stage.id && c.lane == lane.id)
                    {
                        // A name wider than the column wraps inside its chip.
                        let name = m.wrap(
                            &channel(language, &c.channel),
                            12.0,
                            COL_W - 2.0 * PAD - 16.0,
                        );
                        let widest = name.iter().map(|l| m.width(l, 12.0)).fold(0.0, f32::max);
                        let w = (widest + 16.0).min(COL_W - 2.0 * PAD);
                        let h = 22.0 + text_h(name.len().saturating_sub(1), 12.0);
                        let mut s = Svg::new(m, &families);
                        s.rect((PAD, 0.0, w, h), "#eef2f7", "#b8c4d6", 11.0);
                        s.lines(PAD + 8.0, 2.0, 12.0, "#1f2328", &name);
                        blocks.push((h, s.out));
                    }
                }
                LaneKind::Metrics => {
                    for mt in view
                        .metrics
                        .iter()
                        .filter(|x| x.stage == stage.id && x.lane == lane.id)
                    {
                        // The value as the PDF and the board write it ("2 (1–7)", "34 分").
                        let fmt = |v: Option<f64>| crate::pdf::with_unit(language, v, &mt.unit);
                        let text = format!(
                            "{}\n{} {} · {} {}",
                            metric(language, &mt.kind, &mt.label),
                            label(language, "target"),
                            fmt(mt.expected),
                            label(language, "current"),
                            fmt(mt.current)
                        );
                        let lines = m.wrap(&text, 12.0, COL_W - 3.0 * PAD - 14.0);
                        let h = text_h(lines.len(), 12.0) + 2.0 * PAD;
                        let color = crate::pdf::status_hex(mt.status());
                        let mut s = Svg::new(m, &families);
                        s.rect((PAD, 0.0, COL_W - 2.0 * PAD, h), "#ffffff", "#d0d4d9", 5.0);
                        s.rect((PAD, 0.0, 6.0, h), color, "none", 0.0);
                        s.lines(PAD + 14.0, PAD - 2.0, 12.0, "#1f2328", &lines);
                        blocks.push((h, s.out));
                    }
                }
                LaneKind::Emotion => {}
            }
            cells.push(blocks);
        }
        let content = cells
            .iter()
            .map(|c| c.iter().map(|(h, _)| h + PAD).sum::<f32>() + PAD)
            .fold(0.0, f32::max);
        // A row is as tall as its lane's title wrapped, too.
        let title = m.wrap(&lane.title, 14.0, LANE_W - 2.0 * PAD);
        let title_h = text_h(title.len(), 14.0) + 2.0 * PAD;
        let row_h = if lane.kind == LaneKind::Emotion {
            EMOTION_H
        } else {
            content.max(64.0)
        }
        .max(title_h);

        if lane.separator != wayline_model::Separator::None {
            let _ = write!(
                body.out,
                r##"<line x1="0" y1="{y:.1}" x2="{width:.1}" y2="{y:.1}" stroke="#6b7280" stroke-width="2" stroke-dasharray="8 5"/>"##
            );
        }
        let tint = department_tint(&lane.department);
        body.rect((0.0, y, LANE_W, row_h), tint, "#d0d4d9", 0.0);
        body.lines(PAD, y + PAD - 2.0, 14.0, "#1f2328", &title);
        for (i, blocks) in cells.iter().enumerate() {
            let x = LANE_W + i as f32 * COL_W;
            let fill = if lane.department.is_empty() {
                "#ffffff"
            } else {
                tint
            };
            body.rect((x, y, COL_W, row_h), fill, "#d0d4d9", 0.0);
            let mut by = y + PAD;
            for (h, svg) in blocks {
                let _ = write!(
                    body.out,
                    r#"<g transform="translate({x:.1},{by:.1})">{svg}</g>"#
                );
                by += h + PAD;
            }
        }
        if lane.kind == LaneKind::Emotion {
            emotion(&mut body, view, &lane.id, y, row_h);
        }
        y += row_h;
    }

    let height = y + PAD;
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" xml:lang="{}" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="{families}"><rect width="100%" height="100%" fill="#fafaf8"/>"##,
        esc(&view.locale),
    );
    out.push_str(&body.out);
    out.push_str("</svg>");
    Ok(out)
}

fn emotion(body: &mut Svg, view: &MapView, lane: &str, y: f32, h: f32) {
    let y_of = |v: f64| y + 14.0 + (h - 28.0) * (2.0 - v as f32) / 4.0;
    let points = view.stage_emotions(lane);
    let low = wayline_model::emotion::low_point(&points).map(|i| points[i].stage.as_str());
    let mut mean = Vec::new();
    let mut top = Vec::new();
    let mut bottom = Vec::new();
    for (i, stage) in view.stages.iter().enumerate() {
        if let Some(p) = points.iter().find(|p| p.stage == stage.id) {
            let x = LANE_W + (i as f32 + 0.5) * COL_W;
            mean.push((x, y_of(p.mean), low == Some(p.stage.as_str())));
            top.push(format!("{x:.1},{:.1}", y_of(p.max as f64)));
            bottom.push(format!("{x:.1},{:.1}", y_of(p.min as f64)));
        }
    }
    let _ = write!(
        body.out,
        r##"<line x1="{LANE_W}" y1="{0:.1}" x2="{1:.1}" y2="{0:.1}" stroke="#c0c4cc" stroke-dasharray="4 4"/>"##,
        y_of(0.0),
        LANE_W + view.stages.len() as f32 * COL_W
    );
    if mean.len() > 1 {
        bottom.reverse();
        let _ = write!(
            body.out,
            r##"<polygon points="{} {}" fill="#e6ddfb"/>"##,
            top.join(" "),
            bottom.join(" ")
        );
        let path: Vec<String> = mean
            .iter()
            .map(|(x, y, _)| format!("{x:.1},{y:.1}"))
            .collect();
        let _ = write!(
            body.out,
            r##"<polyline points="{}" fill="none" stroke="#7c4dde" stroke-width="3"/>"##,
            path.join(" ")
        );
    }
    for &(x, py, is_low) in &mean {
        let color = if is_low { "#d64545" } else { "#7c4dde" };
        let _ = write!(
            body.out,
            r#"<circle cx="{x:.1}" cy="{py:.1}" r="5" fill="{color}"/>"#
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::is_modifier;
    use wayline_model::templates::instantiate;

    #[test]
    fn the_map_picture_holds_every_card_and_rasterises() {
        let view = instantiate("lifecycle", Locale::ZhTw, None, "T", 0)
            .unwrap()
            .view();
        let svg = map_svg(&view, Locale::ZhTw).unwrap();
        let shown = texts(&svg).join("\n");
        for card in &view.cards {
            let first = card.text.lines().next().unwrap_or("");
            let start: String = first.chars().take(4).collect();
            assert!(shown.contains(&esc(&start)), "{start}");
        }
        let png = crate::map_png::map_png(&view, Locale::ZhTw).unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        assert!(png.len() > 20_000);
    }

    #[test]
    fn long_stage_and_lane_titles_are_whole_in_the_picture() {
        let mut view = instantiate("lifecycle", Locale::En, None, "T", 0)
            .unwrap()
            .view();
        let stage_title = "Payment and the confirmation e-mail, including the invoice, the \
            delivery slot and the loyalty points 💳 END-STAGE";
        let lane_title = "內部流程與系統 Internal process and systems of every department 終";
        view.stages[1].title = stage_title.into();
        view.lanes[0].title = lane_title.into();
        let svg = map_svg(&view, Locale::En).unwrap();
        let shown: String = texts(&svg)
            .concat()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        for title in [stage_title, lane_title] {
            let whole: String = esc(title).chars().filter(|c| !c.is_whitespace()).collect();
            assert!(shown.contains(&whole), "{title} not whole in {shown}");
        }
    }

    /// The text of the picture's `<text>` elements, in order, without the markup (the runs'
    /// `<tspan>`s).
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text ")
            .skip(1)
            .filter_map(|t| {
                let start = t.find('>')? + 1;
                let inner = &t[start..t.find("</text>")?];
                let mut plain = String::new();
                let mut in_tag = false;
                for c in inner.chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        _ if !in_tag => plain.push(c),
                        _ => {}
                    }
                }
                Some(plain)
            })
            .collect()
    }

    /// The glyphs the picture's text was laid out with that no font had (drawn as empty boxes),
    /// by the text they stand for.
    fn missing_glyphs(tree: &resvg::usvg::Tree) -> Vec<String> {
        fn walk(group: &resvg::usvg::Group, out: &mut Vec<String>) {
            for node in group.children() {
                match node {
                    resvg::usvg::Node::Group(g) => walk(g, out),
                    resvg::usvg::Node::Text(text) => {
                        for span in text.layouted() {
                            for glyph in &span.positioned_glyphs {
                                let visible = glyph.text.chars().any(|c| !is_modifier(c));
                                if glyph.id.0 == 0 && visible {
                                    out.push(glyph.text.clone());
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(tree.root(), &mut out);
        out
    }

    /// A card mixing emoji with Chinese and accented Latin text: each character is drawn with
    /// the font that has it (a line beginning with an emoji came out as empty boxes, every
    /// character of it, in the picture).
    #[test]
    fn emoji_chinese_and_latin_on_one_line_each_get_their_font() {
        for (locale, text) in [
            (
                Locale::ZhTw,
                "🎉 滿意 😀👍🏽 家庭 👨\u{200d}👩\u{200d}👧 ✅ café naïve Ωmega",
            ),
            (Locale::ZhCn, "✅ 满意 café 😀 客户"),
        ] {
            let doc = instantiate("lifecycle", locale, None, "T", 0).unwrap();
            let mut view = doc.view();
            view.cards[0].text = text.to_owned();
            let tree = crate::map_png::picture_tree(&view, locale).unwrap();
            assert_eq!(missing_glyphs(&tree), Vec::<String>::new(), "{text}");
            let svg = map_svg(&view, locale).unwrap();
            assert!(
                texts(&svg).iter().any(|t| t.starts_with(&esc(&text[..4]))),
                "{text}"
            );
        }
    }

    #[test]
    fn metric_values_carry_their_scale_and_long_channel_names_wrap_in_their_chip() {
        let doc = instantiate("lifecycle", Locale::ZhCn, None, "T", 0).unwrap();
        let v = doc.view();
        let metrics = v
            .lanes
            .iter()
            .find(|l| l.kind == LaneKind::Metrics)
            .unwrap();
        let channels = v
            .lanes
            .iter()
            .find(|l| l.kind == LaneKind::Channels)
            .unwrap();
        doc.add_metric(wayline_model::NewMetric {
            stage: &v.stages[2].id,
            lane: &metrics.id,
            kind: "ces",
            label: "",
            unit: "1-7",
            direction: wayline_model::Direction::Lower,
            expected: Some(2.0),
            current: Some(5.2),
            amber: 0.1,
            red: 0.2,
            example: false,
        })
        .unwrap();
        let name = "微信小程序 WeChat Mini Program 超长渠道名称测试 extra long";
        doc.set_channel(
            &v.stages[2].id,
            &channels.id,
            &format!("custom:{name}"),
            true,
        )
        .unwrap();
        let svg = map_svg(&doc.view(), Locale::ZhCn).unwrap();
        let all = texts(&svg).concat();
        assert!(
            all.contains("2 (1-7)") && all.contains("5.2 (1-7)"),
            "{all}"
        );
        // Every character of the name, over several lines of the chip.
        let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert!(squash(&all).contains(&squash(name)), "the whole name");
        let lines = texts(&svg)
            .into_iter()
            .filter(|t| name.contains(t.trim()))
            .count();
        assert!(lines >= 2, "the name wraps: {lines} lines");
    }
}
