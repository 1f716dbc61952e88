//! The numbers of a metric: which values a kind and unit allow (an NPS of 1000 or a 130 %
//! retention rate is a typing mistake, not data), checked by the host on every update. The UI's
//! `ui/src/doc/metricNumbers.ts` implements the same ranges (both are tested against
//! `tests/vectors/metric_numbers.json`) and reads what people type (thousands separators,
//! full-width digits, a decimal comma where it cannot be a thousands separator), which only the
//! UI does.

/// The inclusive bounds a value of this kind and unit must lie within (`None`: unbounded).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl Range {
    pub fn contains(self, v: f64) -> bool {
        v.is_finite() && self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m)
    }
}

/// A scale unit such as `1-5`, `1–7` or `0-10`.
fn scale(unit: &str) -> Option<(f64, f64)> {
    let (a, b) = unit.split_once(['-', '–'])?;
    let (a, b) = (a.trim().parse::<u32>().ok()?, b.trim().parse::<u32>().ok()?);
    (a < b).then_some((f64::from(a), f64::from(b)))
}

/// Units of time: a duration is never negative.
pub const TIME_UNITS: &[&str] = &[
    "ms", "s", "min", "h", "d", "秒", "分钟", "分鐘", "小时", "小時", "天",
];

/// Which values a metric of `kind` measured in `unit` may take.
pub fn allowed_range(kind: &str, unit: &str) -> Range {
    let unit = unit.trim();
    let bounded = |min: f64, max: f64| Range {
        min: Some(min),
        max: Some(max),
    };
    if kind == "nps" {
        return bounded(-100.0, 100.0);
    }
    if unit == "%" || unit == "％" {
        return bounded(0.0, 100.0);
    }
    if let Some((a, b)) = scale(unit) {
        return bounded(a, b);
    }
    if kind == "call_hold_time" || TIME_UNITS.contains(&unit) {
        return Range {
            min: Some(0.0),
            max: None,
        };
    }
    Range {
        min: None,
        max: None,
    }
}

impl crate::MapDoc {
    /// Every stored number of every metric, by `(metric id, field)`, with whether the kind and
    /// unit allow it. The host compares this before and after a client's update and refuses an
    /// update that writes a value no kind allows; a value that only became out of range because
    /// its unit changed is left alone (the person who typed it saw it accepted).
    pub fn metric_numbers(
        &self,
    ) -> std::collections::BTreeMap<(String, &'static str), (f64, bool)> {
        let mut out = std::collections::BTreeMap::new();
        let value =
            serde_json::to_value(self.loro().get_map(crate::schema::METRICS).get_deep_value())
                .unwrap_or(serde_json::Value::Null);
        let Some(all) = value.as_object() else {
            return out;
        };
        for (id, m) in all {
            let text = |k: &str| m.get(k).and_then(|v| v.as_str()).unwrap_or("");
            let range = allowed_range(text("kind"), text("unit"));
            for field in ["expected", "current", "amber", "red"] {
                if let Some(v) = m.get(field).and_then(serde_json::Value::as_f64) {
                    let allowed = match field {
                        "amber" | "red" => v >= 0.0,
                        _ => range.contains(v),
                    };
                    out.insert((id.clone(), field), (v, allowed));
                }
            }
        }
        out
    }

    /// The first `(metric id, field)` whose value differs from `before` and is not allowed.
    pub fn first_new_impossible_metric_value(
        &self,
        before: &std::collections::BTreeMap<(String, &'static str), (f64, bool)>,
    ) -> Option<(String, &'static str)> {
        self.metric_numbers()
            .into_iter()
            .find(|(key, (v, allowed))| {
                !allowed
                    && before
                        .get(key)
                        .is_none_or(|(old, _)| old.to_bits() != v.to_bits())
            })
            .map(|(key, _)| key)
    }
}
