//! Waiting for a room to have nothing in flight.
//!
//! A room imports its next batch of updates while the previous one is being committed
//! (`apply.rs`), so its replica may hold updates that are not on disk yet. Most readers do not
//! mind (the projection's title and counts). Those that hand the replica on or rebuild it do:
//! a joiner receives only what is durable, a compaction's snapshot must be exactly what is on disk
//! up to the room's last stored update, and a reload from disk would drop the batches still being
//! committed. They run [`Room::quietly`]: it stops new batches from being imported (`settling`),
//! waits for those in flight to be answered, runs, and lets imports go on.
//!
//! At most one caller settles a room at a time: one can only start while holding the room with
//! nobody settling ([`Room::settled`]), and a batch is never imported while someone settles.

use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::MutexGuard;

use super::{lock, Room, RoomState};

pub(super) type Held<'a> = MutexGuard<'a, RoomState>;

impl Room {
    /// Releases the room until its state changes (a batch answered, a settle over), then holds
    /// it again.
    pub(super) fn wait<'a>(&'a self, state: Held<'a>) -> Held<'a> {
        self.changed.wait(state).unwrap_or_else(|p| p.into_inner())
    }

    /// Tells everyone waiting on the room that its state changed.
    pub(super) fn notify(&self) {
        self.changed.notify_all();
    }

    /// The room, once nobody is settling it.
    pub(super) fn settled(&self) -> Held<'_> {
        let mut state = lock(&self.state);
        while state.settling {
            state = self.wait(state);
        }
        state
    }

    /// Runs `f` on the room once nothing of it is in flight; no batch is imported until `f` has
    /// returned.
    pub(super) fn quietly<R>(&self, f: impl FnOnce(&mut RoomState) -> R) -> R {
        let state = self.settled();
        self.drained(state, f).1
    }

    /// As [`Room::quietly`], for a caller that already holds the room (and is not settling it).
    pub(super) fn drained<'a, R>(
        &'a self,
        mut state: Held<'a>,
        f: impl FnOnce(&mut RoomState) -> R,
    ) -> (Held<'a>, R) {
        state.settling = true;
        while state.in_flight > 0 {
            state = self.wait(state);
        }
        // A panic in `f` must not leave the room settling: every apply, join and tick on it would
        // wait for ever.
        let result = catch_unwind(AssertUnwindSafe(|| f(&mut state)));
        state.settling = false;
        self.notify();
        match result {
            Ok(result) => (state, result),
            Err(panic) => {
                drop(state);
                resume_unwind(panic)
            }
        }
    }
}
