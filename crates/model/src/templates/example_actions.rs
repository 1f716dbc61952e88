//! A template's example actions: what each team does about a pain point or an opportunity of the
//! template's own cards, with owners, statuses and due dates relative to when the map is made,
//! so that a new map shows the action plan (and its report pages) before anyone types one.

use std::collections::HashMap;

use serde::Deserialize;

use super::Localized;
use crate::schema::{ActionStatus, Locale};
use crate::{MapDoc, ModelError, NewAction};

/// A card of the template by its cell: the first card in that stage and lane.
#[derive(Debug, Deserialize)]
pub struct CellRef {
    pub stage: String,
    pub lane: String,
}

/// A metric of the template by its stage and kind.
#[derive(Debug, Deserialize)]
pub struct MetricRef {
    pub stage: String,
    pub kind: String,
}

#[derive(Debug, Deserialize)]
pub struct ActionSpec {
    pub title: Localized,
    /// A built-in team id.
    pub team: String,
    pub owner: Localized,
    pub status: ActionStatus,
    /// Days after the map is made (negative: before); none for an undated action.
    #[serde(default)]
    pub due_in_days: Option<i64>,
    #[serde(default)]
    pub answers: Vec<CellRef>,
    #[serde(default)]
    pub metric: Option<MetricRef>,
    #[serde(default)]
    pub effect: Option<f64>,
}

/// Ids the template's cards and metrics were given, by the keys actions refer to them with.
#[derive(Default)]
pub struct MadeIds {
    pub first_card: HashMap<(String, String), String>,
    pub metric: HashMap<(String, String), String>,
}

/// Adds the actions of `specs` with the status `status_of` gives; returns their ids in order.
pub fn add_example_actions(
    doc: &MapDoc,
    specs: &[&ActionSpec],
    made: &MadeIds,
    locale: Locale,
    author: &str,
    now_ms: i64,
    status_of: impl Fn(&ActionSpec) -> ActionStatus,
) -> Result<Vec<String>, ModelError> {
    let mut ids = Vec::new();
    for spec in specs {
        let cards = spec
            .answers
            .iter()
            .map(|cell| {
                made.first_card
                    .get(&(cell.stage.clone(), cell.lane.clone()))
                    .map(String::as_str)
                    .ok_or_else(|| ModelError::Unknown {
                        what: "template card",
                        value: format!("{}/{}", cell.stage, cell.lane),
                    })
            })
            .collect::<Result<Vec<&str>, ModelError>>()?;
        let metric = match &spec.metric {
            Some(m) => Some(
                made.metric
                    .get(&(m.stage.clone(), m.kind.clone()))
                    .map(String::as_str)
                    .ok_or_else(|| ModelError::Unknown {
                        what: "template metric",
                        value: format!("{}/{}", m.stage, m.kind),
                    })?,
            ),
            None => None,
        };
        let due = spec
            .due_in_days
            .map(|days| crate::dates::iso_date(now_ms.div_euclid(1000) + days * 86_400));
        ids.push(doc.add_action(NewAction {
            title: spec.title.get(locale),
            team: &spec.team,
            owner: spec.owner.get(locale),
            status: Some(status_of(spec)),
            due: due.as_deref(),
            metric,
            effect: spec.effect,
            cards: &cards,
            author,
            created_at: now_ms,
            example: true,
        })?);
    }
    Ok(ids)
}
