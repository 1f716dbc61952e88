//! Brings a map written by an older release up to the current schema, one step per version, all
//! in one commit so that every replica sees the upgraded map at once. The host runs it when it
//! opens a map's room, before anyone joins.

use crate::schema::{self, SCHEMA_VERSION};
use crate::{MapDoc, ModelError};

impl MapDoc {
    /// Upgrades the document in place; `true` when it changed.
    pub fn upgrade(&self) -> Result<bool, ModelError> {
        let found = self.schema_version();
        if found >= SCHEMA_VERSION {
            return Ok(false);
        }
        if found < 2 {
            self.upgrade_participants()?;
        }
        if found < 3 {
            self.upgrade_lane_data()?;
        }
        self.loro()
            .get_map(schema::META)
            .insert("schema_version", SCHEMA_VERSION)?;
        self.commit();
        Ok(true)
    }
}
