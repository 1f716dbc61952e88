//! A small SVG picture of a map for the map list: stage bands, lanes, and the cards of each cell
//! as coloured dots — enough to recognise a map at a glance.

use std::fmt::Write as _;

use wayline_model::{LaneKind, MapView};

use crate::palette::{card_fill, department_tint, stage_band};

const WIDTH: f64 = 240.0;
const HEIGHT: f64 = 140.0;
const HEADER: f64 = 10.0;
const MAX_DOTS: usize = 4;

pub fn thumbnail_svg(view: &MapView) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}"><rect width="{WIDTH}" height="{HEIGHT}" fill="#fafaf8"/>"##
    );
    let (stages, lanes) = (view.stages.len(), view.lanes.len());
    if stages == 0 || lanes == 0 {
        out.push_str("</svg>");
        return out;
    }
    let col = WIDTH / stages as f64;
    let row = (HEIGHT - HEADER) / lanes as f64;
    for (i, stage) in view.stages.iter().enumerate() {
        let _ = write!(
            out,
            r#"<rect x="{:.1}" y="0" width="{:.1}" height="{:.1}" fill="{}"/>"#,
            i as f64 * col + 0.5,
            col - 1.0,
            HEADER - 2.0,
            stage_band(&stage.color)
        );
    }
    for (j, lane) in view.lanes.iter().enumerate() {
        let y = HEADER + j as f64 * row;
        let _ = write!(
            out,
            r#"<rect x="0" y="{y:.1}" width="{WIDTH}" height="{:.1}" fill="{}"/>"#,
            row - 0.5,
            department_tint(&lane.department)
        );
        if lane.kind == LaneKind::Emotion {
            continue;
        }
        for (i, stage) in view.stages.iter().enumerate() {
            let cards: Vec<_> = view.cards_in(&stage.id, &lane.id).take(MAX_DOTS).collect();
            let dot_w = (col - 4.0) / MAX_DOTS as f64;
            for (k, card) in cards.iter().enumerate() {
                let _ = write!(
                    out,
                    r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="1" fill="{}" stroke="#00000022" stroke-width="0.5"/>"##,
                    i as f64 * col + 2.0 + k as f64 * dot_w,
                    y + row * 0.2,
                    (dot_w - 1.5).max(1.0),
                    (row * 0.6).max(1.0),
                    card_fill(&card.color)
                );
            }
        }
    }
    // The curve of each emotion lane, if rated: mean per stage.
    for (j, lane) in view.lanes.iter().enumerate() {
        if lane.kind != LaneKind::Emotion {
            continue;
        }
        let lane_id = lane.id.as_str();
        let y0 = HEADER + j as f64 * row;
        let rated = view.stage_emotions(lane_id);
        let points: Vec<String> = view
            .stages
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let p = rated.iter().find(|p| p.stage == s.id)?;
                let y = y0 + row * (0.5 - p.mean / 5.0);
                Some(format!("{:.1},{:.1}", (i as f64 + 0.5) * col, y))
            })
            .collect();
        if points.len() > 1 {
            let _ = write!(
                out,
                r##"<polyline points="{}" fill="none" stroke="#7c4dde" stroke-width="1.5"/>"##,
                points.join(" ")
            );
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wayline_model::templates::instantiate;
    use wayline_model::Locale;

    #[test]
    fn a_template_map_becomes_a_small_svg_with_its_cards() {
        let view = instantiate("lifecycle", Locale::ZhCn, None, "T", 0)
            .unwrap()
            .view();
        let svg = thumbnail_svg(&view);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("#fdf1b0"), "yellow cards are drawn");
        assert!(svg.contains("<polyline"), "the emotion curve is drawn");
        assert!(svg.len() < 20_000);
        let empty = thumbnail_svg(&wayline_model::MapDoc::new().view());
        assert!(empty.ends_with("</svg>"));
    }
}
