//! What a client that has nothing receives on joining: the document as a snapshot, encoded into
//! protocol frames once and kept until the room's replica is rebuilt, plus the few updates made
//! since. Encoding a large map's whole history anew for every joiner was most of a join's time.
//! The same snapshot is what a tab fetches while its script starts (`GET /api/maps/{id}/snapshot`),
//! so that it joins already holding the map and waits only for what changed since. With it go the
//! cards as JSON, as the browser's `toJSON()` of the cards map would give them: reading 2,000
//! cards out of Loro's WebAssembly took the browser ~100 ms, parsing the JSON a few. That answer
//! is kept with the snapshot until the document changes: reading and writing the cards of a
//! 2,000-card map takes the host ~40 ms, and 80–320 ms while the tab that asked for it is starting
//! on the same two cores.

use std::sync::Arc;

use std::time::{Duration, Instant};

use loro::LoroValue;
use wayline_model::schema::CARDS;

use super::{Room, RoomState};
use crate::{protocol, HostError};

/// The map for a tab about to join: its snapshot, and its cards map (see [`joiner_body`]).
pub(super) struct JoinerCopy {
    pub snapshot: Arc<Vec<u8>>,
    pub cards: LoroValue,
    /// The document's version the two are of.
    pub version: Vec<u8>,
}

/// What the room has for a tab about to join.
pub(super) enum ForJoiner {
    /// The answer made for an earlier tab, the document unchanged since.
    Kept(Arc<Vec<u8>>),
    /// The document read now; [`joiner_body`] writes the answer, [`Room::keep_joiner_body`]
    /// keeps it.
    Read(JoinerCopy),
}

/// The snapshot frames of the document at `version`, and the snapshot route's answer once made.
pub(super) struct NewcomerFrames {
    version: Vec<u8>,
    snapshot: Arc<Vec<u8>>,
    frames: Arc<Vec<Vec<u8>>>,
    body: Option<Arc<Vec<u8>>>,
}

impl NewcomerFrames {
    /// Encodes `snapshot`, the document at `version`; `None` (logged) if it cannot be.
    pub(super) fn encode(map_id: &str, version: Vec<u8>, snapshot: Vec<u8>) -> Option<Self> {
        match protocol::doc_update_frames(map_id, snapshot.clone()) {
            Ok(frames) => Some(NewcomerFrames {
                version,
                snapshot: Arc::new(snapshot),
                frames: Arc::new(frames),
                body: None,
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

    /// The kept snapshot, made now if there is none.
    fn kept_newcomer<'a>(&self, state: &'a mut RoomState) -> Result<&'a NewcomerFrames, HostError> {
        if state.newcomer.is_none() {
            let snapshot = state.doc.export_snapshot()?;
            self.keep_for_newcomers(state, snapshot);
        }
        state
            .newcomer
            .as_ref()
            .ok_or_else(|| HostError::Internal("no snapshot for a newcomer".into()))
    }

    /// The document as it is now, for a tab about to join: the snapshot and its cards map, read
    /// under the room's lock (serialised by [`joiner_body`] after it). A kept snapshot that lacks
    /// the latest edits is replaced (newcomers who join after get the fresh one too). The room
    /// is held open for `hold`; `None` when it was closed meanwhile (the caller opens it anew).
    pub(super) fn snapshot_for_joiner(
        &self,
        hold: Duration,
    ) -> Result<Option<ForJoiner>, HostError> {
        // Like a joiner, the tab receives only what is on disk.
        self.quietly(|state| self.snapshot_for_joiner_quiet(state, hold))
    }

    fn snapshot_for_joiner_quiet(
        &self,
        state: &mut RoomState,
        hold: Duration,
    ) -> Result<Option<ForJoiner>, HostError> {
        if state.closed {
            return Ok(None);
        }
        state.held_until = Some(Instant::now() + hold);
        if state
            .newcomer
            .as_ref()
            .is_some_and(|kept| kept.version != state.doc.version())
        {
            state.newcomer = None;
        }
        let kept = self.kept_newcomer(state)?;
        if let Some(body) = &kept.body {
            return Ok(Some(ForJoiner::Kept(body.clone())));
        }
        let (snapshot, version) = (kept.snapshot.clone(), kept.version.clone());
        let cards = state.doc.loro().get_map(CARDS).get_deep_value();
        Ok(Some(ForJoiner::Read(JoinerCopy {
            snapshot,
            cards,
            version,
        })))
    }

    /// Keeps `body`, the answer written from the document at `version`, for the next tabs, unless
    /// the document has changed meanwhile.
    pub(super) fn keep_joiner_body(&self, version: &[u8], body: Arc<Vec<u8>>) {
        let mut state = super::lock(&self.state);
        let current = state.doc.version();
        if let Some(kept) = state.newcomer.as_mut() {
            if kept.version == version && current.as_slice() == version {
                kept.body = Some(body);
            }
        }
    }

    /// The messages that bring a client with nothing up to date, in order.
    pub(super) fn newcomer_messages(
        &self,
        state: &mut RoomState,
    ) -> Result<Vec<Arc<Vec<Vec<u8>>>>, HostError> {
        let kept = self.kept_newcomer(state)?;
        let (frames, version) = (kept.frames.clone(), kept.version.clone());
        let mut messages = vec![frames];
        if version != state.doc.version() {
            let since = state.doc.export_since(&version)?;
            messages.push(Arc::new(protocol::doc_update_frames(&self.map_id, since)?));
        }
        Ok(messages)
    }
}

/// What `GET /api/maps/{id}/snapshot` answers: the snapshot's length (4 bytes, little-endian), the
/// snapshot, then the cards map as JSON (ui/src/sync/mapPrefetch.ts reads it).
pub(super) fn joiner_body(copy: &JoinerCopy) -> Result<Vec<u8>, HostError> {
    let (snapshot, cards) = (copy.snapshot.as_slice(), &copy.cards);
    let length = u32::try_from(snapshot.len())
        .map_err(|_| HostError::Internal("a snapshot over 4 GiB".into()))?;
    let mut body = Vec::with_capacity(4 + 2 * snapshot.len());
    body.extend_from_slice(&length.to_le_bytes());
    body.extend_from_slice(snapshot);
    serde_json::to_writer(&mut body, cards).map_err(|e| HostError::Internal(e.to_string()))?;
    Ok(body)
}
