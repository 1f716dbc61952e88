//! The report's fonts are served at /fonts/, whole for the UI's rarest characters and cut into the
//! slices the UI draws its text with: without the access token (a browser's font request carries
//! none), with the desktop window's CORS answer, and nothing else under that path.

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
        // A browser that takes Brotli gets the compressed bytes the binary keeps.
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
        assert!(head.contains("content-encoding: br"), "{head}");
        assert!(head.contains("vary: accept-encoding"), "{head}");
        let brotli_size = wayline_report::shipped_font(file).unwrap().brotli().len();
        assert!(
            brotli_size < size as usize * 3 / 5,
            "{brotli_size} of {size}"
        );
        assert!(
            head.contains(&format!("content-length: {brotli_size}")),
            "{head}"
        );
        // One that takes only gzip gets gzip, made as it goes out.
        let (status, raw) = http_bytes(
            port,
            request(
                "GET",
                &format!("/fonts/{file}"),
                port,
                &["Accept-Encoding: gzip, deflate"],
                None,
            ),
        )
        .await;
        assert_eq!(status, 200, "{file}");
        let (head, body) = split_head(&raw);
        assert!(head.contains("content-encoding: gzip"), "{head}");
        assert_eq!(
            inflate(body),
            std::fs::read(format!("../../assets/fonts/{file}")).unwrap()
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
        "/fonts/sc-9999.ttf",
        "/fonts/sc-1.woff2",
        "/fonts/../sc-1.ttf",
    ] {
        let (status, _) = http(port, request("GET", path, port, &[], None)).await;
        assert_eq!(status, 404, "{path}");
    }
    host.shutdown().await;
}

/// A slice goes out gzip-compressed to a browser and whole to a client that takes no gzip; both
/// are the same font, which holds the slice's characters and not the others.
#[tokio::test]
async fn the_ui_fonts_are_served_in_slices() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let port = host.port();
    // The slice of Noto Sans SC that holds 旅, found in the file both sides read.
    let slicing: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("../../assets/fonts/web-slices.json").unwrap(),
    )
    .unwrap();
    let sc = &slicing["faces"][0];
    assert_eq!(sc["key"], "sc");
    let holds = |range: &str, c: char| {
        range.split(',').any(|part| {
            let body = part.trim().trim_start_matches("U+");
            let (a, b) = body.split_once('-').unwrap_or((body, body));
            let (a, b) = (
                u32::from_str_radix(a, 16).unwrap(),
                u32::from_str_radix(b, 16).unwrap(),
            );
            (a..=b).contains(&u32::from(c))
        })
    };
    let slices = sc["slices"].as_array().unwrap();
    let index = slices
        .iter()
        .position(|r| holds(r.as_str().unwrap(), '旅'))
        .unwrap();
    let path = format!("/fonts/sc-{index}.ttf");

    let (status, raw) = http_bytes(port, request("GET", &path, port, &[], None)).await;
    assert_eq!(status, 200);
    let (head, body) = split_head(&raw);
    assert!(head.contains("content-type: font/ttf"), "{head}");
    assert!(head.contains("cache-control: public"), "{head}");
    assert!(!head.contains("content-encoding"), "{head}");
    let face = ttf_parser::Face::parse(body, 0).unwrap();
    assert!(face.glyph_index('旅').is_some());
    assert!(face.glyph_index('A').is_none(), "Latin is another slice");

    let (status, compressed) = http_bytes(
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
    assert_eq!(status, 200);
    let (head, gzip) = split_head(&compressed);
    assert!(head.contains("content-encoding: gzip"), "{head}");
    assert_eq!(inflate(gzip), body);
    assert!(gzip.len() < body.len(), "{} of {}", gzip.len(), body.len());
    host.shutdown().await;
}
