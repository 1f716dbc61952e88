//! How the host checks the entries of a root map a client wrote (actions, metric history, saved
//! versions): compare the container before and after an update, refuse growth past its limit,
//! and refuse the first entry added or changed that is not acceptable. Entries already there
//! unchanged are left alone (they may come from an older release).

use loro::{Container, ValueOrContainer};
use serde_json::Value;

use crate::MapDoc;

impl MapDoc {
    /// A root map container as JSON (what the host compares before and after an update); null
    /// when the document has none. Looked up by path: `get_map` would register the root in this
    /// replica, which then shows an empty container the other replicas do not have (in its JSON
    /// and in every snapshot it exports), so replicas with the same history would differ.
    pub(crate) fn root_value(&self, root: &str) -> Value {
        match self.loro().get_by_str_path(root) {
            Some(ValueOrContainer::Container(Container::Map(map))) => {
                serde_json::to_value(map.get_deep_value()).unwrap_or(Value::Null)
            }
            _ => Value::Null,
        }
    }
}

/// The first entry of `after` that an update added or changed and that `problem` refuses, with
/// why; or, when the update grew the container past `max` entries, `limit`.
pub(crate) fn first_new_problem(
    before: &Value,
    after: &Value,
    max: usize,
    limit: impl FnOnce() -> String,
    mut problem: impl FnMut(&str, &Value) -> Option<String>,
) -> Option<(String, String)> {
    let all = after.as_object()?;
    if all.len() > max && all.len() > before.as_object().map_or(0, |b| b.len()) {
        return Some((String::new(), limit()));
    }
    all.iter()
        .filter(|(key, v)| before.get(key.as_str()) != Some(*v))
        .find_map(|(key, v)| problem(key, v).map(|why| (key.clone(), why)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::templates::instantiate;
    use crate::{Locale, MapDoc};

    /// The host reads these roots before and after every update; reading must leave a replica
    /// exactly as it was, or two replicas with the same history stop being equal.
    #[test]
    fn reading_a_root_the_map_lacks_leaves_the_replica_unchanged() {
        let doc = instantiate("lifecycle", Locale::ZhCn, None, "T", 0).unwrap();
        assert!(doc.to_json().get("parking").is_none());
        let replica = MapDoc::load(Some(&doc.export_snapshot().unwrap()), &[]).unwrap();
        assert!(replica.parking_value().is_null());
        let _ = (
            replica.actions_value(),
            replica.versions_value(),
            replica.metric_history_value(),
        );
        assert_eq!(replica.to_json(), doc.to_json());
        let copy = MapDoc::load(Some(&replica.export_snapshot().unwrap()), &[]).unwrap();
        assert_eq!(copy.to_json(), doc.to_json());
    }
}
