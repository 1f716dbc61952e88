//! A template's saved version: the example map is written as it stood at an earlier workshop,
//! saved as a version ("Workshop 1"), then brought to its final state, so that a new user sees the
//! versions list, the comparison on the board and the report's "What changed since …" without
//! entering anything. What differs at the version follows from the template's own content:
//! - the cards of opportunities lanes came later (with the actions that answer them);
//! - the last rater had not rated yet;
//! - every action stood one step earlier (a planned one was an idea, a done one in progress);
//! - a metric's current value was its last dated value on or before the version's day;
//! - the cards listed in `earlier_texts` read differently.

use loro::{LoroMap, ValueOrContainer};
use serde::Deserialize;

use super::Localized;
use crate::schema::{self, ActionStatus};
use crate::{MapDoc, ModelError};

/// A card whose text changed after the version: the first card of its cell.
#[derive(Debug, Deserialize)]
pub struct EarlierText {
    pub stage: String,
    pub lane: String,
    pub text: Localized,
}

#[derive(Debug, Deserialize)]
pub struct VersionSpec {
    pub name: Localized,
    /// When it was saved, in days relative to when the map is made (negative: before).
    pub days: i64,
    #[serde(default)]
    pub earlier_texts: Vec<EarlierText>,
}

impl VersionSpec {
    /// The text the first card of `(stage, lane)` had at the version, if it differed.
    pub fn earlier_text(&self, stage: &str, lane: &str) -> Option<&Localized> {
        self.earlier_texts
            .iter()
            .find(|e| e.stage == stage && e.lane == lane)
            .map(|e| &e.text)
    }
}

/// Where an action stood one step before `status`.
pub fn step_before(status: ActionStatus) -> ActionStatus {
    match status {
        ActionStatus::Idea | ActionStatus::Planned => ActionStatus::Idea,
        ActionStatus::InProgress | ActionStatus::Dropped => ActionStatus::Planned,
        ActionStatus::Done => ActionStatus::InProgress,
    }
}

fn entry(doc: &MapDoc, root: &str, id: &str) -> Result<LoroMap, ModelError> {
    match doc.loro().get_map(root).get(id) {
        Some(ValueOrContainer::Container(loro::Container::Map(m))) => Ok(m),
        _ => Err(ModelError::Unknown {
            what: "template entry",
            value: id.to_owned(),
        }),
    }
}

/// What the map gains or changes after its version was saved.
#[derive(Default)]
pub struct AfterVersion {
    pub card_texts: Vec<(String, String)>,
    pub metric_currents: Vec<(String, Option<f64>)>,
    pub action_statuses: Vec<(String, ActionStatus)>,
}

impl AfterVersion {
    pub fn apply(&self, doc: &MapDoc) -> Result<(), ModelError> {
        for (id, text) in &self.card_texts {
            doc.set_card_text(id, text)?;
        }
        for (id, current) in &self.metric_currents {
            let metric = entry(doc, schema::METRICS, id)?;
            match current {
                Some(v) => metric.insert("current", *v)?,
                None => metric.delete("current")?,
            }
        }
        for (id, status) in &self.action_statuses {
            entry(doc, schema::ACTIONS, id)?.insert("status", status.as_str())?;
        }
        doc.commit();
        Ok(())
    }
}
