//! The map as a picture, with text the rasteriser finds hard: a Traditional Chinese card whose line
//! mixes the Traditional and Simplified fonts (「」, ——) with an emoji made the PNG export panic
//! inside the text layout.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use wayline_model::templates::instantiate;
use wayline_model::{LaneKind, Locale, NewCard};
use wayline_report::{map_png, map_svg};

#[test]
fn a_traditional_chinese_card_with_mixed_fonts_and_an_emoji_is_drawn() {
    let doc = instantiate("lifecycle", Locale::ZhTw, None, "T", 0).unwrap();
    let v = doc.view();
    let lane = v
        .lanes
        .iter()
        .find(|l| l.kind == LaneKind::Cards)
        .unwrap()
        .id
        .clone();
    for text in [
        "機會：推出「尺寸助手」🤖——使用者",
        "機會：推出「尺寸助手」🤖——使用者輸入身高體重後推薦尺碼，減少退貨 Size helper 😀",
    ] {
        doc.add_card(NewCard {
            stage: &v.stages[2].id,
            lane: &lane,
            text,
            color: "green",
            author: "陳怡",
            ..Default::default()
        })
        .unwrap();
    }
    let view = doc.view();
    assert!(map_svg(&view, Locale::ZhTw).unwrap().contains("使用者"));
    let png = map_png(&view, Locale::ZhTw).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    if let Ok(path) = std::env::var("WAYLINE_PICTURE_OUT") {
        std::fs::write(path, &png).unwrap();
    }
}
