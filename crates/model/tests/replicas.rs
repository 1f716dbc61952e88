//! Replicas of one map: concurrent edits merge without mixing fields, a replica refuses history
//! it cannot place, and what a peer that has nothing sends on joining.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use wayline_model::templates::instantiate;
use wayline_model::{Locale, MapDoc, ModelError};

fn lifecycle(locale: Locale) -> MapDoc {
    instantiate("lifecycle", locale, None, "Tester", 1_700_000_000_000).unwrap()
}

#[test]
fn concurrent_moves_of_one_card_never_mix_stage_and_lane() {
    let a = lifecycle(Locale::En);
    let b = MapDoc::load(Some(&a.export_snapshot().unwrap()), &[]).unwrap();
    let view = a.view();
    let id = view.cards[0].id.clone();
    a.move_card(&id, &view.stages[1].id, &view.lanes[3].id)
        .unwrap();
    b.move_card(&id, &view.stages[4].id, &view.lanes[0].id)
        .unwrap();
    a.import(&b.export_since(&a.version()).unwrap()).unwrap();
    b.import(&a.export_since(&b.version()).unwrap()).unwrap();
    let pa = a
        .view()
        .cards
        .into_iter()
        .find(|c| c.id == id)
        .unwrap()
        .placement;
    let pb = b
        .view()
        .cards
        .into_iter()
        .find(|c| c.id == id)
        .unwrap()
        .placement;
    assert_eq!(pa, pb);
    let one = (view.stages[1].id.clone(), view.lanes[3].id.clone());
    let other = (view.stages[4].id.clone(), view.lanes[0].id.clone());
    let got = (pa.stage, pa.lane);
    assert!(got == one || got == other, "placement mixed two moves");
}

#[test]
fn concurrent_text_edits_merge() {
    let a = lifecycle(Locale::ZhCn);
    let b = MapDoc::load(Some(&a.export_snapshot().unwrap()), &[]).unwrap();
    let id = a.view().cards[0].id.clone();
    a.set_card_text(&id, "客户在社交媒体上看到跑鞋广告")
        .unwrap();
    b.set_card_text(&id, "在社交媒体上看到跑鞋广告（抖音）")
        .unwrap();
    a.import(&b.export_since(&a.version()).unwrap()).unwrap();
    b.import(&a.export_since(&b.version()).unwrap()).unwrap();
    let text = a
        .view()
        .cards
        .into_iter()
        .find(|c| c.id == id)
        .unwrap()
        .text;
    assert_eq!(
        text,
        b.view()
            .cards
            .into_iter()
            .find(|c| c.id == id)
            .unwrap()
            .text
    );
    assert!(text.contains("客户") && text.contains("（抖音）"), "{text}");
}

#[test]
fn loading_refuses_missing_history_and_garbage() {
    let a = lifecycle(Locale::En);
    let id = a.view().cards[0].id.clone();
    a.set_card_text(&id, "one").unwrap();
    let mid = a.version();
    a.set_card_text(&id, "two").unwrap();
    let second = a.export_since(&mid).unwrap();
    // The second edit without the first one depends on history that is not there.
    let empty = MapDoc::new();
    assert!(matches!(
        empty.import(&second),
        Err(ModelError::MissingHistory)
    ));
    assert!(matches!(
        MapDoc::load(None, std::slice::from_ref(&second)),
        Err(ModelError::MissingHistory)
    ));
    assert!(matches!(
        MapDoc::load(None, &[b"not loro".to_vec()]),
        Err(ModelError::Decode(_))
    ));
    // The whole history from an empty version rebuilds the same map.
    let copy = MapDoc::new();
    copy.import(&a.export_since(&[]).unwrap()).unwrap();
    assert_eq!(copy.view(), a.view());
}

#[test]
fn a_peer_knows_nothing_only_with_an_empty_version() {
    assert!(MapDoc::knows_nothing(&[]));
    // What a fresh browser sends: its empty version vector, encoded.
    assert!(MapDoc::knows_nothing(&MapDoc::new().version()));
    let doc = MapDoc::new();
    doc.set_title("Journey").unwrap();
    assert!(!MapDoc::knows_nothing(&doc.version()));
    // Unreadable bytes are not "nothing": the host answers them as before.
    assert!(!MapDoc::knows_nothing(&[0xff, 0xff, 0xff]));
}
