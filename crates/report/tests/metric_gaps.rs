//! A manager reads a metric's numbers in the report as they were typed, and its gap and status as
//! the board decides them: 2.35 is not "2.4", a row's target, actual and gap add up, churn 1.3 % →
//! 2.3 % is amber at an amber shortfall of 1 (not green through floating point's 0.9999…), a
//! difference of percentages is in percentage points, and large values are grouped by thousands.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use wayline_model::templates::instantiate;
use wayline_model::{Direction, LaneKind, Locale, NewMetric};
use wayline_report::{render_pdf, Paper, ReportInfo};

mod common;
use common::{pdf_text, ui_word};

struct Typed {
    kind: &'static str,
    label: &'static str,
    unit: &'static str,
    direction: Direction,
    expected: f64,
    current: f64,
    amber: f64,
    red: f64,
}

const TYPED: [Typed; 4] = [
    Typed {
        kind: "churn_rate",
        label: "",
        unit: "%",
        direction: Direction::Lower,
        expected: 1.3,
        current: 2.3,
        amber: 1.0,
        red: 3.0,
    },
    Typed {
        kind: "conversion_rate",
        label: "",
        unit: "%",
        direction: Direction::Higher,
        expected: 2.35,
        current: 2.31,
        amber: 0.5,
        red: 1.5,
    },
    Typed {
        kind: "custom",
        label: "Revenue per store",
        unit: "€",
        direction: Direction::Higher,
        expected: 5_000_000.0,
        current: 2_376_543.2,
        amber: 100_000.0,
        red: 1_000_000.0,
    },
    Typed {
        kind: "call_hold_time",
        label: "",
        unit: "min",
        direction: Direction::Lower,
        expected: 5.0,
        current: 14.0,
        amber: 2.0,
        red: 5.0,
    },
];

fn report_text(locale: Locale) -> String {
    let doc = instantiate("lifecycle", locale, None, "T", 0).unwrap();
    let view = doc.view();
    let lane = &view
        .lanes
        .iter()
        .find(|l| l.kind == LaneKind::Metrics)
        .unwrap()
        .id;
    for (i, m) in TYPED.iter().enumerate() {
        doc.add_metric(NewMetric {
            stage: &view.stages[i % view.stages.len()].id,
            lane,
            kind: m.kind,
            label: m.label,
            unit: m.unit,
            direction: m.direction,
            expected: Some(m.expected),
            current: Some(m.current),
            amber: m.amber,
            red: m.red,
            example: false,
        })
        .unwrap();
    }
    let info = ReportInfo {
        project: "P".into(),
        persona: None,
        participants: vec![],
        date: "2026-12-05".into(),
        created_at: 1_795_000_000,
        language: locale,
        language_name: locale.as_str().into(),
        author: "Wayline".into(),
        since: None,
    };
    pdf_text(&render_pdf(&doc.view(), &info, Paper::A4Landscape).unwrap())
}

#[test]
fn the_metrics_table_writes_numbers_as_typed_and_gaps_as_the_board() {
    let text = report_text(Locale::En);
    let squash = |s: String| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let amber = squash(ui_word("en", "board.metric.status.amber"));
    let red = squash(ui_word("en", "board.metric.status.red"));
    // churn: target, actual, gap worse by one percentage point, amber
    assert!(text.contains(&format!("1.3%2.3%-1pp{amber}")), "{text}");
    // conversion: two decimals kept, the gap of 0.04 points, still on the green side of amber
    assert!(text.contains("2.35%2.31%-0.04pp"), "{text}");
    // large values grouped; the gap in the metric's own unit
    assert!(
        text.contains("5,000,000€2,376,543.2€-2,623,456.8€"),
        "{text}"
    );
    // lower is better: 9 minutes over a 5-minute target is red
    assert!(text.contains(&format!("-9min{red}")), "{text}");
    assert!(!text.contains("2.4%"), "a typed 2.35 % was rounded: {text}");
    // A stage with two metrics is named once, above both (their order within the stage is the
    // map's, which follows their random ids).
    const CALL_HOLD: &str = "Callholdtime";
    let table = &text[text.find("MetricsandgapsStage").unwrap()..];
    assert_eq!(
        table.matches(&format!("Retention{CALL_HOLD}")).count(),
        1,
        "{table}"
    );
    assert!(table.contains(&format!("{red}{CALL_HOLD}")), "{table}");
    assert!(table.contains("Gap:+betterthanthetarget"), "{table}");
}

#[test]
fn a_chinese_report_says_percentage_points_in_chinese() {
    for (locale, lang) in [(Locale::ZhCn, "zh-CN"), (Locale::ZhTw, "zh-TW")] {
        let text = report_text(locale);
        let points = ui_word(lang, "board.metric.percentPoints");
        assert!(text.contains(&format!("-1{points}")), "{lang}: {text}");
        assert!(!text.contains("pp"), "{lang}: {text}");
    }
}
