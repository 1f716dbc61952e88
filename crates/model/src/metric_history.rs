//! A metric's history: dated actual and expected values, so that a map keeps measuring after the
//! workshop (NPS this quarter, the last, the one before). Stored as flat keys of the
//! `metric_history` root (`metric_id:YYYY-MM-DD:actual` or `…:expected` → number), so two people
//! entering values at once — or the actual and the expected of one day — never lose one another,
//! and importing the same survey export twice changes nothing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::action_plan::is_iso_date;
use crate::entry_checks::{EntriesBefore, Written};
use crate::metric_numbers::allowed_range;
use crate::schema::{self, MAX_METRIC_HISTORY_ENTRIES};
use crate::{MapDoc, ModelError};

/// One dated point of a metric's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricPoint {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub actual: Option<f64>,
    pub expected: Option<f64>,
}

/// Which value of a day a history entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointField {
    Actual,
    Expected,
}

impl PointField {
    pub fn as_str(self) -> &'static str {
        match self {
            PointField::Actual => "actual",
            PointField::Expected => "expected",
        }
    }
}

/// The flat key of one value: `metric:date:field`.
pub fn history_key(metric: &str, date: &str, field: PointField) -> String {
    format!("{metric}:{date}:{}", field.as_str())
}

/// `(metric, date, field)` of a well-formed key.
pub fn parse_history_key(key: &str) -> Option<(&str, &str, PointField)> {
    let (rest, field) = key.rsplit_once(':')?;
    let (metric, date) = rest.rsplit_once(':')?;
    let field = match field {
        "actual" => PointField::Actual,
        "expected" => PointField::Expected,
        _ => return None,
    };
    (!metric.is_empty() && is_iso_date(date)).then_some((metric, date, field))
}

/// Every metric's points, by date, from the document's `metric_history` value.
pub fn history_of(all: Option<&Value>) -> BTreeMap<String, Vec<MetricPoint>> {
    let mut by_metric: BTreeMap<String, BTreeMap<String, MetricPoint>> = BTreeMap::new();
    for (key, value) in all.and_then(Value::as_object).into_iter().flatten() {
        let (Some((metric, date, field)), Some(v)) = (
            parse_history_key(key),
            value.as_f64().filter(|f| f.is_finite()),
        ) else {
            continue;
        };
        let point = by_metric
            .entry(metric.to_owned())
            .or_default()
            .entry(date.to_owned())
            .or_insert_with(|| MetricPoint {
                date: date.to_owned(),
                actual: None,
                expected: None,
            });
        match field {
            PointField::Actual => point.actual = Some(v),
            PointField::Expected => point.expected = Some(v),
        }
    }
    by_metric
        .into_iter()
        .map(|(id, points)| (id, points.into_values().collect()))
        .collect()
}

impl MapDoc {
    /// The first history entry an update added or changed that is not acceptable, with why:
    /// a key that is not `metric:YYYY-MM-DD:actual|expected`, a value that is no number or one
    /// the metric's kind cannot take, or the history past its limit.
    pub fn first_new_invalid_history_entry(
        &self,
        before: &EntriesBefore,
    ) -> Option<(String, String)> {
        self.invalid_history_entry_in(before, &self.written_since(before))
    }

    pub(crate) fn invalid_history_entry_in(
        &self,
        before: &EntriesBefore,
        written: &Written,
    ) -> Option<(String, String)> {
        let metrics = self.loro().get_map(schema::METRICS);
        self.first_written_problem(
            schema::METRIC_HISTORY,
            before,
            written,
            MAX_METRIC_HISTORY_ENTRIES,
            || format!("a map keeps at most {MAX_METRIC_HISTORY_ENTRIES} metric values"),
            |key, v| {
                let Some((metric, _, _)) = parse_history_key(key) else {
                    return Some(format!("{key} is not a metric value's key"));
                };
                let Some(n) = v.as_f64().filter(|f| f.is_finite()) else {
                    return Some(format!("{v} is not a number"));
                };
                let text = |field: &str| -> String {
                    match metrics.get(metric) {
                        Some(loro::ValueOrContainer::Container(loro::Container::Map(m))) => m
                            .get(field)
                            .and_then(|v| v.into_value().ok())
                            .and_then(|v| v.into_string().ok())
                            .map(|s| s.to_string())
                            .unwrap_or_default(),
                        _ => String::new(),
                    }
                };
                (!allowed_range(&text("kind"), &text("unit")).contains(n))
                    .then(|| format!("{n} is outside what metric {metric} can be"))
            },
        )
    }

    /// Records one dated value of a metric (the same day's value is replaced). Checked first, so
    /// a refused value writes nothing.
    pub fn record_metric_value(
        &self,
        metric: &str,
        date: &str,
        field: PointField,
        value: f64,
    ) -> Result<(), ModelError> {
        if !is_iso_date(date) {
            return Err(ModelError::Invalid(format!(
                "{date} is not a date (YYYY-MM-DD)"
            )));
        }
        let Some(loro::ValueOrContainer::Container(loro::Container::Map(m))) =
            self.loro().get_map(schema::METRICS).get(metric)
        else {
            return Err(ModelError::Unknown {
                what: "metric",
                value: metric.to_owned(),
            });
        };
        let text = |field: &str| -> String {
            m.get(field)
                .and_then(|v| v.into_value().ok())
                .and_then(|v| v.into_string().ok())
                .map(|s| s.to_string())
                .unwrap_or_default()
        };
        let (kind, unit) = (text("kind"), text("unit"));
        if !value.is_finite() || !allowed_range(&kind, &unit).contains(value) {
            return Err(ModelError::Invalid(format!(
                "{value} is outside what a {kind} in {unit} can be"
            )));
        }
        let history = self.loro().get_map(schema::METRIC_HISTORY);
        let key = history_key(metric, date, field);
        if history.len() >= MAX_METRIC_HISTORY_ENTRIES && history.get(&key).is_none() {
            return Err(ModelError::Invalid(format!(
                "a map keeps at most {MAX_METRIC_HISTORY_ENTRIES} metric values"
            )));
        }
        history.insert(&key, value)?;
        self.commit();
        Ok(())
    }
}
