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

/// Rewrites a current map into what schema 2 stored: flat keys without the lane, metrics
/// without `lane`.
fn as_schema_2(doc: &MapDoc) {
    let loro = doc.loro();
    for root in ["emotions", "channels"] {
        let map = loro.get_map(root);
        let entries: Vec<(String, loro::LoroValue)> = map
            .get_value()
            .into_map()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (key, value) in entries {
            let (stage, _lane, rest) = parse_cell_key(&key).unwrap();
            map.insert(&format!("{stage}:{rest}"), value).unwrap();
            map.delete(&key).unwrap();
        }
    }
    let metrics = loro.get_map("metrics");
    for id in metrics.keys().map(|k| k.to_string()).collect::<Vec<_>>() {
        if let Some(loro::ValueOrContainer::Container(loro::Container::Map(m))) = metrics.get(&id) {
            m.delete("lane").unwrap();
        }
    }
    loro.get_map("meta").insert("schema_version", 2i64).unwrap();
    loro.commit();
}

#[test]
fn a_schema_2_map_keeps_its_entries_in_the_lane_that_showed_them() {
    let reference = instantiate("lifecycle", Locale::ZhCn, None, "主持人", 1).unwrap();
    let doc = MapDoc::load(Some(&reference.export_snapshot().unwrap()), &[]).unwrap();
    // A second lane of each kind added by schema 2, placed before the first one: schema 2 showed
    // the same entries in both; the upgrade gives them to the first lane in board order.
    as_schema_2(&doc);
    let view = doc.view();
    assert!(view.channels.is_empty() && view.emotions.is_empty() && view.metrics.is_empty());
    let extra = doc
        .add_lane("自助渠道", LaneKind::Channels, "", "", Separator::None)
        .unwrap();

    assert!(doc.upgrade().unwrap());
    assert_eq!(doc.schema_version(), wayline_model::SCHEMA_VERSION);
    let (old, new) = (reference.view(), doc.view());
    assert_eq!(new.channels, old.channels);
    assert_eq!(new.emotions, old.emotions);
    assert_eq!(new.metrics, old.metrics);
    assert!(!new.channels.iter().any(|c| c.lane == extra));
    assert!(!doc.upgrade().unwrap(), "an upgrade happens once");

    // The upgraded map still merges with a replica that saw the schema-2 form.
    let replica = MapDoc::load(Some(&doc.export_snapshot().unwrap()), &[]).unwrap();
    assert_eq!(replica.view(), doc.view());
}

#[test]
fn a_schema_2_map_without_such_a_lane_keeps_its_entries_in_the_document() {
    let doc = instantiate("lifecycle", Locale::En, None, "Host", 1).unwrap();
    let emotion = lanes_of(&doc, LaneKind::Emotion)[0].clone();
    let count = doc.view().emotions.len();
    as_schema_2(&doc);
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
