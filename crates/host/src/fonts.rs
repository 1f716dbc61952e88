//! `/fonts/…`: the report's fonts for the UI (report fonts.rs, web_fonts.rs). The slices the UI
//! draws its text with (`<key>-<slice>.ttf`, tens of KB, cut the first time one is asked for) and
//! the whole Noto Sans SC and TC for the rare ideographs no slice holds. Both go out compressed:
//! the Brotli bytes the binary keeps to a client that takes them (a whole font, 4.8 / 1.9 MB
//! instead of 10.6 / 3.8 MB), else gzip made as they go out, else the file itself. Cutting,
//! inflating and compressing run off the async workers.

use std::borrow::Cow;

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::coding;

/// How long a browser may keep a font (a new version's slices hold the same glyphs).
const CACHE: &str = "public, max-age=604800";

/// How a font goes out.
#[derive(Clone, Copy)]
enum Coding {
    Brotli,
    Gzip,
    Identity,
}

/// The answer for `/fonts/<name>`: 404 for a name that is neither a whole font nor a slice.
pub async fn serve(name: &str, headers: &HeaderMap) -> Response {
    let whole = wayline_report::shipped_font(name);
    let coding = if whole.is_some() && coding::takes(headers, "br") {
        Coding::Brotli
    } else if coding::takes_gzip(headers) {
        Coding::Gzip
    } else {
        Coding::Identity
    };
    if let (Some(font), Coding::Brotli) = (whole, coding) {
        return answer(coding, Cow::Borrowed(font.brotli()));
    }
    let owned = name.to_owned();
    let made = tokio::task::spawn_blocking(move || {
        Some(font_file(&owned)?.and_then(|bytes| match coding {
            Coding::Gzip => coding::compress_fast(&bytes),
            _ => Ok(bytes),
        }))
    })
    .await
    .unwrap_or_else(|e| Some(Err(e.to_string())));
    match made {
        None => StatusCode::NOT_FOUND.into_response(),
        Some(Ok(bytes)) => answer(coding, Cow::Owned(bytes)),
        Some(Err(e)) => {
            tracing::error!(error = %e, font = name, "a font could not be served");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The font file `name` names, whole or a slice, uncompressed; `None` when it names none. Cutting
/// or inflating takes milliseconds: call it off the async workers.
pub fn font_file(name: &str) -> Option<Result<Vec<u8>, String>> {
    let bytes = match wayline_report::shipped_font(name) {
        Some(font) => font.lend().map(|bytes| bytes.to_vec()),
        None => wayline_report::web_font_slice(name)?.map(|cut| cut.to_vec()),
    };
    Some(bytes.map_err(|e| e.to_string()))
}

fn answer(coding: Coding, body: Cow<'static, [u8]>) -> Response {
    let headers = [
        (header::CONTENT_TYPE, "font/ttf"),
        (header::CACHE_CONTROL, CACHE),
        (header::VARY, "Accept-Encoding"),
    ];
    match coding {
        Coding::Brotli => (headers, [(header::CONTENT_ENCODING, "br")], body).into_response(),
        Coding::Gzip => (headers, [(header::CONTENT_ENCODING, "gzip")], body).into_response(),
        Coding::Identity => (headers, body).into_response(),
    }
}
