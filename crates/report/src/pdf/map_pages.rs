//! The map itself, split across pages by stages: stage headers and lane titles repeat on every
//! page, a lane too tall for a page continues on the next one, and no text is smaller than 7 pt.

use std::collections::HashMap;

use wayline_model::{LaneKind, LaneView, MapView, Separator};

use super::canvas::{line_height, paragraph_height};
use super::flow::{Flow, MUTED, RULE, TEXT};
use super::map_blocks::{fill_cell, Block, CARD_PT, CHIP_GAP, META_PT, PAD};
use super::sections::status_color;
use super::ReportInfo;
use crate::labels::{channel, confidence, label, metric};
use crate::palette::{card_fill, department_tint, stage_band};

const LANE_COL: f32 = 34.0;
const MIN_STAGE_COL: f32 = 46.0;
const MAX_STAGE_COL: f32 = 80.0;

pub(super) struct Layout<'a> {
    pub(super) view: &'a MapView,
    info: &'a ReportInfo,
    numbers: HashMap<&'a str, usize>,
    pub(super) col_w: f32,
    pub(super) stages: &'a [wayline_model::StageView],
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
    pub(super) fn x_of(&self, flow: &Flow, i: usize) -> f32 {
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
            self.ensure_row(flow, lane, self.emotion_row_height(flow, lane));
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
            // Two lines at least, and the lane's whole title (it wraps in its narrow column).
            let min_row =
                (line_height(9.0) * 2.0 + 2.0 * PAD).max(self.title_height(flow, lane, continued));
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

    /// The lane's title as its row shows it: "(continued)" after it on the pages it goes on to.
    fn row_title(&self, lane: &LaneView, continued: bool) -> String {
        if continued {
            crate::labels::with_note(
                self.info.language,
                &lane.title,
                &label(self.info.language, "continued"),
            )
        } else {
            lane.title.clone()
        }
    }

    /// The height the lane's title takes in its column, padding included: no row is drawn lower
    /// than this, so a long title is never cut by the row below.
    pub(super) fn title_height(&self, flow: &Flow, lane: &LaneView, continued: bool) -> f32 {
        let title = self.row_title(lane, continued);
        paragraph_height(flow.metrics, LANE_COL - 2.0 * PAD, 9.0, &title) + 2.0 * PAD
    }

    pub(super) fn row_frame(
        &self,
        flow: &mut Flow,
        lane: &LaneView,
        y: f32,
        h: f32,
        continued: bool,
    ) {
        let left = flow.geometry.margin;
        let title = self.row_title(lane, continued);
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
}
