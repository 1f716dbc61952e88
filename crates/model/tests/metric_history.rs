//! A metric's dated values: recorded per day (the same day replaced), read oldest first with the
//! metric, checked against what its kind can be, merged between peers key by key, and checked by
//! the host's rule for what a client writes. The sample map's NPS brings a short history.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use wayline_model::metric_history::{history_key, PointField};
use wayline_model::schema;
use wayline_model::templates::instantiate;
use wayline_model::{Locale, MapDoc};

const NOW_MS: i64 = 1_795_000_000_000; // 2026-11-18

fn nps(doc: &MapDoc) -> String {
    doc.view()
        .metrics
        .iter()
        .find(|m| m.kind == "nps")
        .unwrap()
        .id
        .clone()
}

fn history(doc: &MapDoc, id: &str) -> Vec<wayline_model::metric_history::MetricPoint> {
    doc.view()
        .metrics
        .into_iter()
        .find(|m| m.id == id)
        .unwrap()
        .history
}

#[test]
fn values_are_kept_by_day_and_read_oldest_first() {
    let doc = instantiate("lifecycle", Locale::ZhCn, None, "T", NOW_MS).unwrap();
    let id = nps(&doc);
    let before = history(&doc, &id);
    assert_eq!(
        before.iter().map(|p| p.actual.unwrap()).collect::<Vec<_>>(),
        vec![22.0, 27.0, 31.0, 34.0],
        "the template's history"
    );
    doc.record_metric_value(&id, "2026-12-31", PointField::Actual, 36.0)
        .unwrap();
    doc.record_metric_value(&id, "2026-12-31", PointField::Actual, 38.0)
        .unwrap();
    doc.record_metric_value(&id, "2026-12-31", PointField::Expected, 35.0)
        .unwrap();
    doc.record_metric_value(&id, "2020-01-01", PointField::Actual, -10.0)
        .unwrap();
    let after = history(&doc, &id);
    assert_eq!(after.len(), before.len() + 2);
    assert_eq!(after[0].date, "2020-01-01");
    let last = after.last().unwrap();
    assert_eq!((last.actual, last.expected), (Some(38.0), Some(35.0)));
}

#[test]
fn impossible_values_and_dates_are_refused_and_write_nothing() {
    let doc = instantiate("lifecycle", Locale::En, None, "T", NOW_MS).unwrap();
    let id = nps(&doc);
    let version = doc.version();
    assert!(doc
        .record_metric_value(&id, "2026-12-01", PointField::Actual, 1000.0)
        .is_err());
    assert!(doc
        .record_metric_value(&id, "2026-13-01", PointField::Actual, 10.0)
        .is_err());
    assert!(doc
        .record_metric_value(&id, "2026-12-01", PointField::Actual, f64::NAN)
        .is_err());
    assert!(doc
        .record_metric_value("nope", "2026-12-01", PointField::Actual, 1.0)
        .is_err());
    assert_eq!(doc.version(), version);
}

#[test]
fn two_people_recording_the_same_day_keep_both_values() {
    let a = instantiate("lifecycle", Locale::ZhTw, None, "T", NOW_MS).unwrap();
    let b = MapDoc::load(Some(&a.export_snapshot().unwrap()), &[]).unwrap();
    let id = nps(&a);
    a.record_metric_value(&id, "2027-03-31", PointField::Actual, 40.0)
        .unwrap();
    b.record_metric_value(&id, "2027-03-31", PointField::Expected, 45.0)
        .unwrap();
    a.import(&b.export_snapshot().unwrap()).unwrap();
    b.import(&a.export_snapshot().unwrap()).unwrap();
    for doc in [&a, &b] {
        let points = history(doc, &id);
        let point = points.iter().find(|p| p.date == "2027-03-31").unwrap();
        assert_eq!((point.actual, point.expected), (Some(40.0), Some(45.0)));
    }
}

#[test]
fn the_host_check_refuses_malformed_keys_and_impossible_values() {
    let doc = instantiate("lifecycle", Locale::En, None, "T", NOW_MS).unwrap();
    let id = nps(&doc);
    let history = doc.loro().get_map(schema::METRIC_HISTORY);
    let before = doc.entries_before();
    for (key, value) in [
        (format!("{id}:2026-02-30:actual"), 10.0),
        (format!("{id}:2026-12-01:target"), 10.0),
        (history_key(&id, "2026-12-01", PointField::Actual), 500.0),
    ] {
        history.insert(&key, value).unwrap();
        assert!(
            doc.first_new_invalid_history_entry(&before).is_some(),
            "{key}"
        );
        history.delete(&key).unwrap();
    }
    history
        .insert(&history_key(&id, "2026-12-01", PointField::Actual), 50.0)
        .unwrap();
    assert_eq!(doc.first_new_invalid_history_entry(&before), None);
}
