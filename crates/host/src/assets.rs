//! The built UI (`ui/dist`), embedded in release builds and read from disk in debug builds, and
//! the report's fonts at `/fonts/…` for the characters the UI's own fonts lack.

use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

#[derive(rust_embed::Embed)]
#[folder = "../../ui/dist"]
#[allow_missing = true]
struct UiAssets;

pub async fn serve(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if let Some(font) = path
        .strip_prefix("fonts/")
        .and_then(wayline_report::shipped_font)
    {
        // The report's own fonts, for the characters the UI's bundled fonts lack (fonts.rs); the
        // desktop window's origin gets its CORS answer from the guard (auth.rs).
        return (
            [
                (header::CONTENT_TYPE, "font/ttf".to_owned()),
                (header::CACHE_CONTROL, "public, max-age=604800".to_owned()),
            ],
            font,
        )
            .into_response();
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
