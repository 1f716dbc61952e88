//! Renders maps from the model (never from screenshots): the PDF report for managers, the CSV of
//! all cards and of the metric values, and the SVG thumbnail of the map list. Knows nothing of storage, HTTP or Tauri.

mod action_plan;
mod board_words;
mod csv_export;

mod font_lease;
mod fonts;
mod labels;
pub use labels::with_note;
mod map_png;
pub mod metric_number;
mod metrics_csv;
mod palette;
mod pdf;
mod spreadsheet_cells;
mod svg_map;
mod thumbnail;
mod web_fonts;

pub use action_plan::{action_stage, action_target, actions_csv, actions_ics};
pub use csv_export::cards_csv;
pub use font_lease::FontBytes;
pub use fonts::{shipped_font, ShippedFont};
pub use map_png::map_png;
pub use metrics_csv::metrics_csv;
pub use palette::{card_fill, stage_band};
pub use pdf::{render_pdf, Paper, ReportInfo};
pub use svg_map::map_svg;
pub use thumbnail::thumbnail_svg;
pub use wayline_model::dates::iso_date;
pub use web_fonts::web_font_slice;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    #[error("the report font could not be used: {0}")]
    Font(String),
    #[error("the export could not be written: {0}")]
    Write(String),
}
