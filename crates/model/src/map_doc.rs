//! [`MapDoc`]: one journey map as a Loro document, with loading, merging and export.

use std::sync::atomic::AtomicU16;
use std::sync::Arc;

use loro::{ExportMode, LoroDoc, VersionVector};

use crate::schema::{self, SCHEMA_VERSION};
use crate::{MapCounts, MapView, ModelError};

/// One map document. Cloning shares the same underlying document.
#[derive(Clone)]
pub struct MapDoc {
    doc: LoroDoc,
    /// Which of the root maps the host checks this document is known to have
    /// (entry_checks.rs): finding one by path costs as much as reading it whole, and a root
    /// once there stays.
    known_roots: Arc<AtomicU16>,
}

impl Default for MapDoc {
    fn default() -> Self {
        Self::new()
    }
}

impl MapDoc {
    /// An empty document with a fresh random peer id.
    pub fn new() -> Self {
        MapDoc::from_loro(LoroDoc::new())
    }

    /// Rebuilds a document from a stored snapshot and the updates written after it.
    /// Fails if any update depends on history that is not there, rather than silently
    /// showing a partial map.
    pub fn load(snapshot: Option<&[u8]>, updates: &[Vec<u8>]) -> Result<Self, ModelError> {
        let map = MapDoc::new();
        if let Some(bytes) = snapshot {
            map.import(bytes)?;
        }
        if !updates.is_empty() {
            let status = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                map.doc.import_batch(updates)
            }))
            .map_err(|_| ModelError::Decode("the updates could not be read".into()))?
            .map_err(|e| ModelError::Decode(e.to_string()))?;
            if status.pending.is_some() {
                return Err(ModelError::MissingHistory);
            }
        }
        map.check_schema()?;
        Ok(map)
    }

    /// Merges an update or snapshot from elsewhere. An update whose earlier history is missing
    /// is reported as [`ModelError::MissingHistory`]; the caller must then discard this document
    /// and reload it, because Loro keeps such an update waiting inside the document.
    ///
    /// Malformed bytes can make loro panic; that is caught and reported as undecodable. The
    /// document may then hold part of them: a caller that keeps serving it reloads it first.
    pub fn import(&self, bytes: &[u8]) -> Result<(), ModelError> {
        let status =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.doc.import(bytes)))
                .map_err(|_| ModelError::Decode("the bytes could not be read".into()))?
                .map_err(|e| ModelError::Decode(e.to_string()))?;
        if status.pending.is_some() {
            return Err(ModelError::MissingHistory);
        }
        Ok(())
    }

    /// The schema version the document says it was written with (0 when absent).
    pub fn schema_version(&self) -> i64 {
        self.doc
            .get_map(schema::META)
            .get("schema_version")
            .and_then(|v| v.into_value().ok())
            .and_then(|v| match v {
                loro::LoroValue::I64(n) => Some(n),
                loro::LoroValue::Double(f) => Some(f as i64),
                _ => None,
            })
            .unwrap_or(0)
    }

    /// `(cards, stages, lanes)` of the document, counted without reading their content.
    pub fn sizes(&self) -> (usize, usize, usize) {
        (
            self.doc.get_map(schema::CARDS).len(),
            self.doc.get_movable_list(schema::STAGES).len(),
            self.doc.get_movable_list(schema::LANES).len(),
        )
    }

    /// Refuses a change that takes the document past a size limit (a map already past one, from
    /// an older release, may still shrink or change in place).
    pub fn check_growth(&self, before: (usize, usize, usize)) -> Result<(), ModelError> {
        let after = self.sizes();
        let limits = [
            (after.0, before.0, schema::MAX_CARDS_PER_MAP, "cards"),
            (after.1, before.1, schema::MAX_STAGES_PER_MAP, "stages"),
            (after.2, before.2, schema::MAX_LANES_PER_MAP, "lanes"),
        ];
        for (now, was, limit, what) in limits {
            if now > limit && now > was {
                return Err(ModelError::Invalid(format!(
                    "a map holds at most {limit} {what}"
                )));
            }
        }
        Ok(())
    }

    /// Refuses documents written by a newer schema than this build understands.
    pub fn check_schema(&self) -> Result<(), ModelError> {
        let found = self.schema_version();
        if found > SCHEMA_VERSION {
            return Err(ModelError::NewerSchema {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        Ok(())
    }

    /// Wraps a document made elsewhere in this crate (a fork at a saved version).
    pub(crate) fn from_loro(doc: LoroDoc) -> Self {
        MapDoc {
            doc,
            known_roots: Arc::default(),
        }
    }

    pub(crate) fn known_roots(&self) -> &AtomicU16 {
        &self.known_roots
    }

    pub fn loro(&self) -> &LoroDoc {
        &self.doc
    }

    /// The full history and state, for storage and for new clients.
    pub fn export_snapshot(&self) -> Result<Vec<u8>, ModelError> {
        self.doc
            .export(ExportMode::Snapshot)
            .map_err(|e| ModelError::Edit(e.to_string()))
    }

    /// Everything this document has that a peer at `their_version` (an encoded version
    /// vector, possibly empty) lacks.
    pub fn export_since(&self, their_version: &[u8]) -> Result<Vec<u8>, ModelError> {
        let from = if their_version.is_empty() {
            VersionVector::default()
        } else {
            VersionVector::decode(their_version).map_err(|e| ModelError::Decode(e.to_string()))?
        };
        self.doc
            .export(ExportMode::updates(&from))
            .map_err(|e| ModelError::Edit(e.to_string()))
    }

    /// Whether a peer at `their_version` (an encoded version vector, possibly empty bytes) has
    /// nothing of any document: what a browser sends on its first join is an encoded *empty*
    /// vector, not empty bytes. An unreadable version is not "nothing" (the caller decides).
    pub fn knows_nothing(their_version: &[u8]) -> bool {
        their_version.is_empty()
            || VersionVector::decode(their_version)
                .map(|vv| vv.iter().all(|(_, counter)| *counter == 0))
                .unwrap_or(false)
    }

    /// This document's version vector, encoded for the wire.
    pub fn version(&self) -> Vec<u8> {
        self.doc.oplog_vv().encode()
    }

    /// The JSON form of the whole document.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self.doc.get_deep_value()).unwrap_or(serde_json::Value::Null)
    }

    pub fn view(&self) -> MapView {
        MapView::from_deep_value(&self.to_json())
    }

    pub fn counts(&self) -> MapCounts {
        self.view().counts()
    }

    pub fn title(&self) -> String {
        self.doc
            .get_map(schema::META)
            .get("title")
            .and_then(|v| v.into_value().ok())
            .and_then(|v| v.into_string().ok())
            .map(|s| s.to_string())
            .unwrap_or_default()
    }
}
