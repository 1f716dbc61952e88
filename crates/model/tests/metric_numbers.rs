//! The values each kind and unit of metric allows, against the vectors the UI is tested with
//! (what people type is read by the UI only: `ui/src/doc/metricNumbers.ts`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use wayline_model::metric_numbers::allowed_range;
use wayline_model::templates::instantiate;
use wayline_model::{Direction, LaneKind, Locale, NewMetric};

fn vectors() -> serde_json::Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/vectors/metric_numbers.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn ranges_per_kind_and_unit_match_the_vectors() {
    for case in vectors()["ranges"].as_array().unwrap() {
        let (kind, unit) = (
            case["kind"].as_str().unwrap(),
            case["unit"].as_str().unwrap(),
        );
        let range = allowed_range(kind, unit);
        assert_eq!(range.min, case["min"].as_f64(), "{kind} {unit}");
        assert_eq!(range.max, case["max"].as_f64(), "{kind} {unit}");
    }
}

#[test]
fn an_impossible_value_is_refused() {
    let doc = instantiate("lifecycle", Locale::ZhTw, None, "T", 0).unwrap();
    let view = doc.view();
    let lane = view
        .lanes
        .iter()
        .find(|l| l.kind == LaneKind::Metrics)
        .unwrap();
    let nps = |current: f64| NewMetric {
        stage: &view.stages[0].id,
        lane: &lane.id,
        kind: "nps",
        label: "",
        unit: "pts",
        direction: Direction::Higher,
        expected: Some(40.0),
        current: Some(current),
        amber: 5.0,
        red: 15.0,
        example: false,
    };
    assert!(doc.add_metric(nps(1000.0)).is_err());
    assert!(doc.add_metric(nps(-100.0)).is_ok());
    assert!(doc
        .add_metric(NewMetric {
            amber: -1.0,
            ..nps(10.0)
        })
        .is_err());
}
