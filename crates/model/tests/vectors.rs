//! The rules both the Rust model and the UI implement — the metric status, the fractional-index
//! position keys, the emotion curve's derived values and text-length counting — checked against
//! the shared vectors in `tests/vectors/`, which `ui/src/doc/vectors.test.ts` reads too.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use wayline_model::action_plan::is_iso_date;
use wayline_model::emotion::{low_point, stage_emotions};
use wayline_model::metric_history::parse_history_key;
use wayline_model::position::key_between;
use wayline_model::schema::{text_head, text_length};
use wayline_model::{Direction, EmotionRating, MetricView, Status};

fn vectors(name: &str) -> Value {
    let path = format!(
        "{}/../../tests/vectors/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn opt_str(v: &Value) -> Option<&str> {
    v.as_str()
}

#[test]
fn metric_status_follows_the_shared_rule() {
    for case in vectors("metric_status")["cases"].as_array().unwrap() {
        let metric = MetricView {
            id: "m".into(),
            stage: "s".into(),
            lane: "l".into(),
            kind: "custom".into(),
            label: String::new(),
            unit: String::new(),
            direction: serde_json::from_value::<Direction>(case["direction"].clone()).unwrap(),
            expected: case["expected"].as_f64(),
            current: case["current"].as_f64(),
            amber: case["amber"].as_f64().unwrap(),
            red: case["red"].as_f64().unwrap(),
            example: false,
            history: Vec::new(),
        };
        let why = case["why"].as_str().unwrap();
        assert_eq!(metric.shortfall(), case["shortfall"].as_f64(), "{why}");
        let status = serde_json::from_value::<Status>(case["status"].clone()).unwrap();
        assert_eq!(metric.status(), status, "{why}");
    }
}

#[test]
fn position_keys_are_those_of_the_uis_package() {
    let v = vectors("fractional_index");
    for case in v["between"].as_array().unwrap() {
        let (a, b) = (opt_str(&case["a"]), opt_str(&case["b"]));
        let key = key_between(a, b).unwrap_or_else(|e| panic!("{a:?} {b:?}: {e}"));
        assert_eq!(
            key,
            case["key"].as_str().unwrap(),
            "between {a:?} and {b:?}"
        );
    }
    for case in v["invalid"].as_array().unwrap() {
        let (a, b) = (opt_str(&case["a"]), opt_str(&case["b"]));
        assert!(key_between(a, b).is_err(), "{a:?} {b:?} is refused");
    }
    for case in v["n_after"].as_array().unwrap() {
        let after = opt_str(&case["after"]);
        let n = case["n"].as_u64().unwrap() as usize;
        let want: Vec<String> = serde_json::from_value(case["keys"].clone()).unwrap();
        // Appended one by one, as cards added at the end of a cell get their keys.
        let mut got = Vec::new();
        let mut last = after.map(str::to_owned);
        for _ in 0..n {
            let key = key_between(last.as_deref(), None).unwrap();
            got.push(key.clone());
            last = Some(key);
        }
        assert_eq!(got, want, "{n} after {after:?}");
    }
}

#[test]
fn emotion_curve_values_are_the_shared_ones() {
    for case in vectors("emotion")["cases"].as_array().unwrap() {
        let why = case["why"].as_str().unwrap();
        let stages: Vec<&str> = case["stages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        let ratings: Vec<EmotionRating> = serde_json::from_value(case["ratings"].clone()).unwrap();
        let lane = case["lane"].as_str().unwrap();
        let got = stage_emotions(stages.iter().copied(), &ratings, lane);
        let want = case["stats"].as_array().unwrap();
        assert_eq!(got.len(), want.len(), "{why}");
        for (g, w) in got.iter().zip(want) {
            assert_eq!(g.stage, w["stage"].as_str().unwrap(), "{why}");
            assert!(
                (g.mean - w["mean"].as_f64().unwrap()).abs() < 1e-12,
                "{why}"
            );
            assert_eq!(g.min, w["min"].as_i64().unwrap(), "{why}");
            assert_eq!(g.max, w["max"].as_i64().unwrap(), "{why}");
            assert_eq!(g.count as u64, w["count"].as_u64().unwrap(), "{why}");
        }
        let low = low_point(&got).map(|i| got[i].stage.as_str());
        assert_eq!(low, opt_str(&case["low_point"]), "{why}");
    }
}

#[test]
fn text_is_counted_and_cut_in_characters() {
    let v = vectors("text_length");
    for case in v["lengths"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        assert_eq!(
            text_length(text) as u64,
            case["scalars"].as_u64().unwrap(),
            "{text:?}"
        );
    }
    for case in v["cuts"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        let max = case["max"].as_u64().unwrap() as usize;
        assert_eq!(
            text_head(text, max),
            case["head"].as_str().unwrap(),
            "{text:?} to {max}"
        );
    }
}

#[test]
fn due_dates_are_real_calendar_days() {
    let v = vectors("iso_date");
    for d in v["valid"].as_array().unwrap() {
        assert!(is_iso_date(d.as_str().unwrap()), "{d}");
    }
    for d in v["invalid"].as_array().unwrap() {
        assert!(!is_iso_date(d.as_str().unwrap()), "{d}");
    }
}

#[test]
fn metric_history_keys_are_read_alike() {
    let v = vectors("metric_history_keys");
    for case in v["valid"].as_array().unwrap() {
        let (metric, date, field) = parse_history_key(case["key"].as_str().unwrap()).unwrap();
        assert_eq!(metric, case["metric"].as_str().unwrap());
        assert_eq!(date, case["date"].as_str().unwrap());
        assert_eq!(field.as_str(), case["field"].as_str().unwrap());
    }
    for key in v["invalid"].as_array().unwrap() {
        assert_eq!(parse_history_key(key.as_str().unwrap()), None, "{key}");
    }
}

#[test]
fn version_frontiers_are_read_by_the_shared_rule() {
    use wayline_model::versions::parse_frontiers;
    let v = vectors("frontiers");
    for case in v["valid"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        let ids = parse_frontiers(text).unwrap_or_else(|| panic!("{text:?} should read"));
        let expected: Vec<(i32, u64)> = case["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|id| {
                (
                    id["counter"].as_i64().unwrap() as i32,
                    id["peer"].as_str().unwrap().parse().unwrap(),
                )
            })
            .collect();
        let got: Vec<(i32, u64)> = ids.iter().map(|id| (id.counter, id.peer)).collect();
        assert_eq!(got, expected, "{text:?}");
    }
    for case in v["invalid"].as_array().unwrap() {
        let text = case.as_str().unwrap();
        assert!(
            parse_frontiers(text).is_none(),
            "{text:?} should be refused"
        );
    }
}

#[test]
fn a_new_cards_colour_follows_the_shared_rule() {
    use wayline_model::lane_color::lane_card_color;
    for case in vectors("lane_color")["cases"].as_array().unwrap() {
        let (role, department) = (
            case["role"].as_str().unwrap(),
            case["department"].as_str().unwrap(),
        );
        assert_eq!(
            lane_card_color(role, department),
            case["color"].as_str().unwrap(),
            "{role} / {department}"
        );
    }
}

#[test]
fn an_action_is_late_when_due_before_the_day_and_not_done_or_dropped() {
    let v = vectors("overdue");
    for c in v["cases"].as_array().unwrap() {
        let action = wayline_model::ActionView {
            id: "a".into(),
            title: "t".into(),
            team: String::new(),
            owner: String::new(),
            status: wayline_model::ActionStatus::parse(c["status"].as_str().unwrap()).unwrap(),
            due: c["due"].as_str().map(str::to_owned),
            metric: None,
            effect: None,
            cards: vec![],
            author: String::new(),
            created_at: 0,
            example: false,
        };
        assert_eq!(
            action.is_overdue(c["today"].as_str().unwrap()),
            c["overdue"].as_bool().unwrap(),
            "{c}"
        );
    }
}
