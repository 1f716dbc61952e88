//! Every channels, emotion and metrics lane holds its own entries, and maps written before
//! (schema 2) keep theirs in the lane they were shown in.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use wayline_model::lane_data::{cell_key, parse_cell_key};
use wayline_model::templates::instantiate;
use wayline_model::{Direction, LaneKind, Locale, MapDoc, NewMetric, Separator};

fn lanes_of(doc: &MapDoc, kind: LaneKind) -> Vec<String> {
    doc.view()
        .lanes
        .iter()
        .filter(|l| l.kind == kind)
        .map(|l| l.id.clone())
        .collect()
}

#[test]
fn keys_match_the_shared_vectors() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/vectors/cell_keys.json"
    ))
    .unwrap();
    let vectors: serde_json::Value = serde_json::from_str(&text).unwrap();
    for v in vectors["keys"].as_array().unwrap() {
        let (stage, lane, rest, key) = (
            v["stage"].as_str().unwrap(),
            v["lane"].as_str().unwrap(),
            v["rest"].as_str().unwrap(),
            v["key"].as_str().unwrap(),
        );
        assert_eq!(cell_key(stage, lane, rest), key);
        assert_eq!(parse_cell_key(key), Some((stage, lane, rest)));
    }
    for bad in vectors["not_keys"].as_array().unwrap() {
        assert_eq!(parse_cell_key(bad.as_str().unwrap()), None, "{bad}");
    }
}

#[test]
fn a_second_channels_emotion_and_metrics_lane_is_independent() {
    let doc = instantiate("lifecycle", Locale::ZhTw, None, "主持人", 1).unwrap();
    let first_channels = lanes_of(&doc, LaneKind::Channels)[0].clone();
    let second_channels = doc
        .add_lane("自助通路", LaneKind::Channels, "", "", Separator::None)
        .unwrap();
    let second_emotion = doc
        .add_lane("情緒（新客）", LaneKind::Emotion, "", "", Separator::None)
        .unwrap();
    let second_metrics = doc
        .add_lane("自助指標", LaneKind::Metrics, "", "", Separator::None)
        .unwrap();
    let stage = doc.view().stages[0].id.clone();

    let before = doc.view();
    assert!(!before.channels.is_empty() && !before.emotions.is_empty());
    for lane in [&second_channels, &second_emotion, &second_metrics] {
        assert!(
            !before.channels.iter().any(|c| &c.lane == lane)
                && !before.emotions.iter().any(|e| &e.lane == lane)
                && !before.metrics.iter().any(|m| &m.lane == lane),
            "a new lane starts empty"
        );
    }

    doc.set_channel(&stage, &second_channels, "knowledge_base", true)
        .unwrap();
    doc.rate_emotion(&stage, &second_emotion, "p-1", -2)
        .unwrap();
    doc.add_metric(NewMetric {
        stage: &stage,
        lane: &second_metrics,
        kind: "self_service_deflection",
        label: "",
        unit: "%",
        direction: Direction::Higher,
        expected: Some(40.0),
        current: Some(25.0),
        amber: 5.0,
        red: 10.0,
        example: false,
    })
    .unwrap();

    let after = doc.view();
    let in_lane = |lane: &str| after.channels.iter().filter(|c| c.lane == lane).count();
    assert_eq!(in_lane(&second_channels), 1);
    assert_eq!(
        in_lane(&first_channels),
        before
            .channels
            .iter()
            .filter(|c| c.lane == first_channels)
            .count(),
        "the first channels lane did not get the chip"
    );
    assert_eq!(
        after
            .emotions
            .iter()
            .filter(|e| e.lane == second_emotion)
            .count(),
        1
    );
    assert_eq!(after.emotions.len(), before.emotions.len() + 1);
    assert_eq!(
        after
            .metrics
            .iter()
            .filter(|m| m.lane == second_metrics)
            .count(),
        1
    );
    assert_eq!(after.metrics.len(), before.metrics.len() + 1);
}

/// The sample map as schema 2 stored it (`tests/fixtures`, written by the store's fixture test):
/// flat keys without the lane, metrics without `lane`.
fn schema_2_map() -> MapDoc {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/map-schema-2.loro"
    ))
    .unwrap();
    let doc = MapDoc::load(Some(&bytes), &[]).unwrap();
    assert_eq!(doc.schema_version(), 2);
    doc
}

#[test]
fn a_schema_2_map_keeps_its_entries_in_the_lane_that_showed_them() {
    let doc = schema_2_map();
    let stored = doc.to_json();
    let count = |root: &str| stored[root].as_object().map_or(0, |m| m.len());
    let (ratings, chips, metrics) = (count("emotions"), count("channels"), count("metrics"));
    assert!(ratings > 0 && chips > 0 && metrics > 0);
    let view = doc.view();
    assert!(view.channels.is_empty() && view.emotions.is_empty() && view.metrics.is_empty());
    // A second channels lane that schema 2 showed the same chips in: the first one keeps them.
    let extra = doc
        .add_lane("自助通路", LaneKind::Channels, "", "", Separator::None)
        .unwrap();

    assert!(doc.upgrade().unwrap());
    assert_eq!(doc.schema_version(), wayline_model::SCHEMA_VERSION);
    let new = doc.view();
    let first = |kind| lanes_of(&doc, kind)[0].clone();
    assert_eq!(new.channels.len(), chips);
    assert!(new
        .channels
        .iter()
        .all(|c| c.lane == first(LaneKind::Channels)));
    assert!(!new.channels.iter().any(|c| c.lane == extra));
    assert_eq!(new.emotions.len(), ratings);
    assert!(new
        .emotions
        .iter()
        .all(|e| e.lane == first(LaneKind::Emotion)));
    assert_eq!(new.metrics.len(), metrics);
    assert!(!doc.upgrade().unwrap(), "an upgrade happens once");

    // The upgraded map loads the same on another replica.
    let replica = MapDoc::load(Some(&doc.export_snapshot().unwrap()), &[]).unwrap();
    assert_eq!(replica.view(), doc.view());
}

#[test]
fn a_schema_2_map_without_such_a_lane_keeps_its_entries_in_the_document() {
    let doc = schema_2_map();
    let emotion = lanes_of(&doc, LaneKind::Emotion)[0].clone();
    let count = doc.to_json()["emotions"].as_object().unwrap().len();
    let index = doc
        .view()
        .lanes
        .iter()
        .position(|l| l.id == emotion)
        .unwrap();
    doc.loro()
        .get_movable_list("lanes")
        .delete(index, 1)
        .unwrap();
    doc.loro().commit();
    doc.upgrade().unwrap();
    let kept = doc.to_json()["emotions"].as_object().unwrap().len();
    assert_eq!(kept, count, "nothing is deleted");
}
