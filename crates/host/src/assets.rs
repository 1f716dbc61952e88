//! The built UI (`ui/dist`), embedded in release builds and read from disk in debug builds, and
//! the report's fonts at `/fonts/…` for the characters the UI's own fonts lack. The UI's scripts,
//! stylesheets, WebAssembly and pictures are embedded as the gzip copies the build writes beside
//! them (ui/vite.config.ts `gzipCopies`), not as themselves.

use std::borrow::Cow;

use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use crate::gzip;

#[derive(rust_embed::Embed)]
#[folder = "../../ui/dist"]
#[allow_missing = true]
#[exclude = "assets/*.js"]
#[exclude = "assets/*.css"]
#[exclude = "assets/*.wasm"]
#[exclude = "assets/*.svg"]
struct UiAssets;

/// The type of a file the build keeps gzip-compressed, by its name.
fn compressed_type(path: &str) -> Option<&'static str> {
    let (_, ext) = path.rsplit_once('.')?;
    Some(match ext {
        "js" => "text/javascript",
        "css" => "text/css",
        // The browser compiles WebAssembly as it streams in only when it is typed so.
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        _ => return None,
    })
}

pub async fn serve(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    if let Some(font) = path
        .strip_prefix("fonts/")
        .and_then(wayline_report::shipped_font)
    {
        return serve_font(font, &headers);
    }
    let path = if path.is_empty() { "index.html" } else { path };
    if let Some(content_type) = compressed_type(path) {
        if let Some(file) = UiAssets::get(&format!("{path}.gz")) {
            return gzip::respond(
                &headers,
                content_type,
                "public, max-age=31536000, immutable",
                file.data,
                gzip::inflate,
            );
        }
    }
    let file = UiAssets::get(path).map(|f| (path, f)).or_else(|| {
        // Paths without an extension are routes of the single-page UI.
        (!path.contains('.'))
            .then(|| UiAssets::get("index.html").map(|f| ("index.html", f)))
            .flatten()
    });
    match file {
        Some((name, file)) => {
            let cache = if name.starts_with("assets/") {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            };
            (
                [
                    (header::CONTENT_TYPE, file.metadata.mimetype().to_owned()),
                    (header::CACHE_CONTROL, cache.to_owned()),
                ],
                file.data.into_owned(),
            )
                .into_response()
        }
        None if path == "index.html" => (
            StatusCode::SERVICE_UNAVAILABLE,
            "The Wayline UI has not been built. Run `make run` (or `npm run build` in ui/).",
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The report's own fonts, for the characters the UI's bundled fonts lack (report fonts.rs), as
/// the binary keeps them (gzip: 10.6 MB become 6.3 MB over the room's Wi-Fi). The desktop
/// window's origin gets its CORS answer from the guard (auth.rs).
fn serve_font(font: &'static wayline_report::ShippedFont, headers: &HeaderMap) -> Response {
    gzip::respond(
        headers,
        "font/ttf",
        "public, max-age=604800",
        Cow::Borrowed(font.gzip),
        |_| font.bytes().map(Cow::Borrowed).map_err(|e| e.to_string()),
    )
}
