//! The join link as a QR code, rendered to SVG on the host so every client shows the same one.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An SVG QR code of `text` with a quiet zone; empty when the text is too long for a QR code.
pub fn svg(text: &str) -> String {
    match QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M) {
        Ok(code) => code
            .render::<svg::Color<'_>>()
            .min_dimensions(240, 240)
            .quiet_zone(true)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build(),
        Err(e) => {
            tracing::warn!(error = %e, "no QR code for the join link");
            String::new()
        }
    }
}

/// The same QR code as text for a terminal (`wayline serve --workshop`); empty when too long.
pub fn terminal(text: &str) -> String {
    use qrcode::render::unicode;
    match QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L) {
        Ok(code) => code
            .render::<unicode::Dense1x2>()
            .dark_color(unicode::Dense1x2::Light)
            .light_color(unicode::Dense1x2::Dark)
            .quiet_zone(true)
            .build(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders_an_svg_for_a_join_link() {
        let s = super::svg("http://192.168.1.20:4820/#invite=0123456789abcdef0123456789abcdef");
        assert!(s.starts_with("<?xml") && s.contains("<svg") && s.contains("<path"));
    }
}
