//! The action plan leaves the map in the map's language: the CSV's headings and values are the
//! Actions view's words, the calendar holds one all-day event per dated action, and the PDF
//! report has an action plan section per team in en, zh-CN and zh-TW, with full-width colons
//! in Chinese and no English word, the actions late on its day marked; its metrics table shows a
//! metric's trend of dated values.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{pdf_text, ui_word};

use wayline_model::templates::instantiate;
use wayline_model::{ActionStatus, Locale};
use wayline_report::{actions_csv, actions_ics, render_pdf, Paper, ReportInfo};

const NOW_MS: i64 = 1_795_000_000_000;

#[test]
fn the_action_plan_csv_of_a_simplified_chinese_map_uses_the_boards_words() {
    let view = instantiate("lifecycle", Locale::ZhCn, None, "T", NOW_MS)
        .unwrap()
        .view();
    let csv = String::from_utf8(actions_csv(&view, Locale::ZhCn).unwrap()).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    let mut rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    let header: Vec<&str> = records[0].iter().collect();
    let col = |k: &str| ui_word("zh-CN", &format!("actions.col.{k}"));
    assert_eq!(header[1], col("title"));
    assert_eq!(header[2], col("team"));
    assert_eq!(header[4], col("status"));
    assert_eq!(records.len(), view.actions.len() + 1);
    let body = csv.to_lowercase();
    for english in [
        "in_progress",
        "planned",
        "service",
        "sales",
        "marketing",
        "call_hold",
    ] {
        assert!(!body.contains(english), "{english} in a zh-CN CSV:\n{csv}");
    }
    assert!(csv.contains(&ui_word("zh-CN", "actions.status.in_progress")));
    assert!(csv.contains(&ui_word("zh-CN", "dept.service")));
    // the metric it should move, signed, with its unit; the card it answers
    assert!(
        csv.contains(&format!(
            "{} -6 {}",
            ui_word("zh-CN", "board.metric.kind.call_hold_time"),
            ui_word("zh-CN", "board.metric.unitWord.min")
        )),
        "{csv}"
    );
    for a in &view.actions {
        for card in &a.cards {
            let text = &view.cards.iter().find(|c| &c.id == card).unwrap().text;
            assert!(csv.contains(text.lines().next().unwrap()), "{text}");
        }
    }
}

#[test]
fn the_calendar_has_one_all_day_event_per_dated_action() {
    let view = instantiate("pre_post_sale", Locale::ZhTw, None, "T", NOW_MS)
        .unwrap()
        .view();
    let ics = String::from_utf8(actions_ics(&view, Locale::ZhTw, NOW_MS / 1000)).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    let dated = view.actions.iter().filter(|a| a.due.is_some()).count();
    assert!(dated >= 1 && dated < view.actions.len());
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), dated);
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{line}");
    }
    let unfolded = ics.replace("\r\n ", "");
    for a in view.actions.iter().filter(|a| a.due.is_some()) {
        assert!(
            unfolded.contains(&format!("SUMMARY:{}", a.title)),
            "{}",
            a.title
        );
        let day = a.due.as_deref().unwrap().replace('-', "");
        assert!(unfolded.contains(&format!("DTSTART;VALUE=DATE:{day}")));
    }
}

fn report_text(locale: Locale, name: &str) -> String {
    let doc = instantiate("lifecycle", locale, None, "T", NOW_MS).unwrap();
    let view = doc.view();
    let info = ReportInfo {
        project: "P".into(),
        persona: None,
        participants: vec![],
        date: "2026-12-01".into(),
        created_at: NOW_MS / 1000,
        language: locale,
        language_name: name.into(),
        author: "Wayline".into(),
        since: doc.changes_since_newest_version(&doc.view()).unwrap(),
    };
    pdf_text(&render_pdf(&view, &info, Paper::A4Landscape).unwrap())
}

#[test]
fn the_report_has_an_action_plan_per_team_in_every_language() {
    for (locale, name) in [
        (Locale::En, "English"),
        (Locale::ZhCn, "简体中文"),
        (Locale::ZhTw, "繁體中文"),
    ] {
        let text = report_text(locale, name);
        let lang = locale.as_str();
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert!(
            text.contains(&squeeze(&ui_word(lang, "actions.title"))),
            "{lang}"
        );
        let view = instantiate("lifecycle", locale, None, "T", NOW_MS)
            .unwrap()
            .view();
        for a in &view.actions {
            assert!(text.contains(&squeeze(&a.title)), "{lang}: {}", a.title);
            assert!(text.contains(&squeeze(&a.owner)), "{lang}: {}", a.owner);
        }
        assert!(text.contains(&squeeze(&ui_word(lang, "actions.status.in_progress"))));
        // the sample NPS: three earlier quarters and today
        assert!(text.contains("22→27→31→34"), "{lang}: no trend in {text}");
        if locale != Locale::En {
            let team = ui_word(lang, "actions.col.team");
            assert!(
                text.contains(&format!("{team}：{}", ui_word(lang, "dept.service"))),
                "{lang}"
            );
            for english in ["Action", "Team", "Owner", "Due", "backstage", "Department"] {
                assert!(!text.contains(english), "{english} in the {lang} report");
            }
        }
    }
}

#[test]
fn the_report_says_what_changed_since_the_saved_version_in_every_language() {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for (locale, name) in [
        (Locale::En, "English"),
        (Locale::ZhCn, "简体中文"),
        (Locale::ZhTw, "繁體中文"),
    ] {
        let text = report_text(locale, name);
        let lang = locale.as_str();
        let doc = instantiate("lifecycle", locale, None, "T", NOW_MS).unwrap();
        let (version, changes) = doc
            .changes_since_newest_version(&doc.view())
            .unwrap()
            .unwrap();
        let heading = ui_word(lang, "versions.changesSince")
            .replace("{{name}}", &version.name)
            .replace("{{date}}", "2026-11-04");
        assert!(text.contains(&squeeze(&heading)), "{lang}: {heading}");
        for kind in ["added", "edited", "emotions", "metrics", "actions"] {
            let word = ui_word(lang, &format!("versions.kind.{kind}"));
            assert!(text.contains(&squeeze(&word)), "{lang}: {word}");
        }
        for card in &changes.cards_added {
            assert!(text.contains(&squeeze(&card.text)), "{lang}: {}", card.text);
        }
        let edited = &changes.cards_edited[0];
        assert!(text.contains(&squeeze(edited.before_text.as_deref().unwrap())));
        // The NPS's unit in the report's language (pts / 分), as the board writes it.
        let pts = ui_word(lang, "board.metric.unitWord.pts");
        assert!(
            text.contains(&format!("31{pts}→34{pts}")),
            "{lang}: the NPS before and now"
        );
        let done = ui_word(lang, "actions.status.done");
        assert!(text.contains(&squeeze(&done)), "{lang}");
    }
}

#[test]
fn the_report_marks_the_actions_late_on_its_day() {
    let doc = instantiate("lifecycle", Locale::ZhCn, None, "T", NOW_MS).unwrap();
    let mut view = doc.view();
    for (i, a) in view.actions.iter_mut().enumerate() {
        // The first late and open, the second late but done, the rest without a date.
        (a.due, a.status) = match i {
            0 => (Some("2026-11-15".into()), ActionStatus::Planned),
            1 => (Some("2026-11-15".into()), ActionStatus::Done),
            _ => (None, ActionStatus::InProgress),
        };
    }
    let info = zh_cn_info();
    let text = pdf_text(&render_pdf(&view, &info, Paper::A4Portrait).unwrap());
    let late = ui_word("zh-CN", "actions.overdue");
    assert_eq!(text.matches(&late).count(), 1, "{text}");
    let planned = ui_word("zh-CN", "actions.status.planned");
    assert!(text.contains(&format!("{planned}{late}")), "{text}");
}

#[test]
fn the_reports_most_voted_cards_say_a_tie() {
    let doc = instantiate("lifecycle", Locale::ZhCn, None, "T", NOW_MS).unwrap();
    let mut view = doc.view();
    let pain: Vec<String> = view
        .lanes
        .iter()
        .filter(|l| l.role == "pain_points")
        .map(|l| l.id.clone())
        .collect();
    let mut given = [3, 3, 1].into_iter();
    for card in view.cards.iter_mut() {
        card.votes = if pain.contains(&card.placement.lane) {
            given.next().unwrap_or(0)
        } else {
            0
        };
    }
    let info = zh_cn_info();
    let text = pdf_text(&render_pdf(&view, &info, Paper::A4Portrait).unwrap());
    let tie = ui_word("zh-CN", "voting.tie");
    assert_eq!(text.matches(&format!("3票（{tie}）")).count(), 2, "{text}");
    assert!(text.contains("1票·"), "{text}");
}

#[test]
fn an_action_table_over_several_pages_has_its_header_on_each() {
    let doc = instantiate("lifecycle", Locale::ZhCn, None, "T", NOW_MS).unwrap();
    let mut view = doc.view();
    let first = view.actions[0].clone();
    view.actions = (0..90)
        .map(|i| {
            let mut a = first.clone();
            a.id = format!("a{i}");
            a.title = format!("第{i}项行动：缩短客服回复时间");
            a.team = "service".into();
            a
        })
        .collect();
    let info = zh_cn_info();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.pdf");
    std::fs::write(&path, render_pdf(&view, &info, Paper::A4Portrait).unwrap()).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-raw", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed for this test");
    let text = String::from_utf8_lossy(&out.stdout);
    let owner = ui_word("zh-CN", "actions.col.owner");
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| p.contains("项行动：缩短客服回复时间"))
        .collect();
    assert!(pages.len() >= 3, "{} pages of actions", pages.len());
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&owner),
            "page {} of the table has no header",
            i + 1
        );
    }
    // No page ends with the header and nothing under it.
    for (i, page) in text.split('\u{c}').enumerate() {
        let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
        if let Some(at) = lines.iter().rposition(|l| l.contains(&owner)) {
            assert!(
                lines[at + 1..].iter().any(|l| l.contains("项行动")),
                "page {} ends with the table's header",
                i + 1
            );
        }
    }
}

/// A report of 2026-12-01 in Simplified Chinese, with no saved version to compare.
fn zh_cn_info() -> ReportInfo {
    ReportInfo {
        project: "P".into(),
        persona: None,
        participants: vec![],
        date: "2026-12-01".into(),
        created_at: NOW_MS / 1000,
        language: Locale::ZhCn,
        language_name: "简体中文".into(),
        author: "Wayline".into(),
        since: None,
    }
}
