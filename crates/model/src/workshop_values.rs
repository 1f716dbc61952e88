//! The `workshop` root's entries are plain values written whole by the facilitator (the timer,
//! the voting round, the agenda), each with its own rule of what it may hold. Reading one and
//! writing one go the same way for all of them: what breaks its rule is never read, and never
//! written by this side either.

use loro::LoroValue;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::schema::WORKSHOP;
use crate::{MapDoc, ModelError};

/// One kind of `workshop` entry: its key, what it is called in errors, its rule, its Loro value.
pub(crate) struct WorkshopEntry<T> {
    pub key: &'static str,
    pub what: &'static str,
    pub problem: fn(&Value) -> Option<String>,
    pub to_loro: fn(&T) -> LoroValue,
}

impl MapDoc {
    /// The entry, if it is there and keeps its rule.
    pub(crate) fn workshop_entry<T: DeserializeOwned>(
        &self,
        entry: &WorkshopEntry<T>,
    ) -> Option<T> {
        let value = self.root_value(WORKSHOP);
        let stored = value.get(entry.key)?;
        if (entry.problem)(stored).is_some() {
            return None;
        }
        serde_json::from_value(stored.clone()).ok()
    }

    /// Writes the entry whole (or removes it with `None`) and commits, as the facilitator's
    /// screen does; a value that breaks its rule is refused unwritten.
    pub(crate) fn set_workshop_entry<T: Serialize>(
        &self,
        entry: &WorkshopEntry<T>,
        value: Option<&T>,
    ) -> Result<(), ModelError> {
        let map = self.loro().get_map(WORKSHOP);
        match value {
            Some(v) => {
                let json = serde_json::to_value(v)
                    .map_err(|e| ModelError::Invalid(format!("{}: {e}", entry.what)))?;
                if let Some(why) = (entry.problem)(&json) {
                    return Err(ModelError::Invalid(why));
                }
                map.insert(entry.key, (entry.to_loro)(v))?;
            }
            None => map.delete(entry.key)?,
        }
        self.commit();
        Ok(())
    }
}
