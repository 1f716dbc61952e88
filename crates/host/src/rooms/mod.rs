//! Sync rooms: one in-memory replica per open map, the clients joined to it, and the write
//! path — import, persist, broadcast, acknowledge — in that order, then compaction when due.
//!
//! Everything here is blocking (SQLite) and runs on tokio's blocking pool; a room's lock is a
//! std mutex that is never held across an `.await`.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, Notify};
use wayline_model::{MapDoc, ModelError};
use wayline_store::Store;

mod apply;
mod compaction;
mod newcomer;
#[cfg(test)]
mod tests;

pub(crate) use crate::room_checks::precheck;
pub use crate::room_checks::Refusal;
use crate::{protocol, HostError};
use loro_protocol::CrdtType;

pub type ClientId = u64;

/// What a joining client is granted, decided by the workshop before it reaches the room: whether
/// it may edit, and the join answer's `extra` bytes (its access as the UI reads it).
pub struct JoinGrant {
    pub can_edit: bool,
    pub extra: Vec<u8>,
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
}

pub struct Room {
    map_id: String,
    state: Mutex<RoomState>,
    /// Updates waiting for the room, and the answers for those another caller stored.
    queue: apply::ApplyQueue,
    /// Set when a batch brought the room to the compaction threshold; taken by the caller that
    /// then compacts, after acknowledging (see `compaction.rs`).
    compaction_due: AtomicBool,
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
            }),
            queue: apply::ApplyQueue::default(),
            compaction_due: AtomicBool::new(false),
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
        let mut state = lock(&self.state);
        if state.closed {
            return Ok(false);
        }
        let mut frames = vec![protocol::join_ok(
            CrdtType::Loro,
            &self.map_id,
            state.doc.version(),
            grant.can_edit,
            Some(grant.extra.clone()),
        )?];
        // A client with nothing (or an unreadable version) gets the kept snapshot; one that
        // knows part of the map gets what it lacks.
        let known = if MapDoc::knows_nothing(client_version) {
            Err(())
        } else {
            state.doc.export_since(client_version).map_err(|_| ())
        };
        let mut messages = Vec::new();
        match known {
            Ok(backfill) => {
                frames.extend(protocol::doc_update_frames(&self.map_id, backfill)?);
                messages.push(Arc::new(frames));
            }
            Err(()) => {
                messages.push(Arc::new(frames));
                messages.extend(self.newcomer_messages(&mut state)?);
            }
        }
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
        let mut state = lock(&self.state);
        let before = state.doc.version();
        if let Err(e) = f(&state.doc) {
            self.reload(store, &mut state);
            return Err(e.into());
        }
        let update = state.doc.export_since(&before)?;
        if update.is_empty() {
            return Ok(());
        }
        match store.append_updates(&self.map_id, std::slice::from_ref(&update)) {
            Ok(last) => {
                state.last_update = last;
                state.since_compact += 1;
                state.stored_bytes += update.len();
            }
            Err(e) => {
                self.reload(store, &mut state);
                return Err(e.into());
            }
        }
        let frames = Arc::new(protocol::doc_update_frames(&self.map_id, update)?);
        state
            .clients
            .retain(|_, sender| sender.send_or_disconnect(Outgoing::Frames(frames.clone())));
        self.refresh_projection(store, &mut state);
        Ok(())
    }

    pub fn leave(&self, store: &Store, client: ClientId) -> bool {
        let mut state = lock(&self.state);
        state.clients.remove(&client);
        let empty = state.clients.is_empty();
        if empty {
            self.flush(store, &mut state);
        }
        empty
    }

    /// Writes a pending projection refresh (called from the host's ticker).
    pub fn tick(&self, store: &Store) {
        let mut state = lock(&self.state);
        if state.projection_dirty && state.last_projection.elapsed() >= PROJECTION_EVERY {
            self.refresh_projection(store, &mut state);
        }
    }

    /// Writes a pending projection refresh now (before a backup, so its map list is current).
    pub fn refresh_now(&self, store: &Store) {
        let mut state = lock(&self.state);
        if state.projection_dirty {
            self.refresh_projection(store, &mut state);
        }
    }

    /// Compacts and refreshes the projection, e.g. when the room empties or the host stops.
    pub fn flush_now(&self, store: &Store) {
        let mut state = lock(&self.state);
        self.flush(store, &mut state);
    }

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

fn map_not_found(map_id: &str) -> HostError {
    HostError::Store(wayline_store::StoreError::NotFound {
        what: "map",
        id: map_id.to_owned(),
    })
}

/// The rooms currently open on this host.
pub struct Rooms {
    store: Arc<Store>,
    rooms: Mutex<HashMap<String, Arc<Room>>>,
}

impl Rooms {
    pub fn new(store: Arc<Store>) -> Rooms {
        Rooms {
            store,
            rooms: Mutex::new(HashMap::new()),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The room of a map, loading the map from disk on first use.
    pub fn open(&self, map_id: &str) -> Result<Arc<Room>, HostError> {
        if let Some(room) = lock(&self.rooms).get(map_id) {
            return Ok(room.clone());
        }
        // Only maps that are not in the trash can be opened, joined or written.
        if !self.store.map_is_live(map_id)? {
            return Err(map_not_found(map_id));
        }
        // Loading happens outside the registry lock; if two joins race, the first one wins.
        let loaded = Room::load(&self.store, map_id)?;
        self.register(map_id, loaded)
    }

    /// Puts a room just loaded into the registry (or takes the one another join put there
    /// first), then checks once more that its map is live. The map may have gone to the trash
    /// while it loaded: that eviction found no room to close, so the room would have stayed open
    /// and writable. Once registered, a later trashing finds the room; an earlier one is seen here.
    fn register(&self, map_id: &str, loaded: Room) -> Result<Arc<Room>, HostError> {
        let room = lock(&self.rooms)
            .entry(map_id.to_owned())
            .or_insert_with(|| Arc::new(loaded))
            .clone();
        match self.store.map_is_live(map_id) {
            Ok(true) => Ok(room),
            live => {
                // Only this room: another may have been opened since for the map restored.
                self.evict_room(map_id, &room, "the map was moved to the trash");
                Err(live
                    .err()
                    .map_or_else(|| map_not_found(map_id), HostError::from))
            }
        }
    }

    /// The map for a tab about to join it, as `GET /api/maps/{id}/snapshot` answers (see
    /// `newcomer.rs`). The room stays open for [`SNAPSHOT_HOLD`], so the join that follows does
    /// not load the map again.
    pub fn snapshot_for_joiner(&self, map_id: &str) -> Result<Arc<Vec<u8>>, HostError> {
        loop {
            let room = self.open(map_id)?;
            match room.snapshot_for_joiner(SNAPSHOT_HOLD)? {
                Some(newcomer::ForJoiner::Kept(body)) => return Ok(body),
                Some(newcomer::ForJoiner::Read(copy)) => {
                    let mut body = newcomer::joiner_body(&copy)?;
                    // Kept while the map is unchanged: without the slack it was written with.
                    body.shrink_to_fit();
                    let body = Arc::new(body);
                    room.keep_joiner_body(&copy.version, body.clone());
                    return Ok(body);
                }
                None => {}
            }
        }
    }

    /// Joins a client to a map's room (see [`Room::join`]).
    pub fn join(
        &self,
        map_id: &str,
        client: ClientId,
        sender: &ClientSender,
        client_version: &[u8],
        grant: &JoinGrant,
    ) -> Result<Arc<Room>, HostError> {
        loop {
            let room = self.open(map_id)?;
            if room.join(client, sender, client_version, grant)? {
                return Ok(room);
            }
        }
    }

    /// Edits a map through its room (loading it if nobody has it open), so that open windows
    /// see the change at once.
    pub fn edit(
        &self,
        map_id: &str,
        f: impl FnOnce(&MapDoc) -> Result<(), ModelError>,
    ) -> Result<(), HostError> {
        let room = self.open(map_id)?;
        let result = room.edit(&self.store, f);
        // A room nobody joined is not kept open.
        self.close_if_idle(map_id, &room);
        result
    }

    /// Closes a map's room at once (the map went to the trash or was purged): its clients are
    /// told they were evicted, and the map cannot be joined again until it is restored.
    pub fn evict(&self, map_id: &str, reason: &str) {
        let Some(room) = lock(&self.rooms).remove(map_id) else {
            return;
        };
        Self::close_evicted(&self.store, map_id, &room, reason);
    }

    /// Evicts `room` if it is still the map's registered room.
    fn evict_room(&self, map_id: &str, room: &Arc<Room>, reason: &str) {
        let removed = {
            let mut rooms = lock(&self.rooms);
            let same = rooms.get(map_id).is_some_and(|r| Arc::ptr_eq(r, room));
            same.then(|| rooms.remove(map_id)).flatten()
        };
        if let Some(room) = removed {
            Self::close_evicted(&self.store, map_id, &room, reason);
        }
    }

    fn close_evicted(store: &Store, map_id: &str, room: &Arc<Room>, reason: &str) {
        let mut state = lock(&room.state);
        room.flush(store, &mut state);
        state.closed = true;
        let frames = match protocol::evicted(map_id, reason) {
            Ok(f) => Arc::new(vec![f]),
            Err(_) => Arc::new(Vec::new()),
        };
        for (_, client) in state.clients.drain() {
            if !client.try_send(Outgoing::Frames(frames.clone())) {
                client.disconnect();
            }
        }
    }

    pub fn get(&self, map_id: &str) -> Option<Arc<Room>> {
        lock(&self.rooms).get(map_id).cloned()
    }

    pub fn leave(&self, map_id: &str, client: ClientId) {
        if let Some(room) = self.get(map_id) {
            if room.leave(&self.store, client) {
                self.close_if_idle(map_id, &room);
            }
        }
    }

    /// Drops a room's replica once nobody is joined (it was flushed to disk already).
    fn close_if_idle(&self, map_id: &str, room: &Arc<Room>) {
        let mut rooms = lock(&self.rooms);
        if let Some(r) = rooms.get(map_id).filter(|r| Arc::ptr_eq(r, room)) {
            let mut state = lock(&r.state);
            let held = state.held_until.is_some_and(|until| Instant::now() < until);
            if state.clients.is_empty() && !held {
                room.flush(&self.store, &mut state);
                state.closed = true;
                drop(state);
                rooms.remove(map_id);
            }
        }
    }

    pub fn tick(&self) {
        let rooms: Vec<(String, Arc<Room>)> = lock(&self.rooms)
            .iter()
            .map(|(id, room)| (id.clone(), room.clone()))
            .collect();
        for (map_id, room) in rooms {
            room.tick(&self.store);
            // A room held open for a join that never came closes once the hold has passed.
            let hold_passed = {
                let mut state = lock(&room.state);
                let passed = state
                    .held_until
                    .is_some_and(|until| Instant::now() >= until);
                if passed {
                    state.held_until = None;
                }
                passed
            };
            if hold_passed {
                self.close_if_idle(&map_id, &room);
            }
        }
    }

    /// Brings every open map's projection (title, counts) up to date at once.
    pub fn refresh_projections(&self) {
        let rooms: Vec<Arc<Room>> = lock(&self.rooms).values().cloned().collect();
        for room in rooms {
            room.refresh_now(&self.store);
        }
    }

    pub fn flush_all(&self) {
        let rooms: Vec<Arc<Room>> = lock(&self.rooms).values().cloned().collect();
        for room in rooms {
            room.flush_now(&self.store);
        }
    }
}
