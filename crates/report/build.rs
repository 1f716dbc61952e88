//! Compresses the shipped fonts (`assets/fonts`, 18.7 MB) with gzip into the build's output
//! folder: the binaries carry them in 11 MB, and `src/fonts.rs` inflates one the first time a
//! report draws with it; the host sends the compressed bytes as they are to a browser.

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
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gzip.write_all(&bytes)?;
        std::fs::write(out.join(format!("{name}.gz")), gzip.finish()?)?;
    }
    Ok(())
}
