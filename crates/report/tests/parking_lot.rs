//! The parking lot in the PDF report: its own section in the map's language with every parked
//! topic and who parked it, whole (a long topic wraps, never cut), in the order they were parked,
//! every character as typed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use wayline_model::templates::instantiate;
use wayline_model::Locale;
use wayline_report::{render_pdf, Paper, ReportInfo};

#[test]
fn every_parked_topic_is_in_the_report_whole() {
    let doc = instantiate("lifecycle", Locale::ZhTw, None, "T", 0).unwrap();
    let long = "退貨流程要等三天才有人回覆，客服與倉庫互相推給對方。".repeat(12);
    doc.park("會員點數能不能跨店使用？", "林", 1).unwrap();
    doc.park(&long, "陳", 2).unwrap();
    doc.park("Loyalty app: push or email?", "Ann", 3).unwrap();
    doc.park("聯絡人：史蒂夫·王（業務）", "Ann", 4).unwrap();
    let info = ReportInfo {
        project: "停車場".into(),
        persona: None,
        participants: vec![],
        date: "2026-12-03".into(),
        created_at: 1_795_000_000,
        language: Locale::ZhTw,
        language_name: "繁體中文".into(),
        author: "Wayline".into(),
        since: None,
    };
    let pdf = render_pdf(&doc.view(), &info, Paper::A4Landscape).unwrap();
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("parking-lot-zh-tw.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-raw", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed for this test");
    // pdftotext may break a line anywhere: compare without whitespace.
    let squash = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let text = squash(&String::from_utf8_lossy(&out.stdout));
    let heading = text
        .find(&squash("停車場（待議事項）"))
        .expect("the section heading");
    let mut at = heading;
    for (topic, author) in [
        ("會員點數能不能跨店使用？", "林"),
        (long.as_str(), "陳"),
        ("Loyalty app: push or email?", "Ann"),
        // The middle dot is copied out as typed: a typed bullet beside it, drawn by the same
        // glyph, made it "•" in the PDF's text layer.
        ("聯絡人：史蒂夫·王（業務）", "Ann"),
    ] {
        let line = squash(&format!("{topic} — {author}"));
        let found = text[at..].find(&line).map(|i| i + at);
        assert!(
            found.is_some(),
            "{topic} is not in the report after the one before"
        );
        // The list's dot is drawn, not a character of the text layer.
        let before = text[..found.unwrap_or(at)].chars().last();
        assert!(
            !matches!(before, Some('•' | '·')),
            "{topic} follows a typed bullet"
        );
        at = found.unwrap_or(at);
    }
}
