//! The UI's scripts, stylesheets and WebAssembly go out as the Brotli copies the build keeps
//! (ui/vite.config.ts `brotliCopies`) to a browser that takes Brotli, as gzip to one that takes
//! only gzip (a browser joining over the room's network), with their own type, and as themselves
//! to a client that takes neither. Reads the built UI (`make test` builds it before these tests).

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
        let file = std::fs::read(format!("{dist}{path}")).unwrap();
        let brotli_size = std::fs::metadata(format!("{dist}{path}.br")).unwrap().len();
        assert!(
            brotli_size < file.len() as u64 / 2,
            "{path}: {brotli_size} of {}",
            file.len()
        );
        let answer = |accept: &'static str| {
            let path = path.clone();
            async move {
                let headers: Vec<&str> = if accept.is_empty() {
                    vec![]
                } else {
                    vec![accept]
                };
                let (status, raw) =
                    http_bytes(port, request("GET", &path, port, &headers, None)).await;
                assert_eq!(status, 200, "{path} ({accept})");
                let (head, body) = split_head(&raw);
                assert!(
                    head.contains(&format!("content-type: {content_type}")),
                    "{head}"
                );
                assert!(
                    head.contains("cache-control: public, max-age=31536000, immutable"),
                    "{head}"
                );
                (head, body.to_vec())
            }
        };

        // A browser on the facilitator's machine: the stored Brotli bytes as they are.
        let (head, body) = answer("Accept-Encoding: gzip, deflate, br, zstd").await;
        assert!(head.contains("content-encoding: br"), "{head}");
        assert!(head.contains("vary: accept-encoding"), "{head}");
        assert_eq!(body.len() as u64, brotli_size, "{path}");

        // A browser over the room's network offers no Brotli: gzip, the same file, made once.
        let (head, first) = answer("Accept-Encoding: gzip, deflate").await;
        assert!(head.contains("content-encoding: gzip"), "{head}");
        assert!(
            first.len() < file.len() / 2,
            "{path}: {} of {}",
            first.len(),
            file.len()
        );
        assert_eq!(inflate(&first), file, "{path}");
        let (_, again) = answer("Accept-Encoding: gzip").await;
        assert_eq!(again, first, "{path}: the gzip copy is kept");

        // A client that takes no coding gets the file itself.
        let (head, body) = answer("").await;
        assert!(!head.contains("content-encoding"), "{head}");
        assert_eq!(body, file, "{path}");
    }
    host.shutdown().await;
}
