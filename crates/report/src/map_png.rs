//! The map as a PNG: the picture of `svg_map.rs` rasterised with `resvg` and the shipped fonts (so
//! Chinese renders on any machine), drawn strip by strip into a streaming PNG writer.

use std::sync::{Arc, OnceLock};

use resvg::usvg::fontdb::{Database, Source};
use wayline_model::{Locale, MapView};

use crate::fonts::{Metrics, Script};
use crate::svg_map::map_svg;
use crate::ReportError;

/// The map as a PNG (rasterised from [`map_svg`] with the shipped font, so Chinese renders on
/// any machine).
pub fn map_png(view: &MapView, language: Locale) -> Result<Vec<u8>, ReportError> {
    let tree = picture_tree(view, language)?;
    let size = tree.size().to_int_size();
    encode_in_strips(&tree, size.width(), size.height(), STRIP_ROWS)
}

/// The picture parsed and its text laid out with the shipped fonts.
pub(crate) fn picture_tree(
    view: &MapView,
    language: Locale,
) -> Result<resvg::usvg::Tree, ReportError> {
    let svg = map_svg(view, language)?;
    let script = Script::of(&view.locale, language);
    let chain = Metrics::get(script)?;
    let options = resvg::usvg::Options {
        fontdb: font_database(script, chain),
        font_family: chain.fonts[0].family.into(),
        ..Default::default()
    };
    resvg::usvg::Tree::from_str(&svg, &options).map_err(|e| ReportError::Write(e.to_string()))
}

/// Rows of the picture drawn at a time. A 2,000-card map is some 36 million pixels (3,320 ×
/// 10,742): drawn whole and copied once more to write it, the export peaked at 392 MiB; drawn
/// strip by strip into a streaming PNG writer, 148 MiB. Every strip walks the whole picture (each
/// shape is transformed before the rasteriser skips what lies outside), so strips are not made
/// smaller than this: 256 rows took 2.1–2.6 s, 1,024 rows 1.5–1.8 s.
const STRIP_ROWS: u32 = 1024;
/// Rows drawn above and below each strip and dropped (see `encode_in_strips`).
const STRIP_OVERLAP: u32 = 16;

fn encode_in_strips(
    tree: &resvg::usvg::Tree,
    width: u32,
    height: u32,
    strip_rows: u32,
) -> Result<Vec<u8>, ReportError> {
    let failed = |e: png::EncodingError| ReportError::Write(e.to_string());
    // Each strip is drawn with a few rows more above and below, which are dropped: anti-aliasing
    // next to the edge of what is drawn differs slightly from the picture drawn whole.
    let overlap = STRIP_OVERLAP.min(height);
    let mut strip = resvg::tiny_skia::Pixmap::new(width, strip_rows.min(height) + 2 * overlap)
        .ok_or_else(|| ReportError::Write("the map is too large for a picture".into()))?;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().map_err(failed)?;
    let mut stream = writer.stream_writer().map_err(failed)?;
    let mut rows_bytes = Vec::with_capacity(width as usize * 4 * strip_rows as usize);
    let mut top = 0;
    while top < height {
        let rows = strip_rows.min(height - top);
        strip.fill(resvg::tiny_skia::Color::TRANSPARENT);
        resvg::render(
            tree,
            resvg::tiny_skia::Transform::from_translate(0.0, overlap as f32 - top as f32),
            &mut strip.as_mut(),
        );
        rows_bytes.clear();
        let first = (overlap * width) as usize;
        for pixel in &strip.pixels()[first..first + (width * rows) as usize] {
            let c = pixel.demultiply();
            rows_bytes.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
        }
        std::io::Write::write_all(&mut stream, &rows_bytes)
            .map_err(|e| ReportError::Write(e.to_string()))?;
        top += rows;
    }
    stream.finish().map_err(failed)?;
    writer.finish().map_err(failed)?;
    Ok(out)
}

/// The font chain of a script as resvg's font database, built once per process: the faces point
/// at the embedded font bytes rather than copying 19 MB of fonts into every picture.
fn font_database(script: Script, chain: &Metrics) -> Arc<Database> {
    static SIMPLIFIED: OnceLock<Arc<Database>> = OnceLock::new();
    static TRADITIONAL: OnceLock<Arc<Database>> = OnceLock::new();
    let cell = match script {
        Script::Simplified => &SIMPLIFIED,
        Script::Traditional => &TRADITIONAL,
    };
    cell.get_or_init(|| {
        let mut database = Database::new();
        for font in &chain.fonts {
            database.load_font_source(Source::Binary(Arc::new(font.bytes)));
        }
        Arc::new(database)
    })
    .clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wayline_model::templates::instantiate;

    #[test]
    fn the_picture_drawn_in_strips_is_the_picture_drawn_whole() {
        let view = instantiate("service_blueprint", Locale::ZhCn, None, "T", 0)
            .unwrap()
            .view();
        let script = Script::of(&view.locale, Locale::ZhCn);
        let chain = Metrics::get(script).unwrap();
        let options = resvg::usvg::Options {
            fontdb: font_database(script, chain),
            font_family: chain.fonts[0].family.into(),
            ..Default::default()
        };
        let tree =
            resvg::usvg::Tree::from_str(&map_svg(&view, Locale::ZhCn).unwrap(), &options).unwrap();
        let size = tree.size().to_int_size();
        let strip_rows = 200;
        assert!(size.height() > 2 * strip_rows, "more than two strips");
        let mut whole = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
        resvg::render(&tree, Default::default(), &mut whole.as_mut());
        let expected: Vec<u8> = whole
            .pixels()
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect();

        let png = encode_in_strips(&tree, size.width(), size.height(), strip_rows).unwrap();
        let mut reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .unwrap();
        let mut decoded = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut decoded).unwrap();
        assert_eq!((info.width, info.height), (size.width(), size.height()));
        // Equal but for the anti-aliasing of a few edge pixels of a shape that crosses a strip.
        let differing: Vec<u8> = decoded
            .iter()
            .zip(&expected)
            .filter(|(a, b)| a != b)
            .map(|(a, b)| a.abs_diff(*b))
            .collect();
        assert!(
            differing.len() * 100_000 < expected.len() && differing.iter().all(|d| *d <= 32),
            "{} of {} bytes differ, by up to {:?}",
            differing.len(),
            expected.len(),
            differing.iter().max()
        );
    }
}
