//! The registry of the rooms open on this host: a map's room is loaded on first use, kept while
//! anyone is joined (or a joiner's snapshot was just handed out), evicted when the map goes to the
//! trash, and closed once idle.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use wayline_model::{MapDoc, ModelError};
use wayline_store::Store;

use super::{lock, newcomer, ClientId, ClientSender, JoinGrant, Outgoing, Room, SNAPSHOT_HOLD};
use crate::refusal::eviction;
use crate::{protocol, HostError};

fn map_not_found(map_id: &str) -> HostError {
    HostError::Store(wayline_store::StoreError::NotFound {
        what: "map",
        id: map_id.to_owned(),
    })
}

/// The rooms currently open on this host.
pub struct Rooms {
    store: Arc<Store>,
    pub(super) rooms: Mutex<HashMap<String, Arc<Room>>>,
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
    pub(super) fn register(&self, map_id: &str, loaded: Room) -> Result<Arc<Room>, HostError> {
        let room = lock(&self.rooms)
            .entry(map_id.to_owned())
            .or_insert_with(|| Arc::new(loaded))
            .clone();
        match self.store.map_is_live(map_id) {
            Ok(true) => Ok(room),
            live => {
                // Only this room: another may have been opened since for the map restored.
                self.evict_room(map_id, &room, eviction::MAP_TRASHED);
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

    /// Reads a map through its room (loading it if nobody has it open), once nothing of it is in
    /// flight: what every open window sees.
    pub fn read<R>(&self, map_id: &str, f: impl FnOnce(&MapDoc) -> R) -> Result<R, HostError> {
        let room = self.open(map_id)?;
        let out = room.quietly(|state| f(&state.doc));
        self.close_if_idle(map_id, &room);
        Ok(out)
    }

    /// Reads a plain value of a map without waiting for its room to settle: the open room's
    /// replica as it is (batches in flight included), or the map read through [`Rooms::read`]
    /// when nobody has it open. For what a screen polls (a brainstorm's round), so that polling
    /// never holds back the room's imports.
    pub fn peek<R>(&self, map_id: &str, f: impl FnOnce(&MapDoc) -> R) -> Result<R, HostError> {
        match self.get(map_id) {
            Some(room) => Ok(f(&lock(&room.state).doc)),
            None => self.read(map_id, f),
        }
    }

    /// Closes a map's room at once (the map went to the trash or was purged): its clients are
    /// told they were evicted, with `reason` one of `refusal::eviction`'s codes (which the page
    /// words), and the map cannot be joined again until it is restored.
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
        let mut state = room.settled();
        state = room.drained(state, |state| room.flush(store, state)).0;
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

    /// Drops a room's replica once nobody is joined (it was flushed to disk already). The room
    /// is closed without the registry's lock, which every open and join needs: closing waits for
    /// the room's commits in flight. A join meanwhile finds it closed and opens it anew.
    fn close_if_idle(&self, map_id: &str, room: &Arc<Room>) {
        let registered = |rooms: &HashMap<String, Arc<Room>>| {
            rooms.get(map_id).is_some_and(|r| Arc::ptr_eq(r, room))
        };
        if !registered(&lock(&self.rooms)) {
            return;
        }
        let closed = room.quietly(|state| {
            let held = state.held_until.is_some_and(|until| Instant::now() < until);
            let idle = state.clients.is_empty() && !held && !state.closed;
            if idle {
                room.flush(&self.store, state);
                state.closed = true;
            }
            idle
        });
        if closed {
            let mut rooms = lock(&self.rooms);
            if registered(&rooms) {
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
