//! A card of thousands of characters in the PDF: every line of it on the map pages and in the
//! "What changed" table, its tags with it, and nothing drawn below the page's content area (into the
//! footer or off the paper) — checked with `pdftotext`, word boxes included.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use wayline_model::templates::instantiate;
use wayline_model::{LaneKind, Locale, MapDoc, NewCard, Separator};
use wayline_report::{render_pdf, Paper, ReportInfo};

const NOW_MS: i64 = 1_796_000_000_000;
/// The report's page geometry (crates/report/src/pdf/mod.rs): margin and footer, in mm.
const MARGIN_MM: f32 = 12.0;
const FOOTER_MM: f32 = 8.0;
const PT_PER_MM: f32 = 72.0 / 25.4;

fn pdftotext(args: &[&str]) -> String {
    let out = Command::new("pdftotext")
        .args(args)
        .output()
        .expect("pdftotext (poppler-utils) is needed for this test");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn attr(tag: &str, name: &str) -> f32 {
    let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    let end = start + tag[start..].find('"').unwrap();
    tag[start..end].parse().unwrap()
}

/// A word as `pdftotext -bbox` places it: its text, top and bottom (pt from the page's top).
type Word = (String, f32, f32);

/// Per page: its height and its words.
fn word_boxes(path: &str) -> Vec<(f32, Vec<Word>)> {
    let html = pdftotext(&["-bbox", path, "-"]);
    let mut pages = Vec::new();
    for part in html.split("<page ").skip(1) {
        let height = attr(part, "height");
        let words = part
            .split("<word ")
            .skip(1)
            .map(|w| {
                let text_start = w.find('>').unwrap() + 1;
                let text_end = w.find("</word>").unwrap();
                (
                    w[text_start..text_end].to_owned(),
                    attr(w, "yMin"),
                    attr(w, "yMax"),
                )
            })
            .collect();
        pages.push((height, words));
    }
    pages
}

/// Numbered sentences, so a missing or repeated stretch shows where it is: `号0001行。号0002行。…`
/// (`mark` instead of 号 tells several cards apart).
fn numbered(mark: char, count: u32) -> String {
    (1..=count).map(|n| format!("{mark}{n:04}行。")).collect()
}

/// The report of `doc` on `paper`, written to a file in `dir`.
fn report(doc: &MapDoc, paper: Paper, dir: &tempfile::TempDir) -> String {
    let view = doc.view();
    let info = ReportInfo {
        project: "P".into(),
        persona: None,
        participants: vec![],
        date: "2026-12-05".into(),
        created_at: NOW_MS / 1000,
        language: Locale::ZhCn,
        language_name: "简体中文".into(),
        author: "Wayline".into(),
        since: doc.changes_since_newest_version(&view).unwrap(),
    };
    let pdf = render_pdf(&view, &info, paper).unwrap();
    let path = dir.path().join("long-card.pdf");
    std::fs::write(&path, pdf).unwrap();
    path.to_str().unwrap().to_owned()
}

/// The text of the pages' content areas, without whitespace (the footer would fall inside a
/// sentence continued on the next page, and text drawn below the area is not on the paper).
fn content_text(path: &str, paper: Paper) -> String {
    let (width, height) = paper.size_mm();
    let area = [
        format!("{}", (width * PT_PER_MM).ceil()),
        format!("{}", ((height - MARGIN_MM - FOOTER_MM) * PT_PER_MM).floor()),
    ];
    pdftotext(&[
        "-raw", "-x", "0", "-y", "0", "-W", &area[0], "-H", &area[1], path, "-",
    ])
    .chars()
    .filter(|c| !c.is_whitespace())
    .collect()
}

/// The sentence numbers up to `count` found fewer than `times` times. A sentence may be cut
/// where its card continues (the page's headers come between the halves): its number is looked
/// for, which the wrapping keeps whole (four digits between ideographs).
fn missing(all: &str, count: u32, times: usize) -> Vec<u32> {
    (1..=count)
        .filter(|n| all.matches(&format!("{n:04}")).count() < times)
        .collect()
}

/// Nothing below the content area but the footer (the map's title and the page number).
fn assert_inside_the_pages(path: &str, title: &str, marks: &[char]) {
    for (i, (height, words)) in word_boxes(path).iter().enumerate() {
        let content_bottom = height - (MARGIN_MM + FOOTER_MM) * PT_PER_MM;
        let mut footer = String::new();
        for (word, top, bottom) in words {
            if *top >= content_bottom {
                footer.push_str(word);
            } else {
                assert!(
                    *bottom <= content_bottom + 1.0,
                    "page {}: {word:?} reaches {bottom:.1} pt, below the content's {content_bottom:.1}",
                    i + 1
                );
            }
        }
        assert!(
            footer.starts_with(title) && !marks.iter().any(|m| footer.contains(*m)),
            "page {}: the footer holds {footer:?}",
            i + 1
        );
    }
}

#[test]
fn a_card_of_ten_thousand_characters_keeps_every_line_inside_the_pages() {
    let doc = instantiate("lifecycle", Locale::ZhCn, None, "T", NOW_MS).unwrap();
    let v = doc.view();
    let opportunities = v.lanes.iter().find(|l| l.title == "机会点").unwrap();
    doc.add_card(NewCard {
        stage: &v.stages[0].id,
        lane: &opportunities.id,
        text: &numbered('号', 1428),
        color: "green",
        author: "安妮",
        tags: &["结账流程", "mobile", "优惠码"],
        ..Default::default()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = report(&doc, Paper::A4Landscape, &dir);
    let all = content_text(&path, Paper::A4Landscape);
    // Every line on the map pages and in the table of added cards.
    let gone = missing(&all, 1428, 2);
    assert!(gone.is_empty(), "lines not found twice: {gone:?}");
    // Its tags go with its number, under its last piece.
    assert!(all.contains("#结账流程#mobile#优惠码"), "the card's tags");
    assert_inside_the_pages(&path, &v.title, &['号']);
}

#[test]
fn long_cards_side_by_side_in_a_lane_start_mid_page_on_portrait_paper() {
    let doc = instantiate("lifecycle", Locale::ZhCn, None, "T", NOW_MS).unwrap();
    let v = doc.view();
    // The first card lane, one card per stage, of different lengths, each numbered on its own.
    let lane = &v.lanes[0].id;
    for (stage, count) in v.stages.iter().zip([400, 900, 1428]) {
        doc.add_card(NewCard {
            stage: &stage.id,
            lane,
            text: &numbered('段', count),
            color: "yellow",
            author: "陳怡",
            ..Default::default()
        })
        .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = report(&doc, Paper::A4Portrait, &dir);
    let all = content_text(&path, Paper::A4Portrait);
    // Lines 1–400 are in three cards, 401–900 in two, the rest in one; each card twice (map and
    // table of added cards).
    for (from, to, times) in [(1, 400, 6), (401, 900, 4), (901, 1428, 2)] {
        let gone: Vec<u32> = missing(&all, to, times)
            .into_iter()
            .filter(|n| *n >= from)
            .collect();
        assert!(
            gone.is_empty(),
            "lines {from}–{to} not found {times} times: {gone:?}"
        );
    }
    assert_inside_the_pages(&path, &v.title, &['段']);
}

#[test]
fn a_long_channel_name_wraps_inside_its_chip_on_portrait_paper() {
    let doc = instantiate("lifecycle", Locale::ZhCn, None, "T", NOW_MS).unwrap();
    let v = doc.view();
    let channels = v
        .lanes
        .iter()
        .find(|l| l.kind == wayline_model::LaneKind::Channels)
        .unwrap();
    let name = "微信小程序 WeChat Mini Program 超长渠道名称测试 extra long";
    doc.set_channel(
        &v.stages[2].id,
        &channels.id,
        &format!("custom:{name}"),
        true,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = report(&doc, Paper::A4Portrait, &dir);
    // Read from the page's area only: a name running off the paper's edge would lose its end.
    let all = content_text(&path, Paper::A4Portrait);
    let squashed: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(all.contains(&squashed), "the whole channel name");
    assert_inside_the_pages(&path, &v.title, &[]);
}

/// How many pages of the map a report has (each names its part in the corner: "旅程图",
/// crates/report/src/labels.rs).
fn map_pages(path: &str) -> usize {
    pdftotext(&["-raw", path, "-"])
        .split('\u{c}')
        .filter(|page| page.trim_start().starts_with("旅程图"))
        .count()
}

#[test]
fn empty_lanes_do_not_start_pages_of_their_own() {
    let doc = instantiate("lifecycle", Locale::ZhCn, None, "T", NOW_MS).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let before = map_pages(&report(&doc, Paper::A4Landscape, &dir));
    // Four lanes with nothing in any stage (two with a separator line above them).
    for (i, separator) in [
        Separator::None,
        Separator::Visibility,
        Separator::None,
        Separator::Interaction,
    ]
    .into_iter()
    .enumerate()
    {
        doc.add_lane(&format!("空泳道 {i}"), LaneKind::Cards, "", "", separator)
            .unwrap();
    }
    let after = map_pages(&report(&doc, Paper::A4Landscape, &dir));
    // Four short rows more: at most one page more, not a page each.
    assert!(after <= before + 1, "{before} map pages became {after}");
}

/// Where the word holding `mark` is drawn: its page and its top and bottom (pt).
fn word_at(path: &str, mark: &str) -> (usize, f32, f32) {
    word_boxes(path)
        .iter()
        .enumerate()
        .find_map(|(page, (_, words))| {
            words
                .iter()
                .find(|(w, _, _)| w.contains(mark))
                .map(|(_, top, bottom)| (page, *top, *bottom))
        })
        .unwrap_or_else(|| panic!("{mark} is not in the report"))
}

/// A lane title longer than its narrow column wraps onto as many lines as it needs, and its row
/// is as tall as they are: the next row (and its title) starts below its last line, for an empty
/// lane, a lane with cards and the emotion lane (whose curve has a height of its own).
#[test]
fn long_lane_titles_stay_whole_inside_their_rows() {
    let doc = instantiate("lifecycle", Locale::ZhTw, None, "T", NOW_MS).unwrap();
    let lanes = [
        (
            "內部流程與系統 Internal process & systems ENDA",
            LaneKind::Cards,
        ),
        (
            "STARTB 情緒曲線的一個非常非常長的標題，說明這一列量的是哪一種顧客的哪一種感受 ENDB",
            LaneKind::Emotion,
        ),
        (
            "STARTC 後台與支援系統 Backstage and support systems ENDC",
            LaneKind::Cards,
        ),
        ("STARTD", LaneKind::Cards),
    ];
    for (title, kind) in lanes {
        doc.add_lane(title, kind, "", "", Separator::None).unwrap();
    }
    let v = doc.view();
    let third = v
        .lanes
        .iter()
        .find(|l| l.title.starts_with("STARTC"))
        .unwrap();
    doc.add_card(NewCard {
        stage: &v.stages[0].id,
        lane: &third.id,
        text: "一張短卡",
        color: "yellow",
        author: "主持人",
        ..Default::default()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    for paper in [Paper::A4Portrait, Paper::A4Landscape] {
        let path = report(&doc, paper, &dir);
        for (end, next) in [("ENDA", "STARTB"), ("ENDB", "STARTC"), ("ENDC", "STARTD")] {
            let (end_page, _, end_bottom) = word_at(&path, end);
            let (next_page, next_top, _) = word_at(&path, next);
            assert!(
                next_page > end_page || end_bottom <= next_top,
                "{paper:?}: {end} ends at {end_bottom:.1} pt, below where {next} starts ({next_top:.1})"
            );
        }
        assert_inside_the_pages(&path, &v.title, &[]);
    }
}
