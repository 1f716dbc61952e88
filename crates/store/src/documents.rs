//! Map documents in SQLite: loading (snapshot plus the updates after it) and compaction. Updates
//! are appended in `appends.rs`.

use rusqlite::{params, OptionalExtension};
use wayline_model::MapDoc;

use crate::{now_ms, Store, StoreError};

/// After this many stored updates the host folds them into a snapshot.
pub const COMPACT_AFTER_UPDATES: i64 = 500;

/// A loaded document and the id of the last update it contains.
pub struct StoredDoc {
    pub doc: MapDoc,
    pub last_update: i64,
    pub pending_updates: i64,
    /// Bytes stored for the document: its snapshot and the updates after it.
    pub stored_bytes: usize,
}

impl Store {
    /// Loads a map's document from its snapshot and the updates after it.
    pub fn load_map(&self, map_id: &str) -> Result<StoredDoc, StoreError> {
        let (snapshot, updates) = self.read(|conn| {
            let snapshot: Option<(Vec<u8>, i64)> = conn
                .query_row(
                    "SELECT data, up_to_update FROM doc_snapshots WHERE map_id = ?1",
                    [map_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let exists: Option<i64> = conn
                .query_row("SELECT 1 FROM maps WHERE id = ?1", [map_id], |r| r.get(0))
                .optional()?;
            if exists.is_none() {
                return Err(StoreError::NotFound {
                    what: "map",
                    id: map_id.to_owned(),
                });
            }
            let after = snapshot.as_ref().map_or(0, |s| s.1);
            let mut stmt = conn.prepare_cached(
                "SELECT id, data FROM doc_updates WHERE map_id = ?1 AND id > ?2 ORDER BY id",
            )?;
            let updates: Vec<(i64, Vec<u8>)> = stmt
                .query_map(params![map_id, after], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            Ok((snapshot, updates))
        })?;
        let last_update = updates
            .last()
            .map(|u| u.0)
            .or(snapshot.as_ref().map(|s| s.1))
            .unwrap_or(0);
        let pending_updates = i64::try_from(updates.len()).unwrap_or(i64::MAX);
        let stored_bytes = snapshot.as_ref().map_or(0, |s| s.0.len())
            + updates.iter().map(|u| u.1.len()).sum::<usize>();
        let bytes: Vec<Vec<u8>> = updates.into_iter().map(|u| u.1).collect();
        let doc =
            MapDoc::load(snapshot.as_ref().map(|s| s.0.as_slice()), &bytes).map_err(|source| {
                StoreError::Document {
                    map_id: map_id.to_owned(),
                    source,
                }
            })?;
        Ok(StoredDoc {
            doc,
            last_update,
            pending_updates,
            stored_bytes,
        })
    }

    /// Replaces the snapshot with one covering every update up to `up_to_update`, and deletes
    /// those updates, atomically. `snapshot` must have been exported after they were applied.
    /// Returns `false`, changing nothing, when the stored snapshot already covers as much: two
    /// compactions of one map that finish out of order never put an older snapshot back over
    /// updates the newer one deleted.
    pub fn compact(
        &self,
        map_id: &str,
        snapshot: &[u8],
        up_to_update: i64,
    ) -> Result<bool, StoreError> {
        self.with_tx(|tx| {
            let covered: Option<i64> = tx
                .query_row(
                    "SELECT up_to_update FROM doc_snapshots WHERE map_id = ?1",
                    [map_id],
                    |r| r.get(0),
                )
                .optional()?;
            if covered.is_some_and(|c| c >= up_to_update) {
                return Ok(false);
            }
            tx.execute(
                "INSERT INTO doc_snapshots (map_id, data, up_to_update, created_at)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(map_id) DO UPDATE SET data = excluded.data,
                    up_to_update = excluded.up_to_update, created_at = excluded.created_at",
                params![map_id, snapshot, up_to_update, now_ms()],
            )?;
            tx.execute(
                "DELETE FROM doc_updates WHERE map_id = ?1 AND id <= ?2",
                params![map_id, up_to_update],
            )?;
            Ok(true)
        })
    }

    /// Number of stored updates not yet folded into the snapshot.
    pub fn update_count(&self, map_id: &str) -> Result<i64, StoreError> {
        self.read(|conn| {
            Ok(conn.query_row(
                "SELECT count(*) FROM doc_updates WHERE map_id = ?1",
                [map_id],
                |r| r.get(0),
            )?)
        })
    }
}
