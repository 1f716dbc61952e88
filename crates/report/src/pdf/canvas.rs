//! One page's drawing operations in millimetres from the top-left corner (PDF counts from the
//! bottom-left in points; this is the one place that converts).

use printpdf::{
    Color, DictItem, FontId, Line, LineDashPattern, LinePoint, Mm, Op, PaintMode, PdfFontHandle,
    Point, Polygon, PolygonRing, Pt, Rect, Rgb, TextItem, WindingOrder,
};

use crate::fonts::{is_modifier, Metrics, MISSING, MISSING_RUN};

/// The properties of a marked-content span whose text, for copying and `pdftotext`, is `text`
/// (UTF-16BE with a byte-order mark, as PDF text strings are).
fn actual_text(text: &str) -> DictItem {
    let mut data = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        data.extend(unit.to_be_bytes());
    }
    DictItem::Dict {
        map: [(
            "ActualText".to_owned(),
            DictItem::String {
                data,
                literal: false,
            },
        )]
        .into(),
    }
}

/// `#rrggbb` to a PDF colour (black for anything else).
pub fn hex(color: &str) -> Color {
    let c = color.trim_start_matches('#');
    let part = |i: usize| {
        c.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .map_or(0.0, |v| f32::from(v) / 255.0)
    };
    Color::Rgb(Rgb {
        r: part(0),
        g: part(2),
        b: part(4),
        icc_profile: None,
    })
}

pub const PT_PER_MM: f32 = 72.0 / 25.4;

pub struct Canvas {
    height: f32,
    /// The PDF font of each font of the metrics' chain, in chain order.
    fonts: Vec<FontId>,
    metrics: &'static Metrics,
    pub ops: Vec<Op>,
}

impl Canvas {
    pub fn new(height: f32, fonts: Vec<FontId>, metrics: &'static Metrics) -> Canvas {
        Canvas {
            height,
            fonts,
            metrics,
            ops: Vec::new(),
        }
    }

    fn point(&self, x: f32, y: f32) -> Point {
        Point {
            x: Pt(x * PT_PER_MM),
            y: Pt((self.height - y) * PT_PER_MM),
        }
    }

    /// A filled (and optionally outlined) rectangle; `y` is its top edge.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: &str, stroke: Option<&str>) {
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::SetFillColor { col: hex(fill) });
        let mode = match stroke {
            Some(s) => {
                self.ops.push(Op::SetOutlineColor { col: hex(s) });
                self.ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
                PaintMode::FillStroke
            }
            None => PaintMode::Fill,
        };
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x * PT_PER_MM),
                y: Pt((self.height - y - h) * PT_PER_MM),
                width: Pt(w * PT_PER_MM),
                height: Pt(h * PT_PER_MM),
                mode: Some(mode),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
        self.ops.push(Op::RestoreGraphicsState);
    }

    /// A polyline through `points`; `bezier` marks cubic control points.
    pub fn line(&mut self, points: &[(f32, f32, bool)], color: &str, width_pt: f32, dashed: bool) {
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::SetOutlineColor { col: hex(color) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(width_pt) });
        if dashed {
            self.ops.push(Op::SetLineDashPattern {
                dash: LineDashPattern::new(0.0, &[3.0, 2.0]),
            });
        }
        let points = points
            .iter()
            .map(|&(x, y, bezier)| LinePoint {
                p: self.point(x, y),
                bezier,
            })
            .collect();
        self.ops.push(Op::DrawLine {
            line: Line {
                points,
                is_closed: false,
            },
        });
        self.ops.push(Op::RestoreGraphicsState);
    }

    /// A filled polygon (e.g. the spread band of the emotion curve).
    pub fn polygon(&mut self, points: &[(f32, f32)], fill: &str) {
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::SetFillColor { col: hex(fill) });
        let points = points
            .iter()
            .map(|&(x, y)| LinePoint {
                p: self.point(x, y),
                bezier: false,
            })
            .collect();
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing { points }],
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
        self.ops.push(Op::RestoreGraphicsState);
    }

    /// One line of text whose top is at `y` (baseline placed at 0.8 of the size).
    pub fn text(&mut self, x: f32, y: f32, size_pt: f32, color: &str, text: &str) {
        if text.is_empty() {
            return;
        }
        let baseline = y + size_pt * 0.88 / PT_PER_MM;
        self.ops.push(Op::StartTextSection);
        self.ops.push(Op::SetFillColor { col: hex(color) });
        self.ops.push(Op::SetTextCursor {
            pos: self.point(x, baseline),
        });
        // Each run in the font of the chain that has its characters; the text position moves on
        // by the glyphs' widths, so the runs of a line follow each other.
        for (font, run) in self.metrics.runs(text) {
            // A character no font has is drawn as a box; a joiner, variation selector or skin
            // tone is not drawn (the monochrome emoji font has no such glyphs: 🙏🏻 would be 🙏
            // and a box). Either way the text layer keeps the run as written (ActualText).
            let (font, drawn) = if font == MISSING_RUN {
                let boxes = run
                    .chars()
                    .filter(|c| self.metrics.is_missing(*c))
                    .map(|_| MISSING)
                    .collect();
                (self.metrics.font_of(MISSING), Some(boxes))
            } else if run.chars().any(is_modifier) {
                (
                    font,
                    Some(run.chars().filter(|c| !is_modifier(*c)).collect()),
                )
            } else {
                (font, None)
            };
            let Some(id) = self.fonts.get(font).cloned() else {
                continue;
            };
            if drawn.is_some() {
                self.ops.push(Op::BeginMarkedContentWithProperties {
                    tag: "Span".into(),
                    properties: actual_text(run),
                });
            }
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(id),
                size: Pt(size_pt),
            });
            self.ops.push(Op::ShowText {
                items: vec![TextItem::Text(
                    drawn.clone().unwrap_or_else(|| run.to_owned()),
                )],
            });
            if drawn.is_some() {
                self.ops.push(Op::EndMarkedContent);
            }
        }
        self.ops.push(Op::EndTextSection);
    }

    /// Wrapped text in a box `w` wide; returns the height used, in mm.
    pub fn paragraph(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        size_pt: f32,
        color: &str,
        text: &str,
    ) -> f32 {
        let lines = self.metrics.wrap(text, size_pt, w * PT_PER_MM);
        let step = line_height(size_pt);
        for (i, line) in lines.iter().enumerate() {
            self.text(x, y + i as f32 * step, size_pt, color, line);
        }
        lines.len() as f32 * step
    }
}

/// Height of one line of text at `size_pt`, in mm.
pub fn line_height(size_pt: f32) -> f32 {
    size_pt * 1.35 / PT_PER_MM
}

/// Height a paragraph would take, in mm.
pub fn paragraph_height(metrics: &Metrics, w: f32, size_pt: f32, text: &str) -> f32 {
    metrics.wrap(text, size_pt, w * PT_PER_MM).len() as f32 * line_height(size_pt)
}

/// The page's millimetres as printpdf wants them.
pub fn mm(v: f32) -> Mm {
    Mm(v)
}
