//! Compresses the shipped fonts (`assets/fonts`, 18.7 MB) with Brotli at its best into the build's
//! output folder: the binaries carry them in 8.7 MB (gzip: 11.2 MB), and `src/fonts.rs` inflates
//! one when a report draws with it or the UI asks for a slice of it. Brotli's best takes ~30 s
//! here, once per build profile (the build script runs again only when a font changes).

use std::error::Error;
use std::io::Write;
use std::path::PathBuf;

/// The files of `assets/fonts` the report and the UI use (fonts.rs includes each `<name>.gz`).
const FONTS: [&str; 4] = [
    "NotoSansSC-Regular.ttf",
    "NotoSansTC-Regular.ttf",
    "NotoSansJP-Supplementary.ttf",
    "NotoEmoji-Regular.ttf",
];

fn main() -> Result<(), Box<dyn Error>> {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("cargo sets OUT_DIR")?);
    let fonts = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").ok_or("no manifest dir")?)
        .join("../../assets/fonts");
    for name in FONTS {
        let source = fonts.join(name);
        println!("cargo:rerun-if-changed={}", source.display());
        let bytes = std::fs::read(&source).map_err(|e| format!("{}: {e}", source.display()))?;
        // The inflated length first (8 bytes, little-endian), so the font is inflated into a
        // buffer of exactly its size (fonts.rs).
        let mut compressed = (bytes.len() as u64).to_le_bytes().to_vec();
        {
            // Quality 11 (the best), a 16 MB window (a font's tables repeat across megabytes).
            let mut writer = brotli::CompressorWriter::new(&mut compressed, 1 << 16, 11, 24);
            writer.write_all(&bytes)?;
        }
        std::fs::write(out.join(format!("{name}.br")), compressed)?;
    }
    Ok(())
}
