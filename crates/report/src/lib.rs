//! Renders maps from the model (never from screenshots): a small SVG thumbnail for the map
//! list. Knows nothing of storage, HTTP or Tauri.

mod palette;
mod thumbnail;

pub use palette::{card_fill, stage_band};
pub use thumbnail::thumbnail_svg;
