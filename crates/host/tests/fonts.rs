//! The report's fonts are served at /fonts/ for the UI's rarest characters: without the access
//! token (a browser's font request carries none), with the desktop window's CORS answer, and
//! nothing else under that path.

#![allow(clippy::unwrap_used, clippy::expect_used)]

// Only the raw-HTTP helpers are used here.
#[allow(dead_code)]
mod common;

use common::*;

#[tokio::test]
async fn the_shipped_fonts_are_served_and_nothing_else_is() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let port = host.port();
    for file in ["NotoSansSC-Regular.ttf", "NotoSansTC-Regular.ttf"] {
        let (status, text) = http(
            port,
            request("GET", &format!("/fonts/{file}"), port, &[], None),
        )
        .await;
        assert_eq!(status, 200, "{file}");
        let head = text.split("\r\n\r\n").next().unwrap().to_lowercase();
        assert!(head.contains("content-type: font/ttf"), "{head}");
        assert!(head.contains("cache-control: public"), "{head}");
        // A client that does not say it takes gzip gets the font file itself.
        let size = std::fs::metadata(format!("../../assets/fonts/{file}"))
            .unwrap()
            .len();
        assert!(head.contains(&format!("content-length: {size}")), "{head}");
        assert!(!head.contains("content-encoding"), "{head}");
        // A browser gets the compressed bytes the binary keeps.
        let (status, text) = http(
            port,
            request(
                "GET",
                &format!("/fonts/{file}"),
                port,
                &["Accept-Encoding: gzip, deflate, br, zstd"],
                None,
            ),
        )
        .await;
        assert_eq!(status, 200, "{file}");
        let head = text.split("\r\n\r\n").next().unwrap().to_lowercase();
        assert!(head.contains("content-encoding: gzip"), "{head}");
        assert!(head.contains("vary: accept-encoding"), "{head}");
        let gzip_size = wayline_report::shipped_font(file).unwrap().gzip.len();
        assert!(gzip_size < size as usize * 7 / 10, "{gzip_size} of {size}");
        assert!(
            head.contains(&format!("content-length: {gzip_size}")),
            "{head}"
        );
    }
    // The desktop window's page is another origin: it gets its CORS answer.
    let (status, text) = http(
        port,
        request(
            "GET",
            "/fonts/NotoSansTC-Regular.ttf",
            port,
            &["Origin: tauri://localhost"],
            None,
        ),
    )
    .await;
    assert_eq!(status, 200);
    let head = text.split("\r\n\r\n").next().unwrap().to_lowercase();
    assert!(
        head.contains("access-control-allow-origin: tauri://localhost"),
        "{head}"
    );
    // Its answer varies on the origin and still on the encoding it takes.
    assert!(head.contains("vary: accept-encoding"), "{head}");
    assert!(head.contains("vary: origin"), "{head}");
    for path in [
        "/fonts/secret.ttf",
        "/fonts/../wayline.sqlite3",
        "/fonts/NotoEmoji-Regular.ttf",
    ] {
        let (status, _) = http(port, request("GET", path, port, &[], None)).await;
        assert_eq!(status, 404, "{path}");
    }
    host.shutdown().await;
}
