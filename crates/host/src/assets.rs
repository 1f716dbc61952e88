//! The built UI (`ui/dist`), embedded in release builds and read from disk in debug builds, and
//! the report's fonts at `/fonts/…` for the characters the UI's own fonts lack.

use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

#[derive(rust_embed::Embed)]
#[folder = "../../ui/dist"]
#[allow_missing = true]
struct UiAssets;

pub async fn serve(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    if let Some(font) = path
        .strip_prefix("fonts/")
        .and_then(wayline_report::shipped_font)
    {
        return serve_font(font, &headers);
    }
    let path = if path.is_empty() { "index.html" } else { path };
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

/// The report's own fonts, for the characters the UI's bundled fonts lack (report fonts.rs): sent
/// as the binary keeps them, gzip-compressed, to every browser that says it takes gzip (all do;
/// 10.6 MB become 6.3 MB over the room's Wi-Fi), inflated for any other client. The desktop
/// window's origin gets its CORS answer from the guard (auth.rs).
fn serve_font(font: &'static wayline_report::ShippedFont, headers: &HeaderMap) -> Response {
    let takes_gzip = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            name.eq_ignore_ascii_case("gzip") && !refused
        });
    let common = [
        (header::CONTENT_TYPE, "font/ttf"),
        (header::CACHE_CONTROL, "public, max-age=604800"),
        (header::VARY, "Accept-Encoding"),
    ];
    if takes_gzip {
        return (common, [(header::CONTENT_ENCODING, "gzip")], font.gzip).into_response();
    }
    match font.bytes() {
        Ok(bytes) => (common, bytes).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a shipped font could not be inflated");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
