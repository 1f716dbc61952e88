//! What changed between two states of a map (a saved version and now, or two versions): cards
//! added, removed, edited and moved; the emotion curve and the metrics per stage; actions whose
//! status changed. Computed here once — the report's "What changed since …" section prints it and
//! the host hands it to the board, which highlights the cards (`GET /api/maps/{id}/changes`).

use serde::Serialize;
use ts_rs::TS;

use crate::view::{CardView, MapView};
use crate::LaneKind;

/// A card that was added, removed, edited or moved, with where it is (where it was, if removed).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CardChange {
    pub id: String,
    /// Its text now (when removed: its last text).
    pub text: String,
    /// Its earlier text, when the text itself changed.
    pub before_text: Option<String>,
    pub stage: String,
    pub lane: String,
    pub stage_title: String,
    pub lane_title: String,
    /// Where it was before a move.
    pub from_stage_title: Option<String>,
    pub from_lane_title: Option<String>,
}

/// The mean rating of one stage on one emotion lane, before and after (none: not rated then).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct EmotionChange {
    pub stage: String,
    pub lane: String,
    pub stage_title: String,
    pub lane_title: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

/// A metric whose current or expected value changed, or that was added or removed.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MetricChange {
    pub id: String,
    pub stage: String,
    pub stage_title: String,
    pub kind: String,
    /// A custom metric's own name (empty for the built-in kinds, which readers name).
    pub label: String,
    pub unit: String,
    pub current_before: Option<f64>,
    pub current_after: Option<f64>,
    pub expected_before: Option<f64>,
    pub expected_after: Option<f64>,
    pub added: bool,
    pub removed: bool,
}

/// An action whose status changed (none before: new; none after: removed).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ActionChange {
    pub id: String,
    pub title: String,
    pub team: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Everything that changed from one state of a map to another.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct MapChanges {
    pub cards_added: Vec<CardChange>,
    pub cards_removed: Vec<CardChange>,
    pub cards_edited: Vec<CardChange>,
    pub cards_moved: Vec<CardChange>,
    pub emotions: Vec<EmotionChange>,
    pub metrics: Vec<MetricChange>,
    pub actions: Vec<ActionChange>,
}

impl MapChanges {
    pub fn is_empty(&self) -> bool {
        self.cards_added.is_empty()
            && self.cards_removed.is_empty()
            && self.cards_edited.is_empty()
            && self.cards_moved.is_empty()
            && self.emotions.is_empty()
            && self.metrics.is_empty()
            && self.actions.is_empty()
    }
}

fn stage_title(view: &MapView, id: &str) -> String {
    view.stages
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.title.clone())
        .unwrap_or_default()
}

fn lane_title(view: &MapView, id: &str) -> String {
    view.lanes
        .iter()
        .find(|l| l.id == id)
        .map(|l| l.title.clone())
        .unwrap_or_default()
}

fn card_change(view: &MapView, card: &CardView) -> CardChange {
    CardChange {
        id: card.id.clone(),
        text: card.text.clone(),
        before_text: None,
        stage: card.placement.stage.clone(),
        lane: card.placement.lane.clone(),
        stage_title: stage_title(view, &card.placement.stage),
        lane_title: lane_title(view, &card.placement.lane),
        from_stage_title: None,
        from_lane_title: None,
    }
}

fn edited(a: &CardView, b: &CardView) -> bool {
    a.text != b.text
        || a.color != b.color
        || a.tags != b.tags
        || a.confidence != b.confidence
        || a.department != b.department
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    }
}

fn emotion_changes(from: &MapView, to: &MapView) -> Vec<EmotionChange> {
    let mut out = Vec::new();
    for lane in to.lanes.iter().filter(|l| l.kind == LaneKind::Emotion) {
        let before = from.stage_emotions(&lane.id);
        let after = to.stage_emotions(&lane.id);
        for stage in &to.stages {
            let mean_of = |points: &[crate::emotion::StageEmotion]| {
                points.iter().find(|p| p.stage == stage.id).map(|p| p.mean)
            };
            let (b, a) = (mean_of(&before), mean_of(&after));
            if !close(b, a) {
                out.push(EmotionChange {
                    stage: stage.id.clone(),
                    lane: lane.id.clone(),
                    stage_title: stage.title.clone(),
                    lane_title: lane.title.clone(),
                    before: b,
                    after: a,
                });
            }
        }
    }
    out
}

fn metric_changes(from: &MapView, to: &MapView) -> Vec<MetricChange> {
    let mut out = Vec::new();
    for m in &to.metrics {
        let old = from.metrics.iter().find(|o| o.id == m.id);
        let (current_before, expected_before) =
            old.map_or((None, None), |o| (o.current, o.expected));
        if old.is_some() && close(current_before, m.current) && close(expected_before, m.expected) {
            continue;
        }
        out.push(MetricChange {
            id: m.id.clone(),
            stage: m.stage.clone(),
            stage_title: stage_title(to, &m.stage),
            kind: m.kind.clone(),
            label: m.label.clone(),
            unit: m.unit.clone(),
            current_before,
            current_after: m.current,
            expected_before,
            expected_after: m.expected,
            added: old.is_none(),
            removed: false,
        });
    }
    for o in from
        .metrics
        .iter()
        .filter(|o| !to.metrics.iter().any(|m| m.id == o.id))
    {
        out.push(MetricChange {
            id: o.id.clone(),
            stage: o.stage.clone(),
            stage_title: stage_title(from, &o.stage),
            kind: o.kind.clone(),
            label: o.label.clone(),
            unit: o.unit.clone(),
            current_before: o.current,
            current_after: None,
            expected_before: o.expected,
            expected_after: None,
            added: false,
            removed: true,
        });
    }
    out
}

fn action_changes(from: &MapView, to: &MapView) -> Vec<ActionChange> {
    let mut out = Vec::new();
    for a in &to.actions {
        let before = from.actions.iter().find(|o| o.id == a.id).map(|o| o.status);
        if before != Some(a.status) {
            out.push(ActionChange {
                id: a.id.clone(),
                title: a.title.clone(),
                team: a.team.clone(),
                before: before.map(|s| s.as_str().to_owned()),
                after: Some(a.status.as_str().to_owned()),
            });
        }
    }
    for o in from
        .actions
        .iter()
        .filter(|o| !to.actions.iter().any(|a| a.id == o.id))
    {
        out.push(ActionChange {
            id: o.id.clone(),
            title: o.title.clone(),
            team: o.team.clone(),
            before: Some(o.status.as_str().to_owned()),
            after: None,
        });
    }
    out
}

/// What changed from `from` (the earlier state) to `to`. Cards are listed in the board's order
/// of `to` (removed cards in the order of `from`); cards whose stage or lane is gone count as
/// removed, like the board, which no longer shows them.
pub fn map_changes(from: &MapView, to: &MapView) -> MapChanges {
    let mut changes = MapChanges::default();
    let before: std::collections::HashMap<&str, &CardView> =
        from.cards.iter().map(|c| (c.id.as_str(), c)).collect();
    let now: std::collections::HashSet<&str> = to.cards.iter().map(|c| c.id.as_str()).collect();
    for card in &to.cards {
        let Some(old) = before.get(card.id.as_str()) else {
            changes.cards_added.push(card_change(to, card));
            continue;
        };
        if edited(old, card) {
            let mut change = card_change(to, card);
            if old.text != card.text {
                change.before_text = Some(old.text.clone());
            }
            changes.cards_edited.push(change);
        }
        if old.placement.stage != card.placement.stage || old.placement.lane != card.placement.lane
        {
            let mut change = card_change(to, card);
            change.from_stage_title = Some(stage_title(from, &old.placement.stage));
            change.from_lane_title = Some(lane_title(from, &old.placement.lane));
            changes.cards_moved.push(change);
        }
    }
    for card in from.cards.iter().filter(|c| !now.contains(c.id.as_str())) {
        changes.cards_removed.push(card_change(from, card));
    }
    changes.emotions = emotion_changes(from, to);
    changes.metrics = metric_changes(from, to);
    changes.actions = action_changes(from, to);
    changes
}
