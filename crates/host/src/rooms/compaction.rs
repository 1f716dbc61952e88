//! Folding a room's stored updates into a snapshot, off the acknowledgement path.
//!
//! Every `COMPACT_AFTER_UPDATES` stored updates the room folds them into one snapshot (loading
//! 10,000 update rows takes half a second, a snapshot milliseconds). Compacting inside the batch
//! that crossed the threshold made that batch's answers and broadcast, and every update queued
//! behind the room, wait for a snapshot export and one more fsync. So a batch only marks
//! compaction due (`apply.rs`) and is answered and broadcast first; the connection that gets the
//! mark runs [`Room::compact_due`] on a blocking task after queueing its acknowledgement
//! (`ws/mod.rs`). A flush (the room empties, the map is evicted, the host stops) still compacts
//! at once, holding the room.
//!
//! Only exporting the snapshot holds the room, and it waits until no batch is in flight
//! (`quiet.rs`): at that moment the replica is exactly what is on disk up to `last_update`. The transaction that
//! writes the snapshot and deletes the updates it covers runs without the room, so applies go on
//! meanwhile. No update can be lost: the transaction deletes only ids up to the one the snapshot
//! covers, updates stored meanwhile get larger ids (`AUTOINCREMENT`), and the store never puts an
//! older snapshot back over a newer one (a flush that compacted in between). A room has at most
//! one compaction due at a time; its counts are adjusted only if nothing reset them meanwhile.
//!
//! Measured with `host_bench` (docs/benchmarks.md): compacting in the leader right after its
//! answers are posted, still holding the room, gave the same throughput within the noise
//! (1,882–1,958 against 1,884–1,911 edits/s); the blocking task was kept because it takes the
//! compaction out of the leader's own acknowledgement and out of the time the room is held, which
//! grows with the map (a large map's snapshot takes tens of milliseconds to export and store).

use std::sync::atomic::Ordering;

use wayline_store::{Store, StoreError};

use super::newcomer::NewcomerFrames;
use super::{lock, Room, RoomState};

/// A snapshot exported for compaction, with the room's counts at that moment.
struct Exported {
    snapshot: Vec<u8>,
    version: Vec<u8>,
    up_to: i64,
    updates: i64,
    bytes: usize,
    generation: u64,
}

impl Room {
    /// Whether a batch made compaction due since the last call. The caller that gets `true`
    /// must call [`Room::compact_due`], after acknowledging.
    pub fn take_compaction_due(&self) -> bool {
        self.compaction_due.swap(false, Ordering::AcqRel)
    }

    /// Compacts, holding the room only while the snapshot is exported.
    pub fn compact_due(&self, store: &Store) {
        let exported = self.quietly(|state| {
            let exported = self.export(state);
            if exported.is_none() {
                state.compacting = false;
            }
            exported
        });
        let Some(exported) = exported else {
            return;
        };
        let (result, frames) = self.store_snapshot(store, &exported);
        let mut state = lock(&self.state);
        state.compacting = false;
        self.finish(&mut state, &exported, result, frames);
    }

    /// Compacts now, holding the room throughout (a flush, with nothing in flight).
    pub(super) fn compact(&self, store: &Store, state: &mut RoomState) {
        if let Some(exported) = self.export(state) {
            let (result, frames) = self.store_snapshot(store, &exported);
            self.finish(state, &exported, result, frames);
        }
    }

    fn export(&self, state: &RoomState) -> Option<Exported> {
        if state.since_compact == 0 {
            return None;
        }
        match state.doc.export_snapshot() {
            Ok(snapshot) => Some(Exported {
                snapshot,
                version: state.doc.version(),
                up_to: state.last_update,
                updates: state.since_compact,
                bytes: state.stored_bytes,
                generation: state.generation,
            }),
            Err(e) => {
                tracing::warn!(map = %self.map_id, error = %e, "could not export a snapshot; updates kept");
                None
            }
        }
    }

    /// Stores the snapshot and, if it replaced the old one, encodes it for newcomers (a copy of
    /// the whole document: done before the room is taken again).
    fn store_snapshot(
        &self,
        store: &Store,
        exported: &Exported,
    ) -> (Result<bool, StoreError>, Option<NewcomerFrames>) {
        let result = store.compact(&self.map_id, &exported.snapshot, exported.up_to);
        let frames = match result {
            Ok(true) => NewcomerFrames::encode(
                &self.map_id,
                exported.version.clone(),
                exported.snapshot.clone(),
            ),
            _ => None,
        };
        (result, frames)
    }

    fn finish(
        &self,
        state: &mut RoomState,
        exported: &Exported,
        result: Result<bool, StoreError>,
        frames: Option<NewcomerFrames>,
    ) {
        match result {
            Ok(true) if state.generation == exported.generation => {
                state.since_compact = (state.since_compact - exported.updates).max(0);
                state.stored_bytes =
                    state.stored_bytes.saturating_sub(exported.bytes) + exported.snapshot.len();
                if frames.is_some() {
                    state.newcomer = frames;
                }
                state.generation += 1;
                tracing::debug!(map = %self.map_id, up_to = exported.up_to, "compacted");
            }
            // The counts were set anew meanwhile (a reload, another compaction): they stand.
            Ok(true) => tracing::debug!(map = %self.map_id, "compacted while the room changed"),
            Ok(false) => {
                tracing::debug!(map = %self.map_id, "a newer snapshot was stored meanwhile")
            }
            Err(e) => {
                tracing::warn!(map = %self.map_id, error = %e, "compaction failed; updates kept")
            }
        }
    }
}
