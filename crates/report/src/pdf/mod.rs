//! The PDF report for managers (printpdf): cover, executive summary, the map split across pages
//! by stage, the metrics table, one page per department, the parking lot. The shipped CJK font
//! is subset into each file, so Chinese stays real, searchable text.

mod action_pages;
mod canvas;
mod changes_pages;
mod flow;
mod map_blocks;
mod map_emotion;
mod map_pages;
mod sections;

use printpdf::{ParsedFont, PdfDocument, PdfPage, PdfSaveOptions};
use wayline_model::{Locale, MapView};

use crate::fonts::{Metrics, Script};
use crate::labels::label;
use crate::ReportError;
use flow::{Flow, MUTED};

pub(crate) use sections::status_color as status_hex;

/// A metric value with its unit in the report's language: `3.5%`, `4.1 (1-5)`, `1,200 s` /
/// `12 分钟`; `—` when there is none. The number as typed (crate::metric_number).
pub(crate) fn with_unit(language: Locale, value: Option<f64>, unit: &str) -> String {
    let Some(v) = value else { return "—".into() };
    let number = crate::metric_number::metric_number(v);
    crate::labels::number_and_unit(&number, &crate::labels::unit(language, unit))
}

/// How far a metric is from its target, signed as better (+) or worse (−, a hyphen-minus as
/// typed) than it, in the unit of a difference: `-1.4 pp`, `+9 min`, `-0.3` on a scale, `0`.
pub(crate) fn gap_text(language: Locale, shortfall: f64, unit: &str) -> String {
    let written = crate::metric_number::metric_number(-shortfall);
    // A difference too small to write is 0, without a sign.
    let sign = if shortfall < 0.0 && written != "0" {
        "+"
    } else {
        ""
    };
    let number = format!("{sign}{written}");
    match crate::labels::gap_unit(language, unit) {
        u if u.is_empty() => number,
        u => format!("{number} {u}"),
    }
}

/// Paper size and orientation: ISO A4 and A3, and US Letter for readers in North America.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4Portrait,
    A4Landscape,
    A3Portrait,
    A3Landscape,
    LetterPortrait,
    LetterLandscape,
}

impl Paper {
    /// Every paper with its name, as the CLI, the host and the UI's export dialog write it.
    pub const ALL: [(Paper, &'static str); 6] = [
        (Paper::A4Portrait, "a4-portrait"),
        (Paper::A4Landscape, "a4-landscape"),
        (Paper::A3Portrait, "a3-portrait"),
        (Paper::A3Landscape, "a3-landscape"),
        (Paper::LetterPortrait, "letter-portrait"),
        (Paper::LetterLandscape, "letter-landscape"),
    ];

    pub fn parse(text: &str) -> Option<Paper> {
        Self::ALL
            .iter()
            .find(|(_, name)| *name == text)
            .map(|(paper, _)| *paper)
    }

    /// The names, for a message that lists them: `a4-portrait, …, letter-landscape`.
    pub fn names() -> String {
        Self::ALL.map(|(_, name)| name).join(", ")
    }

    /// Width and height in millimetres.
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Paper::A4Portrait => (210.0, 297.0),
            Paper::A4Landscape => (297.0, 210.0),
            Paper::A3Portrait => (297.0, 420.0),
            Paper::A3Landscape => (420.0, 297.0),
            Paper::LetterPortrait => (215.9, 279.4),
            Paper::LetterLandscape => (279.4, 215.9),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub margin: f32,
    /// Room kept at the bottom for the footer.
    pub footer: f32,
}

/// What the report says about its context (the map itself comes from the model).
#[derive(Debug, Clone)]
pub struct ReportInfo {
    pub project: String,
    pub persona: Option<String>,
    pub participants: Vec<String>,
    /// The date printed on the cover, already formatted.
    pub date: String,
    /// When the report was made, seconds since the Unix epoch (the PDF's creation date).
    pub created_at: i64,
    /// Language of the report's own words.
    pub language: Locale,
    pub language_name: String,
    pub author: String,
    /// The map's newest saved version and what changed since, for "What changed since …".
    pub since: Option<(wayline_model::VersionView, wayline_model::MapChanges)>,
}

impl ReportInfo {
    /// Participants as the map knows them: card and parking-lot authors, emotion raters, and
    /// everyone who changed the map from the app (the UI records each person in `participants`
    /// after their first change, with their colour; sample raters from a template have none).
    pub fn participants_of(view: &MapView) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let names = view
            .cards
            .iter()
            .map(|c| c.author.as_str())
            .chain(view.parking.iter().map(|p| p.author.as_str()))
            .chain(
                view.emotions
                    .iter()
                    .map(|r| view.participant_name(&r.participant)),
            )
            .chain(view.contributors.iter().map(|id| view.participant_name(id)));
        for name in names {
            // As long as the join page lets a name be, whatever a client wrote.
            let name: String = name
                .trim()
                .chars()
                .take(wayline_model::participants::MAX_PARTICIPANT_NAME_CHARS)
                .collect();
            if !name.is_empty() && name != "Wayline" && !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }
}

fn page_label(language: Locale, page: usize, total: usize) -> String {
    match language {
        Locale::En => format!("Page {page} of {total}"),
        Locale::ZhCn => format!("第 {page} 页，共 {total} 页"),
        Locale::ZhTw => format!("第 {page} 頁，共 {total} 頁"),
    }
}

/// Renders the report; the result is a complete PDF file.
pub fn render_pdf(view: &MapView, info: &ReportInfo, paper: Paper) -> Result<Vec<u8>, ReportError> {
    let metrics = Metrics::get(Script::of(&view.locale, info.language))?;
    let mut warnings = Vec::new();
    let mut doc = PdfDocument::new(&view.title);
    // Every font of the chain is added; subsetting keeps only the glyphs the report draws.
    let font_ids = metrics
        .fonts
        .iter()
        .map(|f| {
            ParsedFont::from_bytes(f.bytes, 0, &mut warnings)
                .map(|font| doc.add_font(&font))
                .ok_or_else(|| ReportError::Font(format!("{} could not be read", f.family)))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let (width, height) = paper.size_mm();
    let geometry = Geometry {
        width,
        height,
        margin: 12.0,
        footer: 8.0,
    };

    let mut flow = Flow::new(geometry, font_ids, metrics);
    sections::cover(&mut flow, view, info);
    flow.new_page();
    sections::summary(&mut flow, view, info);
    map_pages::map_pages(&mut flow, view, info);
    if !view.metrics.is_empty() {
        flow.new_page();
        sections::metrics_table(&mut flow, view, info);
    }
    let departments = sections::departments(view);
    action_pages::action_plan(&mut flow, view, info, &departments);
    changes_pages::changes_since(&mut flow, info);
    sections::department_pages(&mut flow, view, info, &departments);
    sections::parking_lot(&mut flow, view, info);

    let total = flow.pages.len();
    let footer_y = height - geometry.margin - 3.0;
    let pages: Vec<PdfPage> = flow
        .pages
        .into_iter()
        .enumerate()
        .map(|(i, mut page)| {
            let number = page_label(info.language, i + 1, total);
            page.text(geometry.margin, footer_y, 7.5, MUTED, &view.title);
            let w = metrics.width(&number, 7.5) * 25.4 / 72.0;
            page.text(width - geometry.margin - w, footer_y, 7.5, MUTED, &number);
            PdfPage::new(canvas::mm(width), canvas::mm(height), page.ops)
        })
        .collect();
    doc.with_pages(pages);

    let info_dict = &mut doc.metadata.info;
    info_dict.author = info.author.clone();
    info_dict.creator = "Wayline".into();
    info_dict.producer = "Wayline".into();
    info_dict.subject = label(info.language, "report");
    if let Ok(date) = printpdf::OffsetDateTime::from_unix_timestamp(info.created_at) {
        info_dict.creation_date = date;
        info_dict.modification_date = date;
        info_dict.metadata_date = date;
    }
    let opts = PdfSaveOptions {
        subset_fonts: true,
        ..Default::default()
    };
    Ok(doc.save(&opts, &mut Vec::new()))
}
