//! The built UI (`ui/dist`), embedded in release builds and read from disk in debug builds, and
//! the fonts at `/fonts/…`: the report's whole fonts for the rarest characters, and the slices
//! the UI draws its text with (fonts.rs). The UI's scripts, stylesheets, WebAssembly and pictures
//! are embedded as the Brotli copies the build writes beside them (ui/vite.config.ts
//! `brotliCopies`), not as themselves; coding.rs says how they go out.

use std::borrow::Cow;

use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use crate::{coding, fonts};

#[derive(rust_embed::Embed)]
#[folder = "../../ui/dist"]
#[allow_missing = true]
#[exclude = "assets/*.js"]
#[exclude = "assets/*.css"]
#[exclude = "assets/*.wasm"]
#[exclude = "assets/*.svg"]
struct UiAssets;

/// The type of a file the build keeps Brotli-compressed, by its name.
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
    if let Some(name) = path.strip_prefix("fonts/") {
        return fonts::serve(name, &headers).await;
    }
    let path = if path.is_empty() { "index.html" } else { path };
    if let Some(content_type) = compressed_type(path) {
        if let Some(file) = UiAssets::get(&format!("{path}.br")) {
            return coding::respond_brotli(
                &headers,
                path,
                content_type,
                "public, max-age=31536000, immutable",
                file.data,
            )
            .await;
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

/// A file of the UI for the desktop window, which loads the UI from the app itself rather than
/// over HTTP (its page must show even when the host could not start): the same files the host
/// serves, inflated, and the fonts at `fonts/…` (whole or sliced). `None` when there is no such
/// file; the window then shows the UI's `index.html`, as the host does for a route.
pub fn shell_file(path: &str) -> Option<Result<Cow<'static, [u8]>, String>> {
    let path = path.trim_start_matches('/');
    if let Some(name) = path.strip_prefix("fonts/") {
        return fonts::font_file(name).map(|file| file.map(Cow::Owned));
    }
    let path = if path.is_empty() { "index.html" } else { path };
    if compressed_type(path).is_some() {
        if let Some(file) = UiAssets::get(&format!("{path}.br")) {
            return Some(coding::inflate_brotli(&file.data).map(Cow::Owned));
        }
    }
    UiAssets::get(path).map(|file| Ok(file.data))
}
