//! How the host checks what a client wrote into the map's header, cards, stages, lanes, actions,
//! saved versions, parking lot, metric history and workshop timer: note the version and each container's size
//! before an update, then look only at the entries the update wrote — read from its operations,
//! not by comparing the whole container before and after, which on a map with thousands of
//! history entries cost the host tens of milliseconds per keystroke — refuse growth past a
//! container's limit, and refuse the first entry written that is not acceptable. Entries an update
//! did not write are left alone (they may come from an older release).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::Ordering;

use loro::json::{JsonOpContent, MapOp};
use loro::{
    Container, ContainerID, ContainerType, Index, LoroMap, ValueOrContainer, VersionVector,
};
use serde_json::Value;

use crate::{schema, MapDoc};

/// The root maps whose entries the host checks (the known-roots bits of `MapDoc` follow this
/// order: at most 16).
const CHECKED_ROOTS: [&str; 10] = [
    schema::META,
    schema::CARDS,
    schema::ACTIONS,
    schema::VERSIONS,
    schema::PARKING,
    schema::METRIC_HISTORY,
    schema::WORKSHOP,
    schema::PARTICIPANTS,
    schema::EMOTIONS,
    schema::VOTES,
];

/// Who sent an update: what they may write depends on it (only the facilitator writes the
/// workshop's timer; a participant writes only their own entry in `participants`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Writer {
    /// The facilitator's own app (or the host itself).
    Facilitator,
    /// Someone who joined the workshop, with their participant id.
    Participant(String),
}

/// The root movable lists whose items the host checks: a list is short (at most 60 items), so any
/// write into one has every item checked.
const CHECKED_LISTS: [&str; 2] = [schema::STAGES, schema::LANES];

/// What the host notes before it imports an update: the version, and how many entries each
/// checked root map had. Cheap: no container is read.
#[derive(Debug, Clone)]
pub struct EntriesBefore {
    version: VersionVector,
    counts: BTreeMap<&'static str, usize>,
}

impl EntriesBefore {
    /// As if the map had nothing: every entry it holds counts as written.
    pub fn nothing() -> Self {
        EntriesBefore {
            version: VersionVector::default(),
            counts: BTreeMap::new(),
        }
    }
}

/// The keys of the checked root maps' entries that the operations since a version wrote, per
/// root; and the checked roots those operations wrote as something other than a map (a root of
/// the same name and another type would hide the map from every later check).
#[derive(Debug, Default)]
pub(crate) struct Written {
    keys: BTreeMap<String, BTreeSet<String>>,
    lists: BTreeSet<String>,
    not_a_map: BTreeSet<String>,
}

impl Written {
    /// The keys of root map `root` that were written.
    pub(crate) fn keys_of(&self, root: &str) -> impl Iterator<Item = &str> {
        self.keys
            .get(root)
            .into_iter()
            .flatten()
            .map(String::as_str)
    }

    /// Whether `root` was written as something other than a map.
    pub(crate) fn wrote_other_type(&self, root: &str) -> bool {
        self.not_a_map.contains(root)
    }
}

/// What one operation writes, as far as the checks are concerned.
enum OpWrites {
    Entry { root: String, key: String },
    List(String),
    RootOfAnotherType(String),
}

impl MapDoc {
    /// A root container as a map, or `None` when the document has none. Looked up by path the
    /// first time: `get_map` would register the root in this replica, which then shows an empty
    /// container the other replicas do not have (in its JSON and in every snapshot it exports),
    /// so replicas with the same history would differ. Found once, a checked root is taken with
    /// `get_map`: the lookup by path reads the whole container to see whether it is empty (2 ms
    /// for 19,000 history entries).
    fn root_map(&self, root: &str) -> Option<LoroMap> {
        let bit = CHECKED_ROOTS
            .iter()
            .position(|r| *r == root)
            .map(|i| 1u16 << i);
        if let Some(bit) = bit {
            if self.known_roots().load(Ordering::Relaxed) & bit != 0 {
                return Some(self.loro().get_map(root));
            }
        }
        match self.loro().get_by_str_path(root) {
            Some(ValueOrContainer::Container(Container::Map(map))) => {
                if let Some(bit) = bit {
                    self.known_roots().fetch_or(bit, Ordering::Relaxed);
                }
                Some(map)
            }
            _ => None,
        }
    }

    /// A root map container as JSON; null when the document has none.
    pub(crate) fn root_value(&self, root: &str) -> Value {
        self.root_map(root)
            .and_then(|map| serde_json::to_value(map.get_deep_value()).ok())
            .unwrap_or(Value::Null)
    }

    /// What to note before importing an update whose entries [`MapDoc::first_new_invalid_entry`]
    /// then checks.
    pub fn entries_before(&self) -> EntriesBefore {
        self.commit();
        EntriesBefore {
            version: self.loro().oplog_vv(),
            counts: CHECKED_ROOTS
                .iter()
                .map(|root| (*root, self.root_map(root).map_or(0, |m| m.len())))
                .collect(),
        }
    }

    /// The first entry an update wrote into the header, stages, lanes, cards, actions, versions,
    /// parking lot, metric history or workshop timer that is not acceptable, with why (its key, or
    /// empty when a container grew past its limit).
    /// As the facilitator's update: [`MapDoc::first_new_invalid_entry_from`] for anyone.
    pub fn first_new_invalid_entry(&self, before: &EntriesBefore) -> Option<(String, String)> {
        self.first_new_invalid_entry_from(before, &Writer::Facilitator)
    }

    /// As [`MapDoc::first_new_invalid_entry`], for an update `writer` sent.
    pub fn first_new_invalid_entry_from(
        &self,
        before: &EntriesBefore,
        writer: &Writer,
    ) -> Option<(String, String)> {
        let written = self.written_since(before);
        self.invalid_workshop_in(before, &written, writer)
            .or_else(|| self.invalid_participant_in(before, &written, writer))
            .or_else(|| self.invalid_rating_in(&written, writer))
            .or_else(|| self.invalid_structure_in(before, &written))
            .or_else(|| self.invalid_card_in(before, &written))
            .or_else(|| self.invalid_action_in(before, &written))
            .or_else(|| self.invalid_version_in(before, &written))
            .or_else(|| self.invalid_parking_item_in(before, &written))
            .or_else(|| self.invalid_history_entry_in(before, &written))
    }

    /// The entries of the checked roots that the operations since `before` wrote: a root map's
    /// own key set or deleted, or a key whose container (or one inside it) was changed.
    pub(crate) fn written_since(&self, before: &EntriesBefore) -> Written {
        self.commit();
        let mut written = Written::default();
        let now = self.loro().oplog_vv();
        let spans: Vec<_> = now.sub_iter(&before.version).collect();
        for span in spans {
            for change in self.loro().export_json_in_id_span(span) {
                for op in change.ops {
                    match self.what_op_writes(&op.container, &op.content) {
                        Some(OpWrites::Entry { root, key }) => {
                            written.keys.entry(root).or_default().insert(key);
                        }
                        Some(OpWrites::List(root)) => {
                            written.lists.insert(root);
                        }
                        Some(OpWrites::RootOfAnotherType(root)) => {
                            written.not_a_map.insert(root);
                        }
                        None => {}
                    }
                }
            }
        }
        written
    }

    /// The checked root and entry an operation on `container` writes, if any.
    fn what_op_writes(&self, container: &ContainerID, content: &JsonOpContent) -> Option<OpWrites> {
        // A mergeable child's id is a root id too ("🤝:<parent>><key>"), but it lives inside its
        // parent's entry, so it is found by its path like any container inside an entry.
        if let (
            ContainerID::Root {
                name,
                container_type,
            },
            false,
        ) = (container, container.is_mergeable())
        {
            if let Some(list) = CHECKED_LISTS.iter().find(|r| **r == name.as_str()) {
                return Some(if *container_type == ContainerType::MovableList {
                    OpWrites::List(list.to_string())
                } else {
                    OpWrites::RootOfAnotherType(list.to_string())
                });
            }
            let root = CHECKED_ROOTS.iter().find(|r| **r == name.as_str())?;
            if *container_type != ContainerType::Map {
                return Some(OpWrites::RootOfAnotherType(root.to_string()));
            }
            return match content {
                JsonOpContent::Map(MapOp::Insert { key, .. } | MapOp::Delete { key }) => {
                    Some(OpWrites::Entry {
                        root: root.to_string(),
                        key: key.clone(),
                    })
                }
                _ => None,
            };
        }
        // A container inside an entry: its path from the root names the entry. None when it
        // is no longer in the map (its entry deleted or overwritten), so there is nothing to
        // check: the map does not show it.
        let path = self.loro().get_path_to_container(container)?;
        let root = match path.first()? {
            (_, Index::Key(root)) => {
                if let Some(list) = CHECKED_LISTS.iter().find(|r| **r == root.as_str()) {
                    return Some(OpWrites::List(list.to_string()));
                }
                CHECKED_ROOTS.iter().find(|r| **r == root.as_str())?
            }
            _ => return None,
        };
        match path.get(1)? {
            (_, Index::Key(key)) => Some(OpWrites::Entry {
                root: root.to_string(),
                key: key.to_string(),
            }),
            _ => None,
        }
    }

    /// The first item of root movable list `root` that `problem` refuses, with why, when the
    /// operations since `before` wrote into the list (every item is checked then).
    pub(crate) fn first_list_problem(
        &self,
        root: &str,
        written: &Written,
        mut problem: impl FnMut(&Value) -> Option<String>,
    ) -> Option<(String, String)> {
        if written.not_a_map.contains(root) {
            return Some((String::new(), format!("{root} must be a list")));
        }
        if !written.lists.contains(root) {
            return None;
        }
        let items =
            serde_json::to_value(self.loro().get_movable_list(root).get_deep_value()).ok()?;
        items.as_array()?.iter().find_map(|item| {
            let id = item.get("id").and_then(Value::as_str).unwrap_or_default();
            problem(item).map(|why| (id.to_owned(), why))
        })
    }

    /// The first entry of root map `root` written since `before` that `problem` refuses, with
    /// why; or, when the container grew past `max` entries, `limit`.
    pub(crate) fn first_written_problem(
        &self,
        root: &str,
        before: &EntriesBefore,
        written: &Written,
        max: usize,
        limit: impl FnOnce() -> String,
        mut problem: impl FnMut(&str, &Value) -> Option<String>,
    ) -> Option<(String, String)> {
        if written.not_a_map.contains(root) {
            return Some((String::new(), format!("{root} must be a map")));
        }
        let map = self.root_map(root)?;
        let count_before = before.counts.get(root).copied().unwrap_or(0);
        if map.len() > max && map.len() > count_before {
            return Some((String::new(), limit()));
        }
        written.keys.get(root)?.iter().find_map(|key| {
            let value = serde_json::to_value(map.get(key)?.get_deep_value()).ok()?;
            problem(key, &value).map(|why| (key.clone(), why))
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests;
