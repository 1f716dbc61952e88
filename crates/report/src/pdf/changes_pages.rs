//! The report's "What changed since <version>": against the map's newest saved version, the cards
//! added, edited, moved and removed, the emotion curve and the metrics per stage, and the actions
//! whose status changed — what the board highlights when it compares, in the board's own words
//! (the UI catalogs' `versions.*`). Computed once by the model (`wayline_model::changes`).

use wayline_model::changes::{CardChange, MapChanges};
use wayline_model::{Locale, VersionView};

use super::flow::{Flow, MUTED, TEXT};
use super::{with_unit, ReportInfo};
use crate::labels::{action_status, board_heading, department, metric};

fn word(language: Locale, key: &str) -> String {
    board_heading(language, &format!("versions.{key}"))
}

/// A mean rating as the board writes it: `+1.5`, `−0.5` (a real minus sign), `0.0`.
pub(super) fn mean(value: Option<f64>) -> String {
    let Some(v) = value else { return "—".into() };
    let text = format!("{:.1}", v.abs());
    if text == "0.0" {
        text
    } else if v > 0.0 {
        format!("+{text}")
    } else {
        format!("−{text}")
    }
}

fn place(stage: &str, lane: &str) -> String {
    format!("{stage} / {lane}")
}

fn card_rows(flow: &mut Flow, language: Locale, kind: &str, cards: &[CardChange]) {
    if cards.is_empty() {
        return;
    }
    let c = |k: &str| word(language, &format!("col.{k}"));
    flow.heading(&word(language, &format!("kind.{kind}")), 12.5);
    let w = flow.width();
    let (header, widths): (Vec<String>, Vec<f32>) = match kind {
        "edited" => (
            vec![c("stage"), c("before"), c("after")],
            vec![w * 0.24, w * 0.38, w * 0.38],
        ),
        "moved" => (
            vec![c("card"), c("from"), c("stage")],
            vec![w * 0.52, w * 0.24, w * 0.24],
        ),
        _ => (vec![c("stage"), c("card")], vec![w * 0.24, w * 0.76]),
    };
    flow.table_header(&widths, &header, 9.0);
    for card in cards {
        let here = place(&card.stage_title, &card.lane_title);
        let cells = match kind {
            "edited" => vec![
                here,
                card.before_text
                    .clone()
                    .unwrap_or_else(|| card.text.clone()),
                card.text.clone(),
            ],
            "moved" => vec![
                card.text.clone(),
                place(
                    card.from_stage_title.as_deref().unwrap_or(""),
                    card.from_lane_title.as_deref().unwrap_or(""),
                ),
                here,
            ],
            _ => vec![here, card.text.clone()],
        };
        flow.row(&widths, &cells, 9.5, TEXT, None);
    }
    flow.end_table();
    flow.space(3.0);
}

fn emotion_rows(flow: &mut Flow, language: Locale, changes: &MapChanges) {
    if changes.emotions.is_empty() {
        return;
    }
    let c = |k: &str| word(language, &format!("col.{k}"));
    flow.heading(&word(language, "kind.emotions"), 12.5);
    let w = flow.width();
    let widths = [w * 0.5, w * 0.25, w * 0.25];
    flow.table_header(&widths, &[c("stage"), c("before"), c("after")], 9.0);
    for e in &changes.emotions {
        let cells = [
            place(&e.stage_title, &e.lane_title),
            mean(e.before),
            mean(e.after),
        ];
        flow.row(&widths, &cells, 9.5, TEXT, None);
    }
    flow.end_table();
    flow.space(3.0);
}

fn metric_rows(flow: &mut Flow, language: Locale, changes: &MapChanges) {
    if changes.metrics.is_empty() {
        return;
    }
    let c = |k: &str| word(language, &format!("col.{k}"));
    flow.heading(&word(language, "kind.metrics"), 12.5);
    let w = flow.width();
    let widths = [w * 0.2, w * 0.24, w * 0.28, w * 0.28];
    let header = [c("stage"), c("metric"), c("current"), c("expected")];
    flow.table_header(&widths, &header, 9.0);
    let arrow = |before: Option<f64>, after: Option<f64>, unit: &str| {
        let (b, a) = (
            with_unit(language, before, unit),
            with_unit(language, after, unit),
        );
        if b == a {
            a
        } else {
            format!("{b} → {a}")
        }
    };
    for m in &changes.metrics {
        let mut name = metric(language, &m.kind, &m.label);
        if m.added || m.removed {
            let note = word(language, if m.added { "newEntry" } else { "removedEntry" });
            name = crate::labels::with_note(language, &name, &note);
        }
        let cells = [
            m.stage_title.clone(),
            name,
            arrow(m.current_before, m.current_after, &m.unit),
            arrow(m.expected_before, m.expected_after, &m.unit),
        ];
        flow.row(&widths, &cells, 9.5, TEXT, None);
    }
    flow.end_table();
    flow.space(3.0);
}

fn action_rows(flow: &mut Flow, language: Locale, changes: &MapChanges) {
    if changes.actions.is_empty() {
        return;
    }
    let c = |k: &str| word(language, &format!("col.{k}"));
    flow.heading(&word(language, "kind.actions"), 12.5);
    let w = flow.width();
    let widths = [w * 0.44, w * 0.16, w * 0.2, w * 0.2];
    let header = [c("action"), c("team"), c("before"), c("after")];
    flow.table_header(&widths, &header, 9.0);
    let status = |s: &Option<String>, empty: &str| {
        s.as_deref()
            .and_then(wayline_model::ActionStatus::parse)
            .map_or_else(|| word(language, empty), |s| action_status(language, s))
    };
    for a in &changes.actions {
        let team = if a.team.is_empty() {
            "—".to_owned()
        } else {
            department(language, &a.team)
        };
        let cells = [
            a.title.clone(),
            team,
            status(&a.before, "newEntry"),
            status(&a.after, "removedEntry"),
        ];
        flow.row(&widths, &cells, 9.5, TEXT, None);
    }
    flow.end_table();
    flow.space(3.0);
}

/// The section, on a page of its own; nothing when the map has no saved version.
pub fn changes_since(flow: &mut Flow, info: &ReportInfo) {
    let Some((version, changes)) = &info.since else {
        return;
    };
    let language = info.language;
    flow.new_page();
    flow.heading(&heading(language, version), 18.0);
    if changes.is_empty() {
        flow.paragraph(&word(language, "nothingChanged"), 10.0, MUTED);
        return;
    }
    let counts = word(language, "counts")
        .replace("{{added}}", &changes.cards_added.len().to_string())
        .replace("{{edited}}", &changes.cards_edited.len().to_string())
        .replace("{{moved}}", &changes.cards_moved.len().to_string())
        .replace("{{removed}}", &changes.cards_removed.len().to_string());
    flow.paragraph(&counts, 10.0, MUTED);
    flow.space(2.0);
    card_rows(flow, language, "added", &changes.cards_added);
    card_rows(flow, language, "edited", &changes.cards_edited);
    card_rows(flow, language, "moved", &changes.cards_moved);
    card_rows(flow, language, "removed", &changes.cards_removed);
    emotion_rows(flow, language, changes);
    metric_rows(flow, language, changes);
    action_rows(flow, language, changes);
}

/// "What changed since “Workshop 1” (2026-11-16)", in the board's words.
pub fn heading(language: Locale, version: &VersionView) -> String {
    word(language, "changesSince")
        .replace("{{name}}", &version.name)
        .replace(
            "{{date}}",
            &crate::iso_date(version.created_at.div_euclid(1000)),
        )
}
