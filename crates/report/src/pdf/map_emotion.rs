//! The emotion lane of the map's pages: the mean score of each stage as a smooth curve over the
//! band from the lowest to the highest score, the low point marked, each point labelled with its
//! mean and the number of scores.

use wayline_model::LaneView;

use super::flow::{Flow, MUTED};
use super::map_pages::Layout;

/// The emotion lane's height on the page (mm), unless its title needs more.
const EMOTION_ROW: f32 = 30.0;

impl Layout<'_> {
    /// The curve's height, or its lane title's when that is longer (the curve keeps the top).
    pub(super) fn emotion_row_height(&self, flow: &Flow, lane: &LaneView) -> f32 {
        EMOTION_ROW.max(self.title_height(flow, lane, false))
    }

    pub(super) fn emotion_row(&self, flow: &mut Flow, lane: &LaneView) {
        let y0 = flow.y;
        let row_h = self.emotion_row_height(flow, lane);
        self.row_frame(flow, lane, y0, row_h, false);
        let all = self.view.stage_emotions(&lane.id);
        let low = wayline_model::emotion::low_point(&all).map(|i| all[i].stage.as_str());
        let y_of = |v: f64| y0 + 4.0 + (EMOTION_ROW - 8.0) * (2.0 - v as f32) / 4.0;
        let mut pts = Vec::new();
        let mut band_top = Vec::new();
        let mut band_bottom = Vec::new();
        for (i, stage) in self.stages.iter().enumerate() {
            if let Some(p) = all.iter().find(|p| p.stage == stage.id) {
                let x = self.x_of(flow, i) + self.col_w / 2.0;
                let is_low = low == Some(p.stage.as_str());
                pts.push((x, y_of(p.mean), p.mean, p.count, is_low));
                band_top.push((x, y_of(p.max as f64)));
                band_bottom.push((x, y_of(p.min as f64)));
            }
        }
        let (x0, x1) = (self.x_of(flow, 0), self.x_of(flow, self.stages.len()));
        let zero = y_of(0.0);
        let page = flow.page();
        page.line(
            &[(x0, zero, false), (x1, zero, false)],
            "#c0c4cc",
            0.4,
            true,
        );
        if pts.len() > 1 {
            let band: Vec<(f32, f32)> = band_top
                .iter()
                .copied()
                .chain(band_bottom.iter().rev().copied())
                .collect();
            page.polygon(&band, "#e6ddfb");
            page.line(
                &smooth(&pts.iter().map(|p| (p.0, p.1)).collect::<Vec<_>>()),
                "#7c4dde",
                1.4,
                false,
            );
        }
        for &(x, y, mean, n, low) in &pts {
            let r = if low { 1.4 } else { 0.9 };
            page.rect(
                x - r,
                y - r,
                2.0 * r,
                2.0 * r,
                if low { "#d64545" } else { "#7c4dde" },
                None,
            );
            // Above and right of the marker, clear of it (the low point's marker is larger).
            page.text(
                x + r + 1.0,
                y - r - 3.0,
                7.0,
                MUTED,
                &format!("{mean:+.1} ({n})"),
            );
        }
        flow.y = y0 + row_h;
    }
}

/// A smooth curve through `points` (Catmull-Rom as cubic Béziers).
fn smooth(points: &[(f32, f32)]) -> Vec<(f32, f32, bool)> {
    let mut out = Vec::new();
    let Some(&first) = points.first() else {
        return out;
    };
    out.push((first.0, first.1, false));
    for i in 0..points.len().saturating_sub(1) {
        let p0 = points[i.saturating_sub(1)];
        let (p1, p2) = (points[i], points[i + 1]);
        let p3 = points[(i + 2).min(points.len() - 1)];
        out.push((p1.0 + (p2.0 - p0.0) / 6.0, p1.1 + (p2.1 - p0.1) / 6.0, true));
        out.push((p2.0 - (p3.0 - p1.0) / 6.0, p2.1 - (p3.1 - p1.1) / 6.0, true));
        out.push((p2.0, p2.1, false));
    }
    out
}
