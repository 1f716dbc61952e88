//! The map itself, split across pages by stages: stage headers and lane titles repeat on every
//! page, a lane too tall for a page continues on the next one, and no text is smaller than 7 pt.

use std::collections::HashMap;

use wayline_model::{CardView, LaneKind, LaneView, MapView, MetricView, Separator};

use super::canvas::{line_height, paragraph_height};
use super::flow::{Flow, MUTED, RULE, TEXT};
use super::sections::status_color;
use super::ReportInfo;
use crate::labels::{channel, confidence, label, metric};
use crate::palette::{card_fill, department_tint, stage_band};

const LANE_COL: f32 = 34.0;
const MIN_STAGE_COL: f32 = 46.0;
const MAX_STAGE_COL: f32 = 80.0;
const PAD: f32 = 1.6;
const CARD_PT: f32 = 8.0;
const META_PT: f32 = 7.0;
const EMOTION_ROW: f32 = 30.0;

/// One thing drawn in a cell, measured before placing.
enum Block<'a> {
    Card {
        card: &'a CardView,
        lines: Vec<String>,
        /// The number, confidence, tags, votes and links, wrapped like the text.
        meta: Vec<String>,
    },
    Metric {
        metric: &'a MetricView,
        lines: Vec<String>,
    },
    /// Channel chips, each name wrapped inside the chip's width.
    Chips(Vec<Vec<String>>),
}

/// Room from one channel chip's top to the next one's beyond a line of text (the chip's box is
/// 0.6 mm taller than the line): 1.4 mm between chips, which touched at 0.6.
const CHIP_GAP: f32 = 2.0;

impl<'a> Block<'a> {
    fn height(&self) -> f32 {
        match self {
            Block::Card { lines, meta, .. } => {
                2.0 * PAD
                    + lines.len() as f32 * line_height(CARD_PT)
                    + meta.len() as f32 * line_height(META_PT)
            }
            Block::Metric { lines, .. } => {
                2.0 * PAD + lines.len() as f32 * line_height(META_PT + 0.5)
            }
            Block::Chips(chips) => {
                chips
                    .iter()
                    .map(|lines| lines.len() as f32 * line_height(META_PT) + CHIP_GAP)
                    .sum::<f32>()
                    + 1.0
            }
        }
    }

    /// A card taller than `room` (mm) as the lines that fit it and the rest, which continues on
    /// the next page; the number and badges go with the last piece. Anything else, or a card of
    /// which not one line fits, comes back whole.
    ///
    /// `at_least_one`: one line goes even if it does not fit (a page on which nothing else could).
    fn split(self, room: f32, at_least_one: bool) -> Result<(Block<'a>, Block<'a>), Block<'a>> {
        let Block::Card { card, lines, meta } = self else {
            return Err(self);
        };
        // The piece's own meta line is the continuation mark "…".
        let mut fit = ((room - 2.0 * PAD - line_height(META_PT)) / line_height(CARD_PT)).floor();
        if at_least_one {
            fit = fit.max(1.0);
        }
        if fit < 1.0 || fit as usize >= lines.len() {
            return Err(Block::Card { card, lines, meta });
        }
        let mut head = lines;
        let tail = head.split_off(fit as usize);
        Ok((
            Block::Card {
                card,
                lines: head,
                meta: vec!["…".to_owned()],
            },
            Block::Card {
                card,
                lines: tail,
                meta,
            },
        ))
    }
}

struct Layout<'a> {
    view: &'a MapView,
    info: &'a ReportInfo,
    numbers: HashMap<&'a str, usize>,
    col_w: f32,
    stages: &'a [wayline_model::StageView],
}

pub fn map_pages(flow: &mut Flow, view: &MapView, info: &ReportInfo) {
    if view.stages.is_empty() || view.lanes.is_empty() {
        return;
    }
    let avail = flow.width() - LANE_COL;
    let per_page = ((avail / MIN_STAGE_COL).floor() as usize).max(1);
    let numbers: HashMap<&str, usize> = view
        .cards
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i + 1))
        .collect();
    // Balance the stages over the pages (6 stages at 5 a page → 3 + 3, not 5 + 1).
    let pages = view.stages.len().div_ceil(per_page);
    let per_page = view.stages.len().div_ceil(pages);
    for chunk in view.stages.chunks(per_page) {
        let layout = Layout {
            view,
            info,
            numbers: numbers.clone(),
            col_w: (avail / chunk.len() as f32).min(MAX_STAGE_COL),
            stages: chunk,
        };
        flow.new_page();
        layout.header(flow);
        for lane in &view.lanes {
            layout.lane(flow, lane);
        }
    }
}

impl<'a> Layout<'a> {
    fn x_of(&self, flow: &Flow, i: usize) -> f32 {
        flow.geometry.margin + LANE_COL + i as f32 * self.col_w
    }

    fn header(&self, flow: &mut Flow) {
        let w = self.col_w - 2.0 * PAD;
        let h = self
            .stages
            .iter()
            .map(|s| paragraph_height(flow.metrics, w, 9.5, &s.title))
            .fold(0.0, f32::max)
            + 2.0 * PAD
            + 1.5;
        let y = flow.y;
        let left = flow.geometry.margin;
        // The map's title is in every page's footer; the narrow corner only names the part
        // (a title there broke mid-word, "旅程 | 圖").
        flow.page().paragraph(
            left,
            y,
            LANE_COL - 2.0,
            7.5,
            MUTED,
            &label(self.info.language, "the_map"),
        );
        for (i, stage) in self.stages.iter().enumerate() {
            let x = self.x_of(flow, i);
            let page = flow.page();
            page.rect(x, y, self.col_w, 1.5, stage_band(&stage.color), None);
            page.rect(x, y + 1.5, self.col_w, h - 1.5, "#f4f5f7", Some(RULE));
            page.paragraph(x + PAD, y + 1.5 + PAD, w, 9.5, TEXT, &stage.title);
        }
        flow.y += h;
    }

    fn blocks(&self, flow: &Flow, lane: &LaneView, stage: &str) -> Vec<Block<'a>> {
        let lang = self.info.language;
        let inner = (self.col_w - 4.0 * PAD) * 72.0 / 25.4;
        match lane.kind {
            LaneKind::Channels => {
                // A name wider than the column wraps inside its chip (1.5 mm of chip each side).
                let chip_text = (self.col_w - 2.0 * PAD - 3.0) * 72.0 / 25.4;
                let chips: Vec<Vec<String>> = self
                    .view
                    .channels
                    .iter()
                    .filter(|c| c.stage == stage && c.lane == lane.id)
                    .map(|c| {
                        flow.metrics
                            .wrap(&channel(lang, &c.channel), META_PT, chip_text)
                    })
                    .collect();
                if chips.is_empty() {
                    vec![]
                } else {
                    vec![Block::Chips(chips)]
                }
            }
            LaneKind::Metrics => self
                .view
                .metrics
                .iter()
                .filter(|m| m.stage == stage && m.lane == lane.id)
                .map(|m| {
                    let text = format!(
                        "{}\n{} {} · {} {}",
                        metric(lang, &m.kind, &m.label),
                        label(lang, "target"),
                        super::with_unit(lang, m.expected, &m.unit),
                        label(lang, "current"),
                        super::with_unit(lang, m.current, &m.unit),
                    );
                    Block::Metric {
                        metric: m,
                        lines: flow.metrics.wrap(&text, META_PT + 0.5, inner - 12.0),
                    }
                })
                .collect(),
            LaneKind::Emotion => vec![],
            LaneKind::Cards | LaneKind::Department => self
                .view
                .cards_in(stage, &lane.id)
                .map(|card| {
                    let mut meta = format!(
                        "#{} · {}",
                        self.numbers.get(card.id.as_str()).copied().unwrap_or(0),
                        confidence(lang, card.confidence)
                    );
                    if !card.tags.is_empty() {
                        let tags: Vec<String> = card.tags.iter().map(|t| format!("#{t}")).collect();
                        meta.push_str(&format!(" · {}", tags.join(" ")));
                    }
                    if card.votes > 0 {
                        meta.push_str(&format!(" · {} {}", card.votes, label(lang, "votes")));
                    }
                    let links: Vec<String> = card
                        .links
                        .iter()
                        .filter_map(|id| self.numbers.get(id.as_str()).map(|n| format!("#{n}")))
                        .collect();
                    if !links.is_empty() {
                        meta.push_str(&format!(
                            " · {} {}",
                            label(lang, "links_to"),
                            links.join(", ")
                        ));
                    }
                    let lines = flow.metrics.wrap(&card.text, CARD_PT, inner);
                    let meta = flow.metrics.wrap(&meta, META_PT, inner);
                    Block::Card { card, lines, meta }
                })
                .collect(),
        }
    }

    fn lane(&self, flow: &mut Flow, lane: &LaneView) {
        if lane.kind == LaneKind::Emotion {
            self.ensure_row(flow, lane, EMOTION_ROW);
            self.emotion_row(flow, lane);
            return;
        }
        let mut cells: Vec<Vec<Block<'a>>> = self
            .stages
            .iter()
            .map(|s| self.blocks(flow, lane, &s.id))
            .collect();
        let mut continued = false;
        let mut stalled = false;
        loop {
            let bottom = flow.geometry.height - flow.geometry.margin - flow.geometry.footer;
            let min_row = line_height(9.0) * 2.0 + 2.0 * PAD;
            let wanted = cells
                .iter()
                .map(|c| c.iter().map(|b| b.height() + PAD).sum::<f32>() + PAD)
                .fold(min_row, f32::max);
            // A lane that would fit whole on a fresh page starts there rather than being split.
            let fresh_room = bottom - flow.geometry.margin - 20.0;
            if !continued && wanted > bottom - flow.y && wanted <= fresh_room {
                flow.new_page();
                self.header(flow);
            }
            let sep = self.room_for_row(flow, lane, wanted.min(bottom - flow.y).max(min_row));
            let room = bottom - flow.y - sep;
            // Take from each cell the blocks that fit this page.
            let mut row_h: f32 = min_row;
            let mut placed: Vec<Vec<Block<'a>>> = Vec::new();
            for cell in cells.iter_mut() {
                let (take, used) = fill_cell(cell, room, fresh_room, stalled);
                row_h = row_h.max(used);
                placed.push(cell.drain(..take).collect());
            }
            // Nothing fits what is left of this page: the lane starts on the next, no empty
            // frame left behind. Should nothing fit there either (headers taller than a page),
            // each cell's next block goes anyway, so the report always ends.
            // (A lane with nothing in these stages is drawn as its empty row, as ever.)
            let nothing_fits =
                placed.iter().all(Vec::is_empty) && cells.iter().any(|c| !c.is_empty());
            if nothing_fits && !stalled {
                stalled = true;
                flow.new_page();
                self.header(flow);
                continue;
            }
            stalled = false;
            if sep > 0.0 {
                self.separator(flow, lane.separator);
            }
            let y0 = flow.y;
            self.row_frame(flow, lane, y0, row_h, continued);
            for (i, blocks) in placed.iter().enumerate() {
                let mut y = y0 + PAD;
                for b in blocks {
                    self.draw_block(flow, i, y, b);
                    y += b.height() + PAD;
                }
            }
            flow.y = y0 + row_h;
            if cells.iter().all(Vec::is_empty) {
                break;
            }
            continued = true;
            flow.new_page();
            self.header(flow);
        }
    }

    /// Starts a new page (with the stage headers again) unless a row of `h` fits.
    fn ensure_row(&self, flow: &mut Flow, lane: &LaneView, h: f32) {
        if self.room_for_row(flow, lane, h) > 0.0 {
            self.separator(flow, lane.separator);
        }
    }

    /// Starts a new page (with the stage headers again) unless a row of `h` and the lane's
    /// separator fit; returns the separator's height, which the caller draws with the row (not
    /// before knowing the row goes on this page: a lone separator would be left behind).
    fn room_for_row(&self, flow: &mut Flow, lane: &LaneView, h: f32) -> f32 {
        let sep = if lane.separator == Separator::None {
            0.0
        } else {
            4.0
        };
        let bottom = flow.geometry.height - flow.geometry.margin - flow.geometry.footer;
        if flow.y + h + sep > bottom {
            flow.new_page();
            self.header(flow);
        }
        sep
    }

    fn separator(&self, flow: &mut Flow, kind: Separator) {
        // The board's own word for the line (the UI catalogs' board.separator.*).
        let name = crate::labels::board_heading(
            self.info.language,
            &format!("board.separator.{}", kind.as_str()),
        );
        let (x0, y) = (flow.geometry.margin, flow.y);
        let x1 = self.x_of(flow, self.stages.len());
        flow.page().text(x0 + 1.0, y + 0.2, 7.0, MUTED, &name);
        flow.page().line(
            &[(x0, y + 3.4, false), (x1, y + 3.4, false)],
            "#6b7280",
            0.8,
            true,
        );
        flow.y += 4.0;
    }

    fn row_frame(&self, flow: &mut Flow, lane: &LaneView, y: f32, h: f32, continued: bool) {
        let left = flow.geometry.margin;
        let title = if continued {
            format!(
                "{} ({})",
                lane.title,
                label(self.info.language, "continued")
            )
        } else {
            lane.title.clone()
        };
        let tint = department_tint(&lane.department);
        let xs: Vec<f32> = (0..self.stages.len()).map(|i| self.x_of(flow, i)).collect();
        let page = flow.page();
        page.rect(left, y, LANE_COL, h, tint, Some(RULE));
        page.paragraph(left + PAD, y + PAD, LANE_COL - 2.0 * PAD, 9.0, TEXT, &title);
        for x in xs {
            let fill = if lane.department.is_empty() {
                "#ffffff"
            } else {
                tint
            };
            page.rect(x, y, self.col_w, h, fill, Some(RULE));
        }
    }

    fn draw_block(&self, flow: &mut Flow, col: usize, y: f32, block: &Block<'_>) {
        let x = self.x_of(flow, col) + PAD;
        let w = self.col_w - 2.0 * PAD;
        let page = flow.page();
        match block {
            Block::Card { card, lines, meta } => {
                page.rect(
                    x,
                    y,
                    w,
                    block.height(),
                    card_fill(&card.color),
                    Some("#c9c9c9"),
                );
                let mut ty = y + PAD;
                for line in lines {
                    page.text(x + PAD, ty, CARD_PT, TEXT, line);
                    ty += line_height(CARD_PT);
                }
                for line in meta {
                    page.text(x + PAD, ty, META_PT, MUTED, line);
                    ty += line_height(META_PT);
                }
            }
            Block::Metric { metric, lines } => {
                page.rect(x, y, w, block.height(), "#ffffff", Some(RULE));
                page.rect(
                    x,
                    y,
                    2.2,
                    block.height(),
                    status_color(metric.status()),
                    None,
                );
                let mut ty = y + PAD;
                for line in lines {
                    page.text(x + 4.0, ty, META_PT + 0.5, TEXT, line);
                    ty += line_height(META_PT + 0.5);
                }
            }
            Block::Chips(chips) => {
                let mut ty = y + 0.5;
                for lines in chips {
                    let widest = lines
                        .iter()
                        .map(|l| flow.metrics.width(l, META_PT))
                        .fold(0.0, f32::max);
                    let cw = (widest * 25.4 / 72.0 + 3.0).min(w);
                    let h = lines.len() as f32 * line_height(META_PT);
                    let page = flow.page();
                    page.rect(x, ty, cw, h + 0.6, "#eef2f7", Some("#b8c4d6"));
                    for (i, line) in lines.iter().enumerate() {
                        let ly = ty + 0.3 + i as f32 * line_height(META_PT);
                        page.text(x + 1.5, ly, META_PT, TEXT, line);
                    }
                    ty += h + CHIP_GAP;
                }
            }
        }
    }

    fn emotion_row(&self, flow: &mut Flow, lane: &LaneView) {
        let y0 = flow.y;
        self.row_frame(flow, lane, y0, EMOTION_ROW, false);
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
        flow.y = y0 + EMOTION_ROW;
    }
}

/// How many of a cell's next blocks go on this page, and the height they take: whole blocks while
/// they fit `room`, then the lines of the next card that still fit (the rest continues on the next
/// page). A metric or chip list that does not fit waits for the next page, unless it is taller
/// than a fresh page (`fresh_room`), when it is drawn whole: they are a few lines each. `force`
/// (nothing could go on the last page) makes the first block go: a card with at least one line.
fn fill_cell(cell: &mut Vec<Block<'_>>, room: f32, fresh_room: f32, force: bool) -> (usize, f32) {
    let mut used = PAD;
    let mut take = 0;
    while take < cell.len() {
        let h = cell[take].height();
        if used + h + PAD <= room {
            used += h + PAD;
            take += 1;
            continue;
        }
        let first = take == 0;
        let block = cell.remove(take);
        match block.split(room - used - PAD, force && first) {
            Ok((head, tail)) => {
                used += head.height() + PAD;
                cell.insert(take, tail);
                cell.insert(take, head);
                take += 1;
            }
            Err(block) => {
                let card = matches!(block, Block::Card { .. });
                let whole = first && (force || (!card && block.height() > fresh_room));
                if whole {
                    used += block.height() + PAD;
                    take += 1;
                }
                cell.insert(take - usize::from(whole), block);
            }
        }
        break;
    }
    (take, used)
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
