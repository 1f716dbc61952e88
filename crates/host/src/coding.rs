//! Content codings. Files the binary keeps Brotli-compressed (the UI's scripts, stylesheets,
//! WebAssembly and pictures) go out as they are to a client that takes Brotli — a browser on the
//! facilitator's own machine (`localhost`) — and as gzip to one that takes only gzip: every browser
//! joining over the room's network, since browsers offer Brotli only over HTTPS and to localhost.
//! That gzip copy is made once per file and kept. Fonts are compressed as they go out (fonts.rs).

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;
use std::sync::{Arc, LazyLock, Mutex};

use axum::body::Bytes;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::sync::OnceCell;

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
    gzip(bytes, flate2::Compression::fast())
}

fn gzip(bytes: &[u8], level: flate2::Compression) -> Result<Vec<u8>, String> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), level);
    std::io::Write::write_all(&mut encoder, bytes).map_err(|e| e.to_string())?;
    encoder.finish().map_err(|e| e.to_string())
}

/// `brotli` inflated.
pub fn inflate_brotli(brotli: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    brotli_decompressor::Decompressor::new(brotli, 1 << 16)
        .read_to_end(&mut out)
        .map_err(|e| format!("a compressed file could not be inflated: {e}"))?;
    Ok(out)
}

/// The gzip copies made so far, by the name of the file they were made from.
type GzipCopies = Mutex<HashMap<String, Arc<OnceCell<Bytes>>>>;
static GZIP_COPIES: LazyLock<GzipCopies> = LazyLock::new(Default::default);

/// The gzip copy of the Brotli file `name`, made the first time one is asked for (off the async
/// workers; a second request meanwhile waits for the same copy rather than making its own).
async fn gzip_copy(name: &str, brotli: Bytes) -> Result<Bytes, String> {
    let cell = GZIP_COPIES
        .lock()
        .map_err(|_| "the gzip copies are unavailable".to_owned())?
        .entry(name.to_owned())
        .or_default()
        .clone();
    cell.get_or_try_init(|| async move {
        tokio::task::spawn_blocking(move || {
            gzip(&inflate_brotli(&brotli)?, flate2::Compression::default()).map(Bytes::from)
        })
        .await
        .map_err(|e| e.to_string())?
    })
    .await
    .cloned()
}

/// The answer for the file `name` the binary keeps as `brotli`: those bytes with
/// `Content-Encoding: br`, the gzip copy, or the file itself for a client that takes neither.
pub async fn respond_brotli(
    headers: &HeaderMap,
    name: &str,
    content_type: &str,
    cache: &str,
    brotli: Cow<'static, [u8]>,
) -> Response {
    let common = [
        (header::CONTENT_TYPE, content_type.to_owned()),
        (header::CACHE_CONTROL, cache.to_owned()),
        (header::VARY, "Accept-Encoding".to_owned()),
    ];
    // Bytes the binary holds go out as they are (never copied per request): forty slow readers
    // of the 0.8 MB WebAssembly must not hold forty copies of it.
    let brotli = match brotli {
        Cow::Borrowed(bytes) => Bytes::from_static(bytes),
        Cow::Owned(bytes) => Bytes::from(bytes),
    };
    let answer = if takes(headers, "br") {
        Ok((Some("br"), brotli))
    } else if takes_gzip(headers) {
        gzip_copy(name, brotli)
            .await
            .map(|copy| (Some("gzip"), copy))
    } else {
        inflate_brotli(&brotli).map(|file| (None, Bytes::from(file)))
    };
    match answer {
        Ok((Some(coding), body)) => (
            common,
            [(header::CONTENT_ENCODING, coding.to_owned())],
            body,
        )
            .into_response(),
        Ok((None, body)) => (common, body).into_response(),
        Err(e) => {
            tracing::error!(error = %e, file = name, "a compressed file could not be served");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
