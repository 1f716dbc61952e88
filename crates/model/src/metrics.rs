//! CX metrics of a stage and the expected-vs-current gap rule (the UI's `ui/src/doc/metrics.ts`
//! implements the same rule; both are tested against `tests/vectors/metric_status.json`).

use serde::{Deserialize, Serialize};

/// Which way a metric should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Higher,
    Lower,
}

/// Red/amber/green status of a metric against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Unknown,
    Green,
    Amber,
    Red,
}

impl Direction {
    pub const ALL: [Direction; 2] = [Direction::Higher, Direction::Lower];

    /// The stored form (the serde name), also generated for the UI (`DIRECTIONS`).
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
        }
    }
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Green, Status::Amber, Status::Red, Status::Unknown];

    /// The serde name, also generated for the UI (`METRIC_STATUSES`) and the catalogs' key.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unknown => "unknown",
            Status::Green => "green",
            Status::Amber => "amber",
            Status::Red => "red",
        }
    }
}

/// Metric kinds offered by the editor; `custom` carries its own label.
pub const METRIC_KINDS: &[&str] = &[
    "nps",
    "csat",
    "ces",
    "churn_rate",
    "retention_rate",
    "conversion_rate",
    "cart_abandonment",
    "call_hold_time",
    "self_service_deflection",
    "custom",
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricView {
    pub id: String,
    pub stage: String,
    /// The metrics lane that shows it.
    pub lane: String,
    pub kind: String,
    pub label: String,
    pub unit: String,
    pub direction: Direction,
    pub expected: Option<f64>,
    pub current: Option<f64>,
    pub amber: f64,
    pub red: f64,
    pub example: bool,
    /// Dated values, oldest first (`metric_history`).
    #[serde(default)]
    pub history: Vec<crate::metric_history::MetricPoint>,
}

impl MetricView {
    /// How far the current value falls short of the target (≤ 0: on or above target), rounded to
    /// 9 decimals: the difference of two typed decimals carries binary floating point's error
    /// (2.3 − 1.3 is 0.9999999999999998), which must not decide a status.
    pub fn shortfall(&self) -> Option<f64> {
        const DECIMALS: f64 = 1e9;
        let (expected, current) = (self.expected?, self.current?);
        let s = match self.direction {
            Direction::Higher => expected - current,
            Direction::Lower => current - expected,
        };
        Some((s * DECIMALS).round() / DECIMALS)
    }

    pub fn status(&self) -> Status {
        match self.shortfall() {
            None => Status::Unknown,
            Some(s) if s <= 0.0 => Status::Green,
            Some(s) if s >= self.red => Status::Red,
            Some(s) if s >= self.amber => Status::Amber,
            Some(_) => Status::Green,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_listed_names_are_the_stored_ones() {
        for d in Direction::ALL {
            assert_eq!(serde_json::to_value(d).ok(), Some(d.as_str().into()));
        }
        for s in Status::ALL {
            assert_eq!(serde_json::to_value(s).ok(), Some(s.as_str().into()));
        }
    }
}
