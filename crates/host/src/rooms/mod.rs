//! Sync rooms: one in-memory replica per open map, the clients joined to it, and the write
//! path — import, persist, broadcast, acknowledge — in that order, then compaction when due.
//!
//! Everything here is blocking (SQLite) and runs on tokio's blocking pool; a room's lock is a
//! std mutex that is never held across an `.await`.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, Notify};
use wayline_model::{MapDoc, ModelError};
use wayline_store::{AppendChain, Store};

mod apply;
mod compaction;
mod newcomer;
#[cfg(test)]
mod pipeline_tests;
mod quiet;
mod registry;
#[cfg(test)]
mod tests;

pub(crate) use crate::room_checks::precheck;
use crate::room_checks::within_document_limit;
pub use crate::room_checks::Refusal;
use crate::wire::workshop::RoomAccess;
use crate::{protocol, HostError};
use loro_protocol::CrdtType;
pub use registry::Rooms;

pub type ClientId = u64;

/// What a joining client is granted, decided by the workshop before it reaches the room: whether
/// it may edit, and its access as the UI reads it (the join answer's `extra` bytes, stamped with
/// the host's clock as the answer is made).
pub struct JoinGrant {
    pub can_edit: bool,
    pub access: RoomAccess,
}

impl JoinGrant {
    /// The join answer's `extra` bytes: the access, with the host's clock now.
    fn extra(&self) -> Result<Vec<u8>, HostError> {
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        let access = RoomAccess {
            now_ms,
            ..self.access.clone()
        };
        serde_json::to_vec(&access)
            .map_err(|e| HostError::Internal(format!("encoding a room access: {e}")))
    }
}

/// What a connection's writer sends to its socket.
#[derive(Debug, Clone)]
pub enum Outgoing {
    Frames(Arc<Vec<Vec<u8>>>),
    Text(&'static str),
}

/// How a room (or the workshop hub) reaches one connection: its outgoing queue, and a switch
/// that closes it at once (a client too slow to keep up, a revoked participant).
#[derive(Debug, Clone)]
pub struct ClientHandle {
    pub tx: mpsc::Sender<Outgoing>,
    pub kill: Arc<Notify>,
}

impl ClientHandle {
    pub fn new(tx: mpsc::Sender<Outgoing>) -> ClientHandle {
        ClientHandle {
            tx,
            kill: Arc::new(Notify::new()),
        }
    }

    /// Queues without waiting; `false` when the queue is full or the connection is gone.
    pub fn try_send(&self, out: Outgoing) -> bool {
        self.tx.try_send(out).is_ok()
    }

    /// Queues without waiting; a client whose queue is full cannot keep up and is disconnected
    /// (it reconnects and is backfilled). One that is gone is left alone: its connection is still
    /// reading and applying what the client sent before it went. `false` when not queued.
    pub fn send_or_disconnect(&self, out: Outgoing) -> bool {
        if self.try_send(out) {
            return true;
        }
        if !self.is_gone() {
            self.disconnect();
        }
        false
    }

    /// The connection's writer has stopped: nothing sent to this client reaches it any more.
    pub fn is_gone(&self) -> bool {
        self.tx.is_closed()
    }

    /// Closes the connection: it leaves every room and the client must reconnect.
    pub fn disconnect(&self) {
        // `notify_one` keeps a permit, so the connection sees it even if it is busy right now.
        self.kill.notify_one();
    }
}

pub type ClientSender = ClientHandle;

struct RoomState {
    doc: MapDoc,
    last_update: i64,
    since_compact: i64,
    /// Bytes the document takes on disk (snapshot and updates), held under its limit.
    stored_bytes: usize,
    clients: HashMap<ClientId, ClientSender>,
    projection_dirty: bool,
    last_projection: Instant,
    /// Set when the room leaves the registry; a late joiner must open a fresh one.
    closed: bool,
    /// The snapshot frames a client with nothing receives (see `newcomer.rs`).
    newcomer: Option<newcomer::NewcomerFrames>,
    /// A compaction was marked due and has not finished (see `compaction.rs`).
    compacting: bool,
    /// Kept open until then with nobody joined: a tab fetched the snapshot and is about to join.
    held_until: Option<Instant>,
    /// Bumped whenever the counters above are set anew (a reload, a compaction), so a compaction
    /// that ran without the room knows whether its counts still apply.
    generation: u64,
    /// Batches imported into the replica whose commit has not been taken in yet (`apply.rs`),
    /// and the bytes they hold (counted against the document's limit).
    in_flight: usize,
    in_flight_bytes: usize,
    /// Batches numbered as they are imported; they are answered in that order.
    batches_started: u64,
    batches_finished: u64,
    /// Batches whose commit failed, ever (an update known only from one is answered by it).
    failed_batches: u64,
    /// Someone waits for nothing to be in flight (`quiet.rs`): no batch is imported meanwhile.
    settling: bool,
    /// The chain the room's batches are queued on; replaced after a failed commit, once the room
    /// has reloaded.
    chain: Arc<AppendChain>,
}

pub struct Room {
    map_id: String,
    state: Mutex<RoomState>,
    /// Updates waiting for the room, and the answers for those another caller stored.
    queue: apply::ApplyQueue,
    /// Set when a batch brought the room to the compaction threshold; taken by the caller that
    /// then compacts, after acknowledging (see `compaction.rs`).
    compaction_due: AtomicBool,
    /// Signalled whenever a batch is answered or a settle ends (`quiet.rs`, `apply.rs`).
    changed: Condvar,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic inside import is caught and the document reloaded, so the state behind a
    // poisoned lock is still consistent.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

const PROJECTION_EVERY: Duration = Duration::from_secs(1);

/// How long a room opened for a tab's snapshot waits for that tab's join before it closes.
pub const SNAPSHOT_HOLD: Duration = Duration::from_secs(15);

impl Room {
    fn load(store: &Store, map_id: &str) -> Result<Room, HostError> {
        let mut stored = store.load_map(map_id)?;
        // A map of an older schema is brought up to date once, as a stored edit of the host's.
        let before = stored.doc.version();
        if stored.doc.upgrade()? {
            let update = stored.doc.export_since(&before)?;
            stored.last_update = store.append_updates(map_id, std::slice::from_ref(&update))?;
            stored.pending_updates += 1;
            tracing::info!(map = %map_id, "upgraded the map document's schema");
        }
        Ok(Room {
            map_id: map_id.to_owned(),
            state: Mutex::new(RoomState {
                doc: stored.doc,
                last_update: stored.last_update,
                since_compact: stored.pending_updates,
                stored_bytes: stored.stored_bytes,
                clients: HashMap::new(),
                projection_dirty: false,
                last_projection: Instant::now(),
                closed: false,
                newcomer: None,
                compacting: false,
                held_until: None,
                generation: 0,
                in_flight: 0,
                in_flight_bytes: 0,
                batches_started: 0,
                batches_finished: 0,
                failed_batches: 0,
                settling: false,
                chain: Arc::default(),
            }),
            queue: apply::ApplyQueue::default(),
            compaction_due: AtomicBool::new(false),
            changed: Condvar::new(),
        })
    }

    /// Registers a client and queues, in order, the join answer and everything the client
    /// lacks. Queued before registration so no broadcast can overtake the join answer.
    fn join(
        &self,
        client: ClientId,
        sender: &ClientSender,
        client_version: &[u8],
        grant: &JoinGrant,
    ) -> Result<bool, HostError> {
        // A joiner receives only what is on disk.
        self.quietly(|state| self.join_quiet(state, client, sender, client_version, grant))
    }

    fn join_quiet(
        &self,
        state: &mut RoomState,
        client: ClientId,
        sender: &ClientSender,
        client_version: &[u8],
        grant: &JoinGrant,
    ) -> Result<bool, HostError> {
        if state.closed {
            return Ok(false);
        }
        // A client with nothing (or an unreadable version) gets the kept snapshot; one that
        // knows part of the map gets what it lacks.
        let known = if MapDoc::knows_nothing(client_version) {
            Err(())
        } else {
            state.doc.export_since(client_version).map_err(|_| ())
        };
        let (backfill, newcomer) = match known {
            Ok(backfill) => (
                protocol::doc_update_frames(&self.map_id, backfill)?,
                Vec::new(),
            ),
            Err(()) => (Vec::new(), self.newcomer_messages(state)?),
        };
        // The answer is made last, so the host's clock it carries is read as it leaves (what
        // goes with it was exported above).
        let mut frames = vec![protocol::join_ok(
            CrdtType::Loro,
            &self.map_id,
            state.doc.version(),
            grant.can_edit,
            Some(grant.extra()?),
        )?];
        frames.extend(backfill);
        let mut messages = vec![Arc::new(frames)];
        messages.extend(newcomer);
        for message in messages {
            if !sender.try_send(Outgoing::Frames(message)) {
                return Err(HostError::Internal("the client's queue is full".into()));
            }
        }
        state.clients.insert(client, sender.clone());
        Ok(true)
    }

    /// Makes an edit on the host's own replica (e.g. a rename from the map list), stores it and
    /// sends it to every client, as if one more participant had made it.
    pub fn edit(
        &self,
        store: &Store,
        f: impl FnOnce(&MapDoc) -> Result<(), ModelError>,
    ) -> Result<(), HostError> {
        // With nothing in flight, the edit is stored on its own and a failure reloads only it.
        self.quietly(|state| self.edit_quiet(store, state, f))
    }

    fn edit_quiet(
        &self,
        store: &Store,
        state: &mut RoomState,
        f: impl FnOnce(&MapDoc) -> Result<(), ModelError>,
    ) -> Result<(), HostError> {
        let before = state.doc.version();
        if let Err(e) = f(&state.doc) {
            self.reload(store, state);
            return Err(e.into());
        }
        let update = state.doc.export_since(&before)?;
        if update.is_empty() {
            return Ok(());
        }
        // The host's own edits (a rename, a brainstorm's reveal) keep the limit a client's do.
        if let Err(refusal) = within_document_limit(state.stored_bytes, update.len()) {
            self.reload(store, state);
            return Err(HostError::BadRequest(refusal.to_string()));
        }

        match store.append_updates(&self.map_id, std::slice::from_ref(&update)) {
            Ok(last) => {
                state.last_update = last;
                state.since_compact += 1;
                state.stored_bytes += update.len();
            }
            Err(e) => {
                self.reload(store, state);
                return Err(e.into());
            }
        }
        let frames = Arc::new(protocol::doc_update_frames(&self.map_id, update)?);
        state
            .clients
            .retain(|_, sender| sender.send_or_disconnect(Outgoing::Frames(frames.clone())));
        self.refresh_projection(store, state);
        Ok(())
    }

    pub fn leave(&self, store: &Store, client: ClientId) -> bool {
        let mut state = self.settled();
        state.clients.remove(&client);
        let empty = state.clients.is_empty();
        if empty {
            let (_state, ()) = self.drained(state, |state| self.flush(store, state));
        }
        empty
    }

    /// Writes a pending projection refresh (called from the host's ticker).
    pub fn tick(&self, store: &Store) {
        let mut state = self.settled();
        if state.projection_dirty && state.last_projection.elapsed() >= PROJECTION_EVERY {
            self.refresh_projection(store, &mut state);
        }
    }

    /// Writes a pending projection refresh now (before a backup, so its map list is current).
    pub fn refresh_now(&self, store: &Store) {
        let mut state = self.settled();
        if state.projection_dirty {
            self.refresh_projection(store, &mut state);
        }
    }

    /// Compacts and refreshes the projection, e.g. when the room empties or the host stops.
    pub fn flush_now(&self, store: &Store) {
        self.quietly(|state| self.flush(store, state));
    }

    /// Compacts and refreshes the projection; call with nothing in flight ([`Room::quietly`]).
    fn flush(&self, store: &Store, state: &mut RoomState) {
        if state.since_compact > 0 {
            self.compact(store, state);
        }
        if state.projection_dirty {
            self.refresh_projection(store, state);
        }
    }

    fn reload(&self, store: &Store, state: &mut RoomState) {
        match store.load_map(&self.map_id) {
            Ok(stored) => {
                state.newcomer = None;
                state.doc = stored.doc;
                state.last_update = stored.last_update;
                state.since_compact = stored.pending_updates;
                state.stored_bytes = stored.stored_bytes;
                state.generation += 1;
            }
            Err(e) => tracing::error!(map = %self.map_id, error = %e, "reloading a map failed"),
        }
    }

    fn refresh_projection(&self, store: &Store, state: &mut RoomState) {
        if let Err(e) = store.refresh_projection(&self.map_id, &state.doc.view()) {
            tracing::warn!(map = %self.map_id, error = %e, "projection refresh failed");
        }
        state.projection_dirty = false;
        state.last_projection = Instant::now();
    }
}
