//! Exports speak the map's language: every heading and value of the CSV and the PDF's department
//! pages, with the same words as the board (read from the UI catalogs).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;

use common::ui_word;

use wayline_model::templates::instantiate;
use wayline_model::Locale;
use wayline_report::{cards_csv, render_pdf, Paper, ReportInfo};

#[test]
fn the_csv_of_a_traditional_chinese_map_is_in_traditional_chinese_with_the_boards_words() {
    let view = instantiate("lifecycle", Locale::ZhTw, None, "T", 0)
        .unwrap()
        .view();
    let csv = String::from_utf8(cards_csv(&view, Locale::ZhTw).unwrap()).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap().trim_start_matches('\u{feff}');
    assert_eq!(
        header, "#,階段,泳道,文字,負責團隊,標籤,資料可信度,票數,作者,顏色",
        "{header}"
    );
    let body: String = lines.collect::<Vec<_>>().join("\n");
    for english in ["assumption", "partial", "backed", "yellow", "blue", "pink"] {
        assert!(!body.contains(english), "{english} in a zh-TW CSV:\n{body}");
    }
    assert!(body.contains(&ui_word("zh-TW", "board.confidence.assumption")));
    assert!(body.contains(&ui_word("zh-TW", "color.yellow")));
}

#[test]
fn department_pages_of_a_chinese_report_say_backstage_in_chinese() {
    let view = instantiate("lifecycle", Locale::ZhCn, None, "T", 0)
        .unwrap()
        .view();
    let info = ReportInfo {
        project: "示例".into(),
        persona: None,
        participants: vec![],
        date: "2026-11-30".into(),
        created_at: 1_795_000_000,
        language: Locale::ZhCn,
        language_name: "简体中文".into(),
        author: "Wayline".into(),
        since: None,
    };
    let pdf = render_pdf(&view, &info, Paper::A4Landscape).unwrap();
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("language-zh-cn.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-raw", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed for this test");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.to_lowercase().contains("backstage"), "{text}");
    assert!(text.contains(&ui_word("zh-CN", "board.role.backstage")));
    assert!(text.contains(&ui_word("zh-CN", "board.confidence.backed")) || !text.contains("支撑"));
}

/// A zh-CN report names every channel, metric kind and status, confidence level, team and lane role
/// exactly as the board does (no 官网 where the board says 网站, no "满意度 CSAT" where it says
/// "CSAT 满意度").
#[test]
fn a_simplified_chinese_report_uses_exactly_the_boards_words() {
    use wayline_model::metrics::METRIC_KINDS;
    use wayline_model::schema::CHANNEL_IDS;
    use wayline_model::{Direction, LaneKind, NewMetric};
    let doc = instantiate("lifecycle", Locale::ZhCn, None, "T", 0).unwrap();
    let view = doc.view();
    let lane_of = |kind: LaneKind| {
        view.lanes
            .iter()
            .find(|l| l.kind == kind)
            .unwrap()
            .id
            .clone()
    };
    let (channels, metrics) = (lane_of(LaneKind::Channels), lane_of(LaneKind::Metrics));
    for (i, channel) in CHANNEL_IDS.iter().enumerate() {
        let stage = &view.stages[i % view.stages.len()].id;
        doc.set_channel(stage, &channels, channel, true).unwrap();
    }
    for (i, kind) in METRIC_KINDS.iter().filter(|k| **k != "custom").enumerate() {
        doc.add_metric(NewMetric {
            stage: &view.stages[i % view.stages.len()].id,
            lane: &metrics,
            kind,
            label: "",
            unit: "",
            direction: Direction::Higher,
            expected: Some(10.0),
            current: Some(5.0),
            amber: 1.0,
            red: 2.0,
            example: false,
        })
        .unwrap();
    }
    let info = ReportInfo {
        project: "示例".into(),
        persona: None,
        participants: vec![],
        date: "2026-12-01".into(),
        created_at: 1_795_000_000,
        language: Locale::ZhCn,
        language_name: "简体中文".into(),
        author: "Wayline".into(),
        since: None,
    };
    let pdf = render_pdf(&doc.view(), &info, Paper::A3Landscape).unwrap();
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("board-words-zh-cn.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-raw", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed for this test");
    // pdftotext may break a line anywhere: compare without whitespace.
    let text: String = String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let squash = |s: String| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    for channel in CHANNEL_IDS {
        let word = squash(ui_word("zh-CN", &format!("board.channel.{channel}")));
        assert!(
            text.contains(&word),
            "channel {channel}: {word} is not in the report"
        );
    }
    for kind in METRIC_KINDS.iter().filter(|k| **k != "custom") {
        let word = squash(ui_word("zh-CN", &format!("board.metric.kind.{kind}")));
        assert!(
            text.contains(&word),
            "metric {kind}: {word} is not in the report"
        );
    }
    // (官网 is not checked: the sample cards say it in their own text.)
    for drifted in ["满意度CSAT", "电话等待时长", "教程与指南教程"] {
        assert!(!text.contains(drifted), "{drifted} is not the board's word");
    }
    // The sample's cards hold all three confidence levels, its lanes three teams and these roles;
    // every metric added above is short of its target by more than its red threshold.
    let confidences = ["assumption", "partial", "backed"].map(|c| format!("board.confidence.{c}"));
    let teams = ["marketing", "sales", "service"].map(|t| format!("dept.{t}"));
    let roles = ["pain_points", "opportunities", "backstage"].map(|r| format!("board.role.{r}"));
    let words = confidences
        .iter()
        .chain(&teams)
        .chain(&roles)
        .map(String::as_str)
        .chain(["board.metric.status.red"]);
    for path in words {
        let word = squash(ui_word("zh-CN", path));
        assert!(text.contains(&word), "{path}: {word} is not in the report");
    }
}

/// A card or an action written as a formula reaches a spreadsheet as its words (a leading
/// apostrophe), in both CSV exports, and reads back whole.
#[test]
fn csv_cells_that_look_like_formulas_are_written_as_text() {
    use wayline_report::actions_csv;
    let mut view = instantiate("lifecycle", Locale::ZhTw, None, "T", 0)
        .unwrap()
        .view();
    let formula = "=HYPERLINK(\"http://127.0.0.1/x\",\"點我\")";
    view.cards[0].text = formula.to_owned();
    view.cards[1].text = "@SUM(1+1)".to_owned();
    view.cards[2].text = "顧客：=不是公式".to_owned();
    view.actions[0].title = "-1+1".to_owned();
    let read = |bytes: Vec<u8>| -> Vec<Vec<String>> {
        let text = String::from_utf8(bytes).unwrap();
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    };
    let cards = read(cards_csv(&view, Locale::ZhTw).unwrap());
    assert_eq!(cards[1][3], format!("'{formula}"));
    assert_eq!(cards[2][3], "'@SUM(1+1)");
    assert_eq!(cards[3][3], "顧客：=不是公式");
    for row in &cards {
        for cell in row {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell}");
        }
    }
    let actions = read(actions_csv(&view, Locale::ZhTw).unwrap());
    assert_eq!(actions[1][1], "'-1+1");
}
