//! PDF export of a large map: 12 stages × 10 lanes × 5 cards of mixed Chinese and English text.
//! Prints the file size once; criterion reports the time.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use wayline_model::{LaneKind, Locale, MapDoc, MapView, NewCard, Phase, Separator};
use wayline_report::{render_pdf, Paper, ReportInfo};

fn big_map() -> MapView {
    let doc = MapDoc::new();
    doc.init_meta("大型旅程图 Large journey", Locale::ZhCn, "none")
        .unwrap();
    let stages: Vec<String> = (0..12)
        .map(|i| {
            doc.add_stage(&format!("阶段 {i} Stage"), "", "blue", Phase::PreSale)
                .unwrap()
        })
        .collect();
    let lanes: Vec<String> = (0..10)
        .map(|i| {
            doc.add_lane(
                &format!("泳道 {i}"),
                LaneKind::Cards,
                "actions",
                "",
                Separator::None,
            )
            .unwrap()
        })
        .collect();
    let texts = [
        "客户在支付环节放弃了购物车，因为必须先注册账号。",
        "Compares sizes and reviews on the website before buying.",
        "电话排队等了 12 分钟，没有人接听。",
        "Wants delivery within three days, free returns.",
        "在社交媒体上看到跑鞋广告，点进官网查看价格。",
    ];
    for s in &stages {
        for l in &lanes {
            for t in texts {
                doc.add_card(NewCard {
                    stage: s,
                    lane: l,
                    text: t,
                    color: "yellow",
                    author: "Bench",
                    ..Default::default()
                })
                .unwrap();
            }
        }
    }
    doc.view()
}

fn bench(c: &mut Criterion) {
    let view = big_map();
    let info = ReportInfo {
        project: "Benchmark".into(),
        persona: None,
        participants: vec![],
        date: "2026-11-22".into(),
        created_at: 1_795_305_600,
        language: Locale::ZhCn,
        language_name: "简体中文".into(),
        author: "Wayline".into(),
        since: None,
    };
    let bytes = render_pdf(&view, &info, Paper::A3Landscape).unwrap();
    eprintln!(
        "600-card map, A3 landscape: {} KB, {} cards",
        bytes.len() / 1024,
        view.cards.len()
    );
    let mut group = c.benchmark_group("pdf");
    group.sample_size(10);
    group.bench_function("600 cards, A3 landscape", |b| {
        b.iter(|| render_pdf(&view, &info, Paper::A3Landscape).unwrap())
    });
    group.bench_function("600 cards, A4 portrait", |b| {
        b.iter(|| render_pdf(&view, &info, Paper::A4Portrait).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
