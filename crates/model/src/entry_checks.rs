//! How the host checks the entries of a root map a client wrote (actions, metric history, saved
//! versions): compare the container before and after an update, refuse growth past its limit,
//! and refuse the first entry added or changed that is not acceptable. Entries already there
//! unchanged are left alone (they may come from an older release).

use serde_json::Value;

use crate::MapDoc;

impl MapDoc {
    /// A root map container as JSON (what the host compares before and after an update).
    pub(crate) fn root_value(&self, root: &str) -> Value {
        serde_json::to_value(self.loro().get_map(root).get_deep_value()).unwrap_or(Value::Null)
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
