//! What a client that has nothing receives on joining: the document as a snapshot, encoded into
//! protocol frames once and kept until the room's replica is rebuilt, plus the few updates made
//! since. Encoding a large map's whole history anew for every joiner was most of a join's time.

use std::sync::Arc;

use super::{Room, RoomState};
use crate::{protocol, HostError};

/// The snapshot frames of the document at `version`.
pub(super) struct NewcomerFrames {
    version: Vec<u8>,
    frames: Arc<Vec<Vec<u8>>>,
}

impl NewcomerFrames {
    /// Encodes `snapshot`, the document at `version`; `None` (logged) if it cannot be.
    pub(super) fn encode(map_id: &str, version: Vec<u8>, snapshot: Vec<u8>) -> Option<Self> {
        match protocol::doc_update_frames(map_id, snapshot) {
            Ok(frames) => Some(NewcomerFrames {
                version,
                frames: Arc::new(frames),
            }),
            Err(e) => {
                tracing::warn!(map = %map_id, error = %e, "could not keep the snapshot");
                None
            }
        }
    }
}

impl Room {
    /// Keeps `snapshot` (just made, of the document as it is now) for the next newcomers.
    pub(super) fn keep_for_newcomers(&self, state: &mut RoomState, snapshot: Vec<u8>) {
        state.newcomer = NewcomerFrames::encode(&self.map_id, state.doc.version(), snapshot);
    }

    /// The messages that bring a client with nothing up to date, in order.
    pub(super) fn newcomer_messages(
        &self,
        state: &mut RoomState,
    ) -> Result<Vec<Arc<Vec<Vec<u8>>>>, HostError> {
        if state.newcomer.is_none() {
            let snapshot = state.doc.export_snapshot()?;
            self.keep_for_newcomers(state, snapshot);
        }
        let Some(kept) = &state.newcomer else {
            return Err(HostError::Internal("no snapshot for a newcomer".into()));
        };
        let mut messages = vec![kept.frames.clone()];
        if kept.version != state.doc.version() {
            let since = state.doc.export_since(&kept.version)?;
            messages.push(Arc::new(protocol::doc_update_frames(&self.map_id, since)?));
        }
        Ok(messages)
    }
}
