//! Files the binary keeps gzip-compressed (the UI's scripts, stylesheets, WebAssembly and
//! pictures) are sent as they are to a client that takes gzip — every browser says so — and
//! inflated for any other; fonts are compressed as they go out (fonts.rs).

use std::borrow::Cow;
use std::io::Read;

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// Whether the request's `Accept-Encoding` takes gzip (and does not refuse it with `q=0`).
pub fn takes_gzip(headers: &HeaderMap) -> bool {
    takes(headers, "gzip")
}

/// Whether the request's `Accept-Encoding` takes `coding` (and does not refuse it with `q=0`).
pub fn takes(headers: &HeaderMap, coding: &str) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|offered| {
            let mut parts = offered.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            name.eq_ignore_ascii_case(coding) && !refused
        })
}

/// `bytes` gzip-compressed quickly, for what is compressed as it goes out.
pub fn compress_fast(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut encoder, bytes).map_err(|e| e.to_string())?;
    encoder.finish().map_err(|e| e.to_string())
}

/// The answer for a file kept as `gzip`: those bytes with `Content-Encoding: gzip`, or the file
/// itself (`inflated`, called only then) for a client that does not take gzip.
pub fn respond(
    headers: &HeaderMap,
    content_type: &str,
    cache: &str,
    gzip: Cow<'static, [u8]>,
    inflated: impl FnOnce(&[u8]) -> Result<Cow<'static, [u8]>, String>,
) -> Response {
    let common = [
        (header::CONTENT_TYPE, content_type.to_owned()),
        (header::CACHE_CONTROL, cache.to_owned()),
        (header::VARY, "Accept-Encoding".to_owned()),
    ];
    // Bytes the binary holds go out as they are (a Cow, never copied per request): forty slow
    // readers of a 7 MB font must not hold forty copies of it.
    if takes_gzip(headers) {
        return (
            common,
            [(header::CONTENT_ENCODING, "gzip".to_owned())],
            gzip,
        )
            .into_response();
    }
    match inflated(&gzip) {
        Ok(bytes) => (common, bytes).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a compressed file could not be inflated");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `gzip` inflated.
pub fn inflate(gzip: &[u8]) -> Result<Cow<'static, [u8]>, String> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(gzip)
        .read_to_end(&mut out)
        .map_err(|e| e.to_string())?;
    Ok(Cow::Owned(out))
}
