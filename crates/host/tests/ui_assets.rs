//! The UI's scripts, stylesheets and WebAssembly go out as the gzip copies the build keeps
//! (ui/vite.config.ts `gzipCopies`) to a browser, with their own type, and as themselves to a
//! client that does not take gzip. Reads the built UI (`make test` builds it before these tests).

#![allow(clippy::unwrap_used, clippy::expect_used)]

// Only the raw-HTTP helpers are used here.
#[allow(dead_code)]
mod common;

use common::*;

/// The page's script, stylesheet and WebAssembly, as index.html names them.
fn built_assets() -> Vec<(String, &'static str)> {
    let dist = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/dist");
    let index = std::fs::read_to_string(format!("{dist}/index.html"))
        .expect("the UI is built before the host's tests (cd ui && npm run build)");
    let mut found = Vec::new();
    for (ext, content_type) in [
        (".js", "text/javascript"),
        (".css", "text/css"),
        (".wasm", "application/wasm"),
    ] {
        let end = index.find(&format!("{ext}\"")).expect(ext) + ext.len();
        let start = index[..end].rfind("./assets/").expect("an asset path") + 1;
        found.push((index[start..end].to_owned(), content_type));
    }
    found
}

#[tokio::test]
async fn scripts_styles_and_webassembly_are_sent_compressed_to_browsers() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let port = host.port();
    let dist = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/dist");
    for (path, content_type) in built_assets() {
        let size = std::fs::metadata(format!("{dist}{path}")).unwrap().len();
        let gzip_size = std::fs::metadata(format!("{dist}{path}.gz")).unwrap().len();
        assert!(gzip_size < size, "{path}: {gzip_size} of {size}");

        let (status, text) = http(
            port,
            request(
                "GET",
                &path,
                port,
                &["Accept-Encoding: gzip, deflate, br"],
                None,
            ),
        )
        .await;
        assert_eq!(status, 200, "{path}");
        let head = text.split("\r\n\r\n").next().unwrap().to_lowercase();
        assert!(
            head.contains(&format!("content-type: {content_type}")),
            "{head}"
        );
        assert!(head.contains("content-encoding: gzip"), "{head}");
        assert!(
            head.contains(&format!("content-length: {gzip_size}")),
            "{head}"
        );
        assert!(
            head.contains("cache-control: public, max-age=31536000, immutable"),
            "{head}"
        );

        let (status, text) = http(port, request("GET", &path, port, &[], None)).await;
        assert_eq!(status, 200, "{path}");
        let head = text.split("\r\n\r\n").next().unwrap().to_lowercase();
        assert!(!head.contains("content-encoding"), "{head}");
        assert!(head.contains(&format!("content-length: {size}")), "{head}");
    }
    host.shutdown().await;
}
