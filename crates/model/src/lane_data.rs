//! What the channels, emotion and metrics lanes hold belongs to one lane, not to the stage: a map
//! may have a second channels lane ("自助通路") or a second emotion lane (one per persona), and
//! each must show only its own entries. Flat keys carry the stage *and* the lane
//! (`stage:lane:rest`, safe under concurrent writers), metrics a `lane` field. Also the upgrade
//! of maps written before (schema 2 and older), whose entries had only a stage.
//!
//! The TypeScript mirror is `ui/src/doc/cellKey.ts`; both are tested against
//! `tests/vectors/cell_keys.json`.

use std::collections::HashMap;

use loro::{LoroValue, ValueOrContainer};

use crate::schema::{self, LaneKind};
use crate::{MapDoc, ModelError};

/// The flat key of a per-cell entry: `stage:lane:rest`. Stage and lane ids never contain ':'
/// (they are generated ids), so `rest` may (custom channels are `custom:<name>`).
pub fn cell_key(stage: &str, lane: &str, rest: &str) -> String {
    format!("{stage}:{lane}:{rest}")
}

/// Splits a flat key into stage, lane and the rest; `None` for keys of another shape (such as
/// schema-2 keys left in a map that had no lane of their kind).
pub fn parse_cell_key(key: &str) -> Option<(&str, &str, &str)> {
    let mut parts = key.splitn(3, ':');
    let (stage, lane, rest) = (parts.next()?, parts.next()?, parts.next()?);
    if stage.is_empty() || lane.is_empty() || rest.is_empty() {
        return None;
    }
    Some((stage, lane, rest))
}

impl MapDoc {
    /// The kind of the lane with `id`, when it exists.
    pub(crate) fn lane_kind(&self, id: &str) -> Option<LaneKind> {
        let lanes = self.loro().get_movable_list(schema::LANES);
        (0..lanes.len()).find_map(|i| match lanes.get(i) {
            Some(ValueOrContainer::Container(loro::Container::Map(m))) => {
                let text = |key: &str| {
                    m.get(key)
                        .and_then(|v| v.into_value().ok())
                        .and_then(|v| v.into_string().ok())
                        .map(|s| s.to_string())
                };
                (text("id").as_deref() == Some(id))
                    .then(|| text("kind").as_deref().and_then(LaneKind::parse))
                    .flatten()
            }
            _ => None,
        })
    }

    /// Refuses a lane that is missing or of another kind than the entry written to it.
    pub(crate) fn check_lane(&self, id: &str, kind: LaneKind) -> Result<(), ModelError> {
        match self.lane_kind(id) {
            Some(found) if found == kind => Ok(()),
            Some(found) => Err(ModelError::Invalid(format!(
                "lane {id} is a {found} lane, not a {kind} lane"
            ))),
            None => Err(ModelError::Unknown {
                what: "lane",
                value: id.to_owned(),
            }),
        }
    }

    /// The first lane of `kind` in board order: where entries of maps written before schema 3
    /// were shown (they appeared in every lane of their kind; the first keeps them).
    fn first_lane_of(&self, kind: LaneKind) -> Option<String> {
        let json = self.to_json();
        json.get(schema::LANES)?
            .as_array()?
            .iter()
            .find(|l| l.get("kind").and_then(|k| k.as_str()) == Some(kind.as_str()))
            .and_then(|l| l.get("id")?.as_str().map(str::to_owned))
    }

    /// Schema 2 → 3, inside the caller's commit: `stage:rest` keys of `emotions` and `channels`
    /// become `stage:lane:rest` of the first lane of their kind, and metrics get that lane.
    /// Without such a lane the entries are left as they were (shown nowhere, as before).
    pub(crate) fn upgrade_lane_data(&self) -> Result<(), ModelError> {
        for (root, kind) in [
            (schema::EMOTIONS, LaneKind::Emotion),
            (schema::CHANNELS, LaneKind::Channels),
        ] {
            let Some(lane) = self.first_lane_of(kind) else {
                continue;
            };
            let map = self.loro().get_map(root);
            let legacy: Vec<(String, LoroValue)> = map
                .get_value()
                .into_map()
                .map(|all| {
                    all.iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect::<HashMap<_, _>>()
                })
                .unwrap_or_default()
                .into_iter()
                .filter(|(key, _)| key.contains(':'))
                .collect();
            for (key, value) in legacy {
                if let Some((stage, rest)) = key.split_once(':') {
                    map.insert(&cell_key(stage, &lane, rest), value)?;
                    map.delete(&key)?;
                }
            }
        }
        if let Some(lane) = self.first_lane_of(LaneKind::Metrics) {
            let metrics = self.loro().get_map(schema::METRICS);
            for id in metrics.keys().map(|k| k.to_string()).collect::<Vec<_>>() {
                if let Some(ValueOrContainer::Container(loro::Container::Map(m))) = metrics.get(&id)
                {
                    if m.get("lane").is_none() {
                        m.insert("lane", lane.as_str())?;
                    }
                }
            }
        }
        Ok(())
    }
}
