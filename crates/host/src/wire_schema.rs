//! The map document's lists and names as TypeScript (`ui/src/wire/schema.ts`): lane kinds, roles,
//! teams, channels, metric kinds and directions, time units, colours, confidence levels,
//! separators, phases, languages, root containers and the emotion scale are declared once in
//! `wayline_model::schema` and reach the UI only through this file, so the two cannot drift.

use wayline_model::schema::{self, ActionStatus, Confidence, LaneKind, Locale, Phase, Separator};
use wayline_model::{metric_numbers, metrics};

/// `export const NAME = ["a", "b"] as const;` with `T = (typeof NAME)[number]` when a type is named.
fn list(out: &mut String, doc: &str, name: &str, type_name: Option<&str>, items: &[&str]) {
    out.push_str(&format!("/** {doc} */\nexport const {name} = [\n"));
    for item in items {
        // serde_json quotes like a JavaScript string literal (Chinese units stay readable).
        let quoted = serde_json::to_string(item).unwrap_or_default();
        out.push_str(&format!("  {quoted},\n"));
    }
    out.push_str("] as const;\n");
    if let Some(t) = type_name {
        out.push_str(&format!("export type {t} = (typeof {name})[number];\n"));
    }
    out.push('\n');
}

fn names<T: Copy>(all: &[T], as_str: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| as_str(*v)).collect()
}

/// The generated file as `(file name, contents)`.
pub(crate) fn schema_file() -> (String, String) {
    let mut out = String::from(
        "// Generated from the Rust declarations (crates/model/src/schema.rs, metrics.rs, \
         metric_numbers.rs) by `make wire`. Do not edit.\n\n",
    );
    let roots: Vec<(String, String)> = schema::ROOTS
        .iter()
        .map(|r| (r.to_string(), r.to_string()))
        .collect();
    out.push_str("/** The root containers of a map document. */\nexport const ROOT = {\n");
    for (key, value) in &roots {
        out.push_str(&format!("  {key}: \"{value}\",\n"));
    }
    out.push_str("} as const;\n\n");
    list(
        &mut out,
        "The languages a map is written in.",
        "LOCALES",
        Some("MapLocale"),
        &names(Locale::ALL, Locale::as_str),
    );
    list(
        &mut out,
        "What a lane holds and how it is drawn.",
        "LANE_KINDS",
        Some("LaneKind"),
        &names(LaneKind::ALL, LaneKind::as_str),
    );
    list(
        &mut out,
        "What a cards lane holds.",
        "CARD_ROLES",
        Some("CardRole"),
        schema::CARD_ROLES,
    );
    list(
        &mut out,
        "The built-in teams; any other name is a custom team.",
        "TEAMS",
        Some("Team"),
        schema::TEAMS,
    );
    list(
        &mut out,
        "Built-in channels; custom ones are `custom:<name>`.",
        "CHANNELS",
        Some("ChannelId"),
        schema::CHANNEL_IDS,
    );
    list(
        &mut out,
        "Metric kinds; `custom` carries its own label.",
        "METRIC_KINDS",
        Some("MetricKind"),
        metrics::METRIC_KINDS,
    );
    list(
        &mut out,
        "Which way a metric should move.",
        "DIRECTIONS",
        Some("Direction"),
        &metrics::Direction::ALL.map(metrics::Direction::as_str),
    );
    list(
        &mut out,
        "A metric's status against its target (the gap rule of tests/vectors/metric_status.json).",
        "METRIC_STATUSES",
        Some("MetricStatus"),
        &metrics::Status::ALL.map(metrics::Status::as_str),
    );
    list(
        &mut out,
        "Units of time: a duration is never negative.",
        "TIME_UNITS",
        None,
        metric_numbers::TIME_UNITS,
    );
    list(
        &mut out,
        "Card colours (palette keys each theme draws readably).",
        "CARD_COLORS",
        Some("CardColor"),
        schema::CARD_COLORS,
    );
    list(
        &mut out,
        "How well a card is backed by evidence.",
        "CONFIDENCES",
        Some("Confidence"),
        &names(Confidence::ALL, Confidence::as_str),
    );
    list(
        &mut out,
        "The service-blueprint line drawn above a lane.",
        "SEPARATORS",
        Some("Separator"),
        &names(Separator::ALL, Separator::as_str),
    );
    list(
        &mut out,
        "Where an action stands.",
        "ACTION_STATUSES",
        Some("ActionStatus"),
        &names(ActionStatus::ALL, ActionStatus::as_str),
    );
    list(
        &mut out,
        "Whether a stage comes before or after the purchase.",
        "PHASES",
        Some("Phase"),
        &names(Phase::ALL, Phase::as_str),
    );
    out.push_str(&format!(
        "/** The emotion scale. */\nexport const EMOTION_MIN = {};\nexport const EMOTION_MAX = {};\n",
        schema::EMOTION_MIN,
        schema::EMOTION_MAX
    ));
    ("schema.ts".into(), out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions_are_the_models() {
        for d in ["higher", "lower"] {
            let parsed: Result<metrics::Direction, _> = serde_json::from_value(d.into());
            assert!(parsed.is_ok(), "{d}");
        }
    }
}
