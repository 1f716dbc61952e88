//! The PDF report: every card's text comes back out of `pdftotext` (Chinese included), the file
//! passes `qpdf --check`, pages have the chosen size, and the font is subset.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use wayline_model::templates::instantiate;
use wayline_model::{Locale, MapView, NewCard};
use wayline_report::{render_pdf, Paper, ReportInfo};

fn info(language: Locale) -> ReportInfo {
    ReportInfo {
        project: "示例项目 Sample".into(),
        persona: Some("王芳".into()),
        participants: vec!["Alex".into(), "小李".into()],
        date: "2026-11-22".into(),
        created_at: 1_795_000_000,
        language,
        language_name: language.as_str().into(),
        author: "Wayline".into(),
        since: None,
    }
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed for this test (poppler-utils, qpdf): {e}"));
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Writes the PDF, checks it, and returns its text.
fn check(view: &MapView, language: Locale, paper: Paper, name: &str) -> String {
    let bytes = render_pdf(view, &info(language), paper).unwrap();
    assert!(
        bytes.len() < 500 * 1024,
        "{name}: {} bytes, the font is not subset",
        bytes.len()
    );
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, &bytes).unwrap();
    let p = path.to_str().unwrap();
    tool("qpdf", &["--check", p]);
    let pdfinfo = tool("pdfinfo", &[p]);
    let (w, h) = paper.size_mm();
    let size: Vec<f32> = pdfinfo
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .map(|l| {
            l.split_whitespace()
                .filter_map(|t| t.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        size.len() >= 2
            && (size[0] - w * 72.0 / 25.4).abs() < 0.5
            && (size[1] - h * 72.0 / 25.4).abs() < 0.5,
        "{name}: page size {size:?}"
    );
    assert!(pdfinfo.contains("Author:          Wayline"), "{pdfinfo}");
    // Cover, summary, at least one map page, and more for each stage chunk.
    let pages: usize = pdfinfo
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    let chunks = view
        .stages
        .len()
        .div_ceil(((w - 24.0 - 34.0) / 46.0).floor().max(1.0) as usize);
    assert!(
        pages >= 2 + chunks,
        "{name}: {pages} pages for {chunks} stage groups"
    );
    assert!(pdfinfo.contains("2026"), "a real creation date: {pdfinfo}");
    tool("pdftotext", &["-raw", p, "-"])
}

fn assert_every_card(view: &MapView, text: &str, name: &str) {
    let all = squash(text);
    for card in &view.cards {
        assert!(
            all.contains(&squash(&card.text)),
            "{name}: card {:?} is missing",
            card.text
        );
    }
    assert!(all.contains(&squash(&view.title)));
}

#[test]
fn report_keeps_simplified_chinese_text() {
    let view = instantiate("pre_post_sale", Locale::ZhCn, None, "T", 0)
        .unwrap()
        .view();
    let text = check(&view, Locale::ZhCn, Paper::A4Landscape, "zh-cn-a4l");
    assert_every_card(&view, &text, "zh-CN");
    assert!(text.contains("管理摘要") && text.contains("体验指标与差距"));
}

#[test]
fn report_keeps_traditional_chinese_text() {
    let view = instantiate("self_service", Locale::ZhTw, None, "T", 0)
        .unwrap()
        .view();
    let text = check(&view, Locale::ZhTw, Paper::A3Landscape, "zh-tw-a3l");
    assert_every_card(&view, &text, "zh-TW");
    assert!(text.contains("第 1 頁"));
}

#[test]
fn report_in_english_on_portrait_paper_and_mixed_text() {
    let doc = instantiate("service_blueprint", Locale::En, None, "T", 0).unwrap();
    let v = doc.view();
    doc.add_card(NewCard {
        stage: &v.stages[1].id,
        lane: &v.lanes[1].id,
        text: "Mixed 中英文 text：客户说 “too slow”，然后离开了。",
        color: "pink",
        author: "Kim",
        ..Default::default()
    })
    .unwrap();
    let view = doc.view();
    let text = check(&view, Locale::En, Paper::A4Portrait, "en-a4p");
    assert_every_card(&view, &text, "en");
    assert!(text.contains("Executive summary") && text.contains("Line of visibility"));
}

/// A manager in North America prints on US Letter: 8.5 × 11 in, either way round, every card kept.
#[test]
fn report_on_us_letter_paper() {
    let view = instantiate("lifecycle", Locale::En, None, "T", 0)
        .unwrap()
        .view();
    for (paper, name) in [
        (Paper::LetterPortrait, "en-letter-p"),
        (Paper::LetterLandscape, "en-letter-l"),
    ] {
        let text = check(&view, Locale::En, paper, name);
        assert_every_card(&view, &text, name);
    }
    assert_eq!(Paper::parse("letter-portrait"), Some(Paper::LetterPortrait));
    assert_eq!(Paper::parse("letter"), None);
}

#[test]
fn a_huge_card_is_continued_not_cut() {
    let doc = instantiate("lifecycle", Locale::ZhCn, None, "T", 0).unwrap();
    let v = doc.view();
    let long = "顾客反馈：".to_owned() + &"退货流程太复杂，需要打印标签并去门店。".repeat(200);
    doc.add_card(NewCard {
        stage: &v.stages[0].id,
        lane: &v.lanes[0].id,
        text: &long[..long.char_indices().nth(4000).map_or(long.len(), |(i, _)| i)],
        color: "yellow",
        author: "T",
        ..Default::default()
    })
    .unwrap();
    let view = doc.view();
    let text = squash(&check(&view, Locale::ZhCn, Paper::A4Landscape, "huge-card"));
    // The card continues over several pages: every sentence of it is there.
    let sentence = "需要打印标签并去门店";
    let card = view
        .cards
        .iter()
        .find(|c| c.text.starts_with("顾客反馈"))
        .unwrap();
    // (A sentence cut where the card continues on the next page is not counted.)
    let pieces = text.matches("…").count().max(1);
    assert!(
        text.matches(sentence).count() + pieces >= squash(&card.text).matches(sentence).count()
    );
    assert!(
        text.contains("（续）") || text.contains("(续)"),
        "the lane says it is continued"
    );
}

/// The fonts a PDF embeds, as `pdffonts` names them.
fn embedded_fonts(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.pdf"));
    tool("pdffonts", &[path.to_str().unwrap()])
}

#[test]
fn every_character_survives_supplementary_ideographs_and_emoji_included() {
    let doc = instantiate("lifecycle", Locale::ZhTw, None, "T", 0).unwrap();
    let v = doc.view();
    let texts = [
        "𠮷野家的「𩸽」定食很好吃 👍",
        "客服等太久了 😡 還要再打一次？🤔",
        "Mixed 中英文：客戶說 “too slow”，然後離開了。",
        "简体混排：客户说退货太麻烦",
        // Taiwanese Hokkien characters beyond every shipped font: boxes on the page, but kept.
        "台語：𪜶 𣮈 𧙇 的服務真好",
        // A skin tone and a family joined by zero-width joiners: drawn without what the
        // monochrome emoji font lacks, kept whole in the text layer.
        "謝謝 🙏🏻 全家 👨‍👩‍👧 都來了",
    ];
    for (i, text) in texts.iter().enumerate() {
        doc.add_card(NewCard {
            stage: &v.stages[i % v.stages.len()].id,
            lane: &v.lanes[0].id,
            text,
            color: "yellow",
            author: "小陳",
            ..Default::default()
        })
        .unwrap();
    }
    let view = doc.view();
    let text = check(&view, Locale::ZhTw, Paper::A3Landscape, "supplementary");
    assert_every_card(&view, &text, "supplementary");
    for c in ['𠮷', '𩸽', '👍', '😡', '🤔', '𪜶', '𣮈', '𧙇'] {
        assert!(text.contains(c), "{c} is missing from the text layer");
    }
    for sequence in ["🙏🏻", "👨\u{200d}👩\u{200d}👧"] {
        assert!(
            text.contains(sequence),
            "{sequence} is not whole in the text layer"
        );
    }
    let fonts = embedded_fonts("supplementary");
    for family in ["NotoSansTC", "NotoSansSC", "NotoSansJP", "NotoEmoji"] {
        assert!(fonts.contains(family), "{family} is not embedded:\n{fonts}");
    }
}

#[test]
fn traditional_maps_use_the_traditional_font_and_simplified_the_simplified() {
    let tw = instantiate("lifecycle", Locale::ZhTw, None, "T", 0)
        .unwrap()
        .view();
    check(&tw, Locale::ZhTw, Paper::A4Landscape, "font-tw");
    let cn = instantiate("lifecycle", Locale::ZhCn, None, "T", 0)
        .unwrap()
        .view();
    check(&cn, Locale::ZhCn, Paper::A4Landscape, "font-cn");
    // Each report draws its Chinese with its script's font; the other one is embedded only for
    // characters the first lacks (here the simplified 项 of the project name in `info`).
    let (tw_fonts, cn_fonts) = (embedded_fonts("font-tw"), embedded_fonts("font-cn"));
    assert!(tw_fonts.contains("NotoSansTC"), "{tw_fonts}");
    assert!(cn_fonts.contains("NotoSansSC"), "{cn_fonts}");
    assert!(!cn_fonts.contains("NotoSansTC"), "{cn_fonts}");
}

/// The cover names everyone who took part: card and parking-lot authors, raters, and people who
/// only changed other people's work (recorded in `participants` with a colour by the app), but
/// not the template's own author.
#[test]
fn the_cover_names_co_editors_and_parking_lot_authors_too() {
    let doc = instantiate("lifecycle", Locale::ZhCn, None, "Wayline", 0).unwrap();
    doc.register_participant("p-7", "陳怡", "#00838f").unwrap();
    doc.register_participant("p-2", "Bo", "#7b5ea7").unwrap();
    doc.park("下次再讨论运费", "安妮", 1).unwrap();
    let view = doc.view();
    let names = ReportInfo::participants_of(&view);
    for who in ["陳怡", "Bo", "安妮"] {
        assert!(
            names.iter().any(|n| n == who),
            "{who} missing from {names:?}"
        );
    }
    assert!(!names.iter().any(|n| n == "Wayline"), "{names:?}");
    // The contributors come by name, whatever their ids.
    let bo = names.iter().position(|n| n == "Bo");
    let chen = names.iter().position(|n| n == "陳怡");
    assert!(bo < chen, "{names:?}");
    let mut with_names = info(Locale::ZhCn);
    with_names.participants = names;
    let pdf = render_pdf(&view, &with_names, Paper::A4Landscape).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("participants.pdf");
    std::fs::write(&path, pdf).unwrap();
    let text = tool("pdftotext", &[path.to_str().unwrap(), "-"]);
    for who in ["陳怡", "Bo", "安妮"] {
        assert!(text.contains(who), "{who} not on the cover");
    }
}

/// However many people wrote themselves into the map, the cover names sixty and counts the rest,
/// each name no longer than the join page allows.
#[test]
fn the_cover_names_sixty_participants_and_counts_the_rest() {
    let doc = instantiate("lifecycle", Locale::ZhCn, None, "Wayline", 0).unwrap();
    for i in 0..70 {
        doc.register_participant(&format!("p-{i:02}"), &format!("参与者{i:02}"), "#00838f")
            .unwrap();
    }
    // A client wrote a name far longer than the join page allows.
    let mut long = std::collections::HashMap::new();
    long.insert(
        "name".to_owned(),
        loro::LoroValue::from("长".repeat(500).as_str()),
    );
    long.insert("color".to_owned(), loro::LoroValue::from("#d32f2f"));
    doc.loro()
        .get_map("participants")
        .insert("p-long", loro::LoroValue::from(long))
        .unwrap();
    doc.loro().commit();
    let view = doc.view();
    let mut with_names = info(Locale::ZhCn);
    with_names.participants = ReportInfo::participants_of(&view);
    assert!(with_names
        .participants
        .iter()
        .all(|n| n.chars().count() <= 40));
    let pdf = render_pdf(&view, &with_names, Paper::A4Landscape).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.pdf");
    std::fs::write(&path, pdf).unwrap();
    let text = squash(&tool("pdftotext", &[path.to_str().unwrap(), "-"]));
    assert!(text.contains("参与者00"), "the first names are there");
    let all = &with_names.participants;
    let shown = all.iter().filter(|n| text.contains(n.as_str())).count();
    assert_eq!(shown, 60, "sixty names on the cover of {}", all.len());
    let more = format!("另有{}人", all.len() - 60);
    assert!(text.contains(&more), "the rest are counted: {more}");
    assert!(!text.contains(&"长".repeat(41)));
}

/// The bar of how much of the map is backed by data keeps its three legend lines on its page, on
/// every paper, wherever the summary above it ends (one line alone on the next page of A4
/// landscape read as something else).
#[test]
fn the_confidence_legend_stays_on_one_page() {
    for lines_above in 0..14 {
        let doc = instantiate("lifecycle", Locale::ZhCn, None, "T", 0).unwrap();
        let v = doc.view();
        let pain = v.lanes.iter().find(|l| l.role == "pain_points").unwrap();
        doc.add_card(NewCard {
            stage: &v.stages[0].id,
            lane: &pain.id,
            text: &"结账前必须先注册账号，客户在这一步放弃。".repeat(lines_above * 4 + 1),
            color: "pink",
            author: "T",
            ..Default::default()
        })
        .unwrap();
        let mut view = doc.view();
        for card in view.cards.iter_mut() {
            card.votes = i64::from(card.text.len() > 200) * 5;
        }
        for (paper, name) in Paper::ALL {
            let text = check(
                &view,
                Locale::ZhCn,
                paper,
                &format!("legend-{lines_above}-{name}"),
            );
            let legend = |line: &str| line.contains(" — ") && line.trim_end().ends_with("%)");
            for (i, page) in text.split('\u{c}').enumerate() {
                let lines = page.lines().filter(|l| legend(l)).count();
                assert!(
                    lines == 0 || lines == 3,
                    "{name}, {lines_above}: page {} holds {lines} of the legend's lines",
                    i + 1
                );
            }
        }
    }
}

/// A department's heading in the report never ends a page: it goes with its first list and the
/// list's first row, wherever the pages before it end.
#[test]
fn a_department_heading_is_never_left_at_the_bottom_of_a_page() {
    let heading = "部门：";
    for lines_above in 0..30 {
        let doc = instantiate("lifecycle", Locale::ZhCn, None, "T", 0).unwrap();
        let v = doc.view();
        let pain = v.lanes.iter().find(|l| l.role == "pain_points").unwrap();
        // A card of the marketing department's list, longer each time, moves what follows it
        // down; the service department's first card is a tall row.
        doc.add_card(NewCard {
            stage: &v.stages[0].id,
            lane: &pain.id,
            text: &"广告落地页加载太慢，客户没看到价格就离开了。".repeat(lines_above * 2 + 1),
            color: "pink",
            author: "T",
            department: "marketing",
            ..Default::default()
        })
        .unwrap();
        doc.add_card(NewCard {
            stage: &v.stages[0].id,
            lane: &pain.id,
            text: &"客服电话转接三次才有人接，客户在等待中挂断。".repeat(14),
            color: "pink",
            author: "T",
            department: "service",
            ..Default::default()
        })
        .unwrap();
        let view = doc.view();
        let text = check(
            &view,
            Locale::ZhCn,
            Paper::A4Portrait,
            &format!("dept-{lines_above}"),
        );
        for (i, page) in text.split('\u{c}').enumerate() {
            let lines: Vec<&str> = page
                .lines()
                .filter(|l| {
                    !l.trim().is_empty() && !l.contains(" 页，共 ") && l.trim() != view.title
                })
                .collect();
            for (at, _) in lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.starts_with(heading))
            {
                assert!(
                    lines.len() > at + 2,
                    "{lines_above}: page {} ends with {:?}",
                    i + 1,
                    &lines[at..]
                );
            }
        }
    }
}

/// The lowest points are written as the board writes ratings: a real minus sign, 0 unsigned, and
/// a spread whose ends agree as that one rating (the template's zh-CN map: −2…−1, −1, −1…0).
#[test]
fn the_lowest_points_write_ratings_as_the_board_does() {
    let view = instantiate("lifecycle", Locale::ZhCn, None, "T", 0)
        .unwrap()
        .view();
    let text = check(&view, Locale::ZhCn, Paper::A4Portrait, "low-points");
    assert!(text.contains("平均 −1.5 · 分歧 −2…−1 · 2 个评分"), "{text}");
    assert!(text.contains("平均 −1.0 · 分歧 −1 · 2 个评分"), "{text}");
    assert!(text.contains("分歧 −1…0 ·"), "{text}");
}
