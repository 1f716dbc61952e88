//! Every built-in template instantiates in all three languages into a consistent map.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use wayline_model::templates::{instantiate, list};
use wayline_model::{LaneKind, Locale, Status};

fn doc_json(id: &str, locale: Locale) -> serde_json::Value {
    instantiate(id, locale, None, "T", 0).unwrap().to_json()
}

#[test]
fn every_template_instantiates_in_every_language() {
    let ids: Vec<_> = list().iter().map(|t| t.id).collect();
    assert_eq!(
        ids,
        [
            "lifecycle",
            "pre_post_sale",
            "service_blueprint",
            "self_service",
            "saas_onboarding"
        ]
    );
    for id in ids {
        let mut shapes = Vec::new();
        for locale in Locale::ALL {
            let view = instantiate(id, *locale, None, "T", 0)
                .unwrap_or_else(|e| panic!("{id} in {locale}: {e}"))
                .view();
            assert!(
                view.problems().is_empty(),
                "{id} {locale}: {:?}",
                view.problems()
            );
            assert!(
                !view.title.is_empty() && view.stages.len() >= 5,
                "{id} {locale}"
            );
            assert!(
                view.cards.len() >= 15,
                "{id} {locale} has few example cards"
            );
            assert!(view.cards.iter().all(|c| c.example && !c.text.is_empty()));
            assert!(!view.metrics.is_empty(), "{id} {locale} has no metrics");
            assert!(view.metrics.iter().all(|m| m.example));
            assert!(
                view.metrics.iter().any(|m| m.status() == Status::Red),
                "{id} shows no gap"
            );
            assert!(view.lanes.iter().any(|l| l.kind == LaneKind::Emotion));
            let raters = &doc_json(id, *locale)["meta"]["example_raters"];
            assert!(
                view.emotions.iter().all(|e| raters
                    .as_array()
                    .is_some_and(|r| r.iter().any(|x| x == e.participant.as_str()))),
                "{id} {locale}: every sample rating is marked"
            );
            if *locale != Locale::En {
                let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
                assert!(view.stages.iter().all(|s| cjk(&s.title)), "{id} {locale}");
                assert!(view.cards.iter().all(|c| cjk(&c.text)), "{id} {locale}");
            }
            shapes.push((
                view.stages.len(),
                view.lanes.len(),
                view.cards.len(),
                view.metrics.len(),
                view.channels.len(),
            ));
        }
        assert!(
            shapes.windows(2).all(|w| w[0] == w[1]),
            "{id}: languages differ in shape {shapes:?}"
        );
    }
}

#[test]
fn simplified_and_traditional_are_really_different() {
    let cn = instantiate("pre_post_sale", Locale::ZhCn, None, "T", 0)
        .unwrap()
        .view();
    let tw = instantiate("pre_post_sale", Locale::ZhTw, None, "T", 0)
        .unwrap()
        .view();
    let differing = cn
        .cards
        .iter()
        .zip(&tw.cards)
        .filter(|(a, b)| a.text != b.text)
        .count();
    assert!(
        differing * 2 > cn.cards.len(),
        "most cards differ between 简体 and 繁體"
    );
}

#[test]
fn the_service_blueprint_draws_its_three_lines() {
    let view = instantiate("service_blueprint", Locale::En, None, "T", 0)
        .unwrap()
        .view();
    let lines: Vec<_> = view.lanes.iter().map(|l| l.separator.as_str()).collect();
    for line in ["interaction", "visibility", "internal"] {
        assert!(lines.contains(&line), "{line} missing: {lines:?}");
    }
}
