//! Text that flows down pages: headings, paragraphs, table rows and colour bars, starting a new
//! page whenever the next block would not fit, so nothing is ever cut off.

use printpdf::FontId;

use super::canvas::{line_height, paragraph_height, Canvas, PT_PER_MM};
use super::Geometry;
use crate::fonts::Metrics;

pub const TEXT: &str = "#1f2328";
pub const MUTED: &str = "#5b6169";
pub const RULE: &str = "#d0d4d9";

pub struct Flow {
    pub geometry: Geometry,
    fonts: Vec<FontId>,
    pub metrics: &'static Metrics,
    pub pages: Vec<Canvas>,
    pub y: f32,
    /// The header of the table being drawn, drawn again at the top of each page it continues on.
    table_header: Option<TableHeader>,
    /// The header is not drawn yet: it goes with the table's first row.
    header_pending: bool,
}

/// A table's header row: its columns' widths (mm), the headings and their size.
#[derive(Clone)]
struct TableHeader {
    widths: Vec<f32>,
    cells: Vec<String>,
    size_pt: f32,
}

impl Flow {
    pub fn new(geometry: Geometry, fonts: Vec<FontId>, metrics: &'static Metrics) -> Flow {
        let mut flow = Flow {
            geometry,
            fonts,
            metrics,
            pages: Vec::new(),
            y: 0.0,
            table_header: None,
            header_pending: false,
        };
        flow.new_page();
        flow
    }

    pub fn new_page(&mut self) {
        self.pages.push(Canvas::new(
            self.geometry.height,
            self.fonts.clone(),
            self.metrics,
        ));
        self.y = self.geometry.margin;
        // A table going on over the page: its header again, so a reader of that page knows the
        // columns (an action's row at a page's top read as anything).
        if !self.header_pending {
            if let Some(header) = self.table_header.take() {
                self.row(&header.widths, &header.cells, header.size_pt, MUTED, None);
                self.table_header = Some(header);
            }
        }
    }

    /// Starts a table with its header row, which is drawn with the table's first row (never left
    /// alone at a page's bottom) and again on every page the table continues on, until
    /// [`Flow::end_table`].
    pub fn table_header(&mut self, widths: &[f32], cells: &[String], size_pt: f32) {
        self.table_header = Some(TableHeader {
            widths: widths.to_vec(),
            cells: cells.to_vec(),
            size_pt,
        });
        self.header_pending = true;
    }

    /// Height (mm) of a row of `cells` in columns of `widths` at `size_pt`, as [`Flow::row`]
    /// draws it without a swatch.
    pub fn row_height(&self, widths: &[f32], cells: &[String], size_pt: f32) -> f32 {
        let lines = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| self.metrics.wrap(c, size_pt, (w - 2.0) * PT_PER_MM).len())
            .max()
            .unwrap_or(0)
            .max(1);
        lines as f32 * line_height(size_pt) + 2.0
    }

    /// Height (mm) [`Flow::heading`] takes for `text` at `size_pt`.
    pub fn heading_height(&self, text: &str, size_pt: f32) -> f32 {
        paragraph_height(self.metrics, self.width(), size_pt, text) + 3.0
    }

    /// Ends the table [`Flow::table_header`] began: later pages start without its header.
    pub fn end_table(&mut self) {
        self.table_header = None;
        self.header_pending = false;
    }

    /// The open table's header height, once drawn (0 without a table).
    fn header_height(&self) -> f32 {
        self.table_header
            .as_ref()
            .map_or(0.0, |h| self.row_height(&h.widths, &h.cells, h.size_pt))
    }

    pub fn page(&mut self) -> &mut Canvas {
        if self.pages.is_empty() {
            self.new_page();
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn bottom(&self) -> f32 {
        self.geometry.height - self.geometry.margin - self.geometry.footer
    }

    /// Starts a new page unless `h` millimetres still fit on this one.
    pub fn ensure(&mut self, h: f32) {
        if self.y + h > self.bottom() && self.y > self.geometry.margin + 0.1 {
            self.new_page();
        }
    }

    pub fn width(&self) -> f32 {
        self.geometry.width - 2.0 * self.geometry.margin
    }

    pub fn heading(&mut self, text: &str, size_pt: f32) {
        let h = paragraph_height(self.metrics, self.width(), size_pt, text) + 3.0;
        // Keep a heading with at least a few lines of what follows it.
        self.ensure(h + 20.0);
        let (x, y, w) = (self.geometry.margin, self.y, self.width());
        let used = self.page().paragraph(x, y, w, size_pt, TEXT, text);
        self.y += used + 3.0;
    }

    pub fn paragraph(&mut self, text: &str, size_pt: f32, color: &str) {
        self.paragraph_at(0.0, text, size_pt, color);
    }

    /// A paragraph indented by `indent` mm; long paragraphs continue on the next page.
    pub fn paragraph_at(&mut self, indent: f32, text: &str, size_pt: f32, color: &str) {
        let w = self.width() - indent;
        let lines = self.metrics.wrap(text, size_pt, w * 72.0 / 25.4);
        let step = line_height(size_pt);
        for line in lines {
            self.ensure(step);
            let (x, y) = (self.geometry.margin + indent, self.y);
            self.page().text(x, y, size_pt, color, &line);
            self.y += step;
        }
        self.y += 1.0;
    }

    /// A list item: a dot drawn before its first line, the text indented beside it. The dot is
    /// drawn, not typed: the fonts draw "•" and "·" with one glyph, and a PDF's text layer names
    /// each glyph by one character, so with a typed "•" on the page every "·" of the report (a
    /// transliterated name, 史蒂夫·王) was copied out as "•".
    pub fn bullet_item(&mut self, text: &str, size_pt: f32, color: &str) {
        const INDENT_MM: f32 = 5.0;
        const RADIUS_MM: f32 = 0.6;
        let step = line_height(size_pt);
        self.ensure(step);
        let (cx, cy) = (self.geometry.margin + 2.0, self.y + step * 0.45);
        let dot: Vec<(f32, f32)> = (0..12)
            .map(|i| {
                let a = i as f32 * std::f32::consts::TAU / 12.0;
                (cx + RADIUS_MM * a.cos(), cy + RADIUS_MM * a.sin())
            })
            .collect();
        self.page().polygon(&dot, color);
        self.paragraph_at(INDENT_MM, text, size_pt, color);
    }

    /// A table row: cells of the given widths (mm), wrapped, with an optional status swatch. A
    /// row taller than the room left continues on the next page, line by line in every cell, so
    /// a card of thousands of characters in a table keeps every line.
    pub fn row(
        &mut self,
        widths: &[f32],
        cells: &[String],
        size_pt: f32,
        color: &str,
        swatch: Option<&str>,
    ) {
        let step = line_height(size_pt);
        let last = cells.len().saturating_sub(1);
        // Where each cell's text starts in its column (the swatch takes the last one's left).
        let insets: Vec<(f32, f32)> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| match swatch {
                Some(_) if i == last => (4.0, w - 6.0),
                _ => (0.0, w - 2.0),
            })
            .collect();
        let lines: Vec<Vec<String>> = insets
            .iter()
            .zip(cells)
            .map(|((_, w), c)| self.metrics.wrap(c, size_pt, w * PT_PER_MM))
            .collect();
        let total = lines.iter().map(Vec::len).max().unwrap_or(0).max(1);
        // A row that would fit a page of its own (under the table's header) goes whole to the
        // next page rather than being split; a taller one starts here and continues.
        let whole = total as f32 * step + 2.0;
        let header = self.header_height();
        let fits_a_page = whole <= self.bottom() - self.geometry.margin - header;
        if self.header_pending {
            // The table's first row: its header goes with it (or with its first lines).
            self.header_pending = false;
            let first = if fits_a_page { whole } else { 3.0 * step + 2.0 };
            let room = header + first;
            if self.y + room > self.bottom() && self.y > self.geometry.margin + 0.1 {
                // The new page draws the header itself.
                self.new_page();
            } else if let Some(h) = self.table_header.take() {
                self.row(&h.widths, &h.cells, h.size_pt, MUTED, None);
                self.table_header = Some(h);
            }
        }
        if fits_a_page {
            self.ensure(whole);
        }
        let mut from = 0;
        while from < total {
            // (A hair over, so a row that fits by the measure above is not split by rounding.)
            let lines_left =
                |flow: &Flow| ((flow.bottom() - flow.y - 2.0) / step + 1e-3).floor() as usize;
            let mut room = lines_left(self);
            if room == 0 {
                self.new_page();
                room = lines_left(self).max(1);
            }
            let to = (from + room).min(total);
            let h = (to - from) as f32 * step + 2.0;
            let left = self.geometry.margin;
            let right = left + self.width();
            let y = self.y;
            let page = self.page();
            let mut x = left;
            for (i, w) in widths.iter().enumerate() {
                if i == last && from == 0 {
                    if let Some(fill) = swatch {
                        page.rect(x, y + 0.6, 3.0, 3.0, fill, None);
                    }
                }
                let inset = insets[i].0;
                for (n, line) in lines[i].iter().take(to).skip(from).enumerate() {
                    page.text(x + inset, y + 0.5 + n as f32 * step, size_pt, color, line);
                }
                x += w;
            }
            let ruled = if to == total { RULE } else { "#e6e8eb" };
            page.line(
                &[(left, y + h, false), (right, y + h, false)],
                ruled,
                0.4,
                false,
            );
            self.y += h;
            from = to;
            if from < total {
                self.new_page();
            }
        }
    }

    pub fn space(&mut self, mm: f32) {
        self.y += mm;
    }
}
