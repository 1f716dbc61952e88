//! Clients' updates to a room, applied in batches (group commit), pipelined.
//!
//! Storing an update durably costs one fsync (~8 ms on a laptop disk). Updates that arrive while
//! the room is busy wait in the room's queue; the next caller to get the room takes the whole
//! queue as a batch, checks and imports each update on its own, and queues the accepted ones for
//! the store's commit — shared with the other rooms storing at that moment (`wayline_store`
//! `appends.rs`), so one fsync covers several rooms. Then it *releases the room* while the commit
//! runs: the next batch is checked, imported and queued meanwhile, and can join the very next
//! commit instead of waiting for the room. Once its commit is durable a batch takes the room again
//! and, in the order the batches were imported, answers each caller (who acknowledges) and sends
//! each update to the other participants. A refused update costs only itself and is answered at
//! once.
//!
//! Batches in flight build on one another, so they are queued on the room's [`AppendChain`]: if
//! one fails to be stored, every later one is refused unwritten, and the room reloads what the
//! file holds once the failed one is answered (its callers and the later ones are told the change
//! was not saved; their clients send it again). Whatever hands the replica on or rebuilds it
//! (a join, a compaction's snapshot, a reload after a refused update) waits until nothing is in
//! flight (`quiet.rs`).
//!
//! Compaction is not done here: a batch that brings the room to the threshold only marks it due,
//! and the connection runs it after acknowledging (`compaction.rs`).
//!
//! Measured with `host_bench` and every fsync delayed by 8 ms (docs/benchmarks.md): with the room
//! held through its commit, a room's participants fell into two cohorts a commit apart and every
//! edit waited about four commits.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering;
use std::sync::Arc;

use wayline_model::{ModelError, Writer};
use wayline_store::group::{GroupCommit, Ticket, Turn};
use wayline_store::{AppendChain, Store, COMPACT_AFTER_UPDATES};

use super::quiet::Held;
use super::{precheck, ClientId, Outgoing, Refusal, Room, RoomState};
use crate::protocol;
use crate::room_checks::within_document_limit;

/// A client's updates waiting for the room.
pub(super) struct Queued {
    from: ClientId,
    /// Who sent them: what they may write depends on it.
    writer: Writer,
    updates: Vec<Vec<u8>>,
}

impl Queued {
    fn bytes(&self) -> usize {
        self.updates.iter().map(Vec::len).sum()
    }
}

/// Updates waiting for the room, and the answers for callers whose updates another caller
/// already stored.
pub(super) type ApplyQueue = GroupCommit<Queued, Result<(), Refusal>>;

type Answers = Vec<(Ticket, Result<(), Refusal>)>;

/// How one update fared in [`Room::check_and_import`].
enum Checked {
    /// Imported and new: to be stored and sent.
    New,
    /// Nothing the room did not have already.
    Known,
    /// Refused; `touched` when the replica may hold part of it.
    Refused { refusal: Refusal, touched: bool },
}

/// What checking and importing a batch gave.
struct Imported<'a> {
    state: Held<'a>,
    /// Answers for the updates refused or already on disk.
    answers: Answers,
    /// Updates the replica knew only from a batch not stored yet.
    known: Vec<Ticket>,
    accepted: Vec<(Ticket, Queued)>,
    /// The chain to queue them on.
    chain: Arc<AppendChain>,
}

/// The updates accepted earlier in a batch, after a reload ([`Room::reimport`]).
struct Reimported {
    kept: Vec<(Ticket, Queued)>,
    refused: Answers,
}

/// The answers of updates known from a batch in flight, once that batch is `stored` or not.
fn known_answers(known: Vec<Ticket>, stored: bool) -> Answers {
    let answer = || {
        if stored {
            Ok(())
        } else {
            let why = wayline_store::StoreError::EarlierChangeFailed.to_string();
            Err(Refusal::Storage(why))
        }
    };
    known.into_iter().map(|t| (t, answer())).collect()
}

/// A batch imported into the replica and queued for the store, waiting for its commit.
struct InFlight {
    /// Its place among the room's batches: answered in this order.
    number: u64,
    accepted: Vec<(Ticket, Queued)>,
    bytes: usize,
    updates: usize,
    chain: Arc<AppendChain>,
}

impl Room {
    /// Imports the facilitator's updates, stores them durably, then sends them to the other
    /// clients. Returns once the updates are on disk, so the caller may acknowledge.
    #[cfg(test)]
    pub fn apply(
        &self,
        store: &Store,
        from: ClientId,
        updates: Vec<Vec<u8>>,
    ) -> Result<(), Refusal> {
        self.apply_from(store, from, Writer::Facilitator, updates)
    }

    /// As [`Room::apply`], for updates `writer` sent (a participant may not write everything the
    /// facilitator may).
    pub fn apply_from(
        &self,
        store: &Store,
        from: ClientId,
        writer: Writer,
        updates: Vec<Vec<u8>>,
    ) -> Result<(), Refusal> {
        let ticket = self.queue.enqueue(Queued {
            from,
            writer,
            updates,
        });
        let mut state = super::lock(&self.state);
        let batch = loop {
            if let Some(answer) = self.queue.answer(ticket) {
                return answer;
            }
            if !state.settling {
                match self.queue.turn(ticket) {
                    Turn::Answered(answer) => return answer,
                    Turn::Lead(batch) => break batch,
                    // In a batch being stored: its answer comes when that batch is done.
                    Turn::Taken => {}
                }
            }
            state = self.wait(state);
        };
        let imported = self.import_batch(store, state, batch);
        let (mut state, accepted, known) = (imported.state, imported.accepted, imported.known);
        let mut mine = self.queue.post(ticket, imported.answers);
        if accepted.is_empty() {
            if !known.is_empty() {
                // Known only because a batch in flight holds them: answered once it is stored.
                let failures = state.failed_batches;
                state = self.drained(state, |_| ()).0;
                let stored = state.failed_batches == failures;
                mine = mine.or(self.queue.post(ticket, known_answers(known, stored)));
            }
            self.notify();
            return mine.unwrap_or_else(not_processed);
        }
        let (in_flight, queued) = self.queue_for_store(store, &mut state, accepted, imported.chain);
        // Callers refused or with nothing new may leave now.
        self.notify();
        drop(state);

        // A panic in the store (its leader unwinding) must not leave this batch in flight for
        // ever: every later batch of the room would wait for it.
        let stored = catch_unwind(AssertUnwindSafe(|| store.finish_append(queued)))
            .unwrap_or(Err(wayline_store::StoreError::Interrupted));
        let mut state = super::lock(&self.state);
        while state.batches_finished != in_flight.number {
            state = self.wait(state);
        }
        let known = known_answers(known, stored.is_ok());
        let answers = self.finish_batch(store, &mut state, in_flight, stored);
        mine = mine.or(self.queue.post(ticket, answers.into_iter().chain(known)));
        if state.since_compact >= COMPACT_AFTER_UPDATES && !state.compacting {
            state.compacting = true;
            self.compaction_due.store(true, Ordering::Release);
        }
        self.notify();
        mine.unwrap_or_else(not_processed)
    }

    /// Checks and imports a batch (see [`Imported`]).
    fn import_batch<'a>(
        &'a self,
        store: &Store,
        mut state: Held<'a>,
        batch: Vec<(Ticket, Queued)>,
    ) -> Imported<'a> {
        let chain = state.chain.clone();
        let mut answers = Vec::with_capacity(batch.len());
        let mut known = Vec::new();
        let mut accepted: Vec<(Ticket, Queued)> = Vec::new();
        let mut accepted_bytes = 0;
        for (ticket, queued) in batch {
            match self.check_and_import(&mut state, &queued.writer, &queued.updates, accepted_bytes)
            {
                Checked::New => {
                    accepted_bytes += queued.bytes();
                    accepted.push((ticket, queued));
                }
                // Known from a batch not stored yet: answered with it, not before.
                Checked::Known if state.in_flight > 0 || !accepted.is_empty() => known.push(ticket),
                Checked::Known => answers.push((ticket, Ok(()))),
                Checked::Refused { refusal, touched } => {
                    if touched {
                        // The replica may hold part of the refused update: once the batches in
                        // flight are on disk, rebuild it from disk and the updates accepted
                        // before it in this batch.
                        let rebuilt;
                        (state, rebuilt) = self.drained(state, |state| {
                            self.reload(store, state);
                            self.reimport(state, &chain, std::mem::take(&mut accepted))
                        });
                        answers.extend(rebuilt.refused);
                        accepted = rebuilt.kept;
                        accepted_bytes = accepted.iter().map(|(_, q)| q.bytes()).sum();
                    }
                    answers.push((ticket, Err(refusal)));
                }
            }
        }
        // A drain above may have seen a batch in flight fail: the chain the rest go on is the
        // room's new one (what was accepted before was refused with it).
        let chain = state.chain.clone();
        Imported {
            state,
            answers,
            known,
            accepted,
            chain,
        }
    }

    /// After a reload, imports again the updates accepted earlier in the batch. If a batch in
    /// flight failed meanwhile (the room's chain was replaced), they may build on it: all are
    /// refused, and their clients send them again. One that no longer imports is refused alone.
    fn reimport(
        &self,
        state: &mut RoomState,
        chain: &Arc<AppendChain>,
        accepted: Vec<(Ticket, Queued)>,
    ) -> Reimported {
        let mut rebuilt = Reimported {
            kept: Vec::new(),
            refused: Vec::new(),
        };
        let failed_meanwhile = !Arc::ptr_eq(chain, &state.chain);
        for (ticket, queued) in accepted {
            let imports = !failed_meanwhile
                && queued.updates.iter().all(|u| match state.doc.import(u) {
                    Ok(()) => true,
                    Err(e) => {
                        tracing::error!(error = %e, "re-importing an accepted update");
                        false
                    }
                });
            if imports {
                rebuilt.kept.push((ticket, queued));
            } else if failed_meanwhile {
                let why = wayline_store::StoreError::EarlierChangeFailed.to_string();
                rebuilt.refused.push((ticket, Err(Refusal::Storage(why))));
            } else {
                rebuilt.refused.push((ticket, Err(Refusal::MissingHistory)));
            }
        }
        rebuilt
    }

    /// Queues accepted updates for the store's commit on `chain`, in import order.
    fn queue_for_store(
        &self,
        store: &Store,
        state: &mut RoomState,
        accepted: Vec<(Ticket, Queued)>,
        chain: Arc<AppendChain>,
    ) -> (InFlight, wayline_store::QueuedAppend) {
        let all: Vec<Vec<u8>> = accepted
            .iter()
            .flat_map(|(_, q)| q.updates.iter().cloned())
            .collect();
        let in_flight = InFlight {
            number: state.batches_started,
            bytes: accepted.iter().map(|(_, q)| q.bytes()).sum(),
            updates: all.len(),
            accepted,
            chain: chain.clone(),
        };
        let queued = store.queue_append(&self.map_id, all, Some(chain));
        state.batches_started += 1;
        state.in_flight += 1;
        state.in_flight_bytes += in_flight.bytes;
        (in_flight, queued)
    }

    /// Takes a batch's commit into the room (its turn come): counts it and sends its updates, or
    /// reloads what the file holds if it failed.
    fn finish_batch(
        &self,
        store: &Store,
        state: &mut RoomState,
        batch: InFlight,
        stored: Result<i64, wayline_store::StoreError>,
    ) -> Answers {
        state.batches_finished += 1;
        state.in_flight -= 1;
        state.in_flight_bytes -= batch.bytes;
        match stored {
            Ok(last) => {
                state.last_update = last;
                state.since_compact += batch.updates as i64;
                state.stored_bytes += batch.bytes;
                state.projection_dirty = true;
                // The projection (title, counts) is refreshed by the host's ticker, not here:
                // reading the whole map on the write path would delay the acknowledgement.
                let mut answers = Vec::with_capacity(batch.accepted.len());
                for (ticket, queued) in batch.accepted {
                    self.broadcast(state, queued.from, queued.updates);
                    answers.push((ticket, Ok(())));
                }
                answers
            }
            Err(e) => {
                state.failed_batches += 1;
                // The first failed batch of the chain reloads; the later ones of that chain were
                // refused unwritten and are already gone from the reloaded replica.
                if Arc::ptr_eq(&batch.chain, &state.chain) {
                    state.chain = Arc::new(AppendChain::default());
                    self.reload(store, state);
                }
                let why = e.to_string();
                batch
                    .accepted
                    .into_iter()
                    .map(|(ticket, _)| (ticket, Err(Refusal::Storage(why.clone()))))
                    .collect()
            }
        }
    }

    /// Checks one client's updates and imports them into the replica. `pending_bytes` are those
    /// accepted earlier in the batch and not stored yet.
    fn check_and_import(
        &self,
        state: &mut RoomState,
        writer: &Writer,
        updates: &[Vec<u8>],
        pending_bytes: usize,
    ) -> Checked {
        let before = state.doc.loro().oplog_vv();
        // Refuse what cannot apply before touching the replica, so a stream of bad updates
        // never makes the host reload the map from disk over and over.
        if let Some(refusal) = precheck(&before, updates) {
            return Checked::Refused {
                refusal,
                touched: false,
            };
        }
        let incoming: usize = updates.iter().map(Vec::len).sum();
        let held = state.stored_bytes + state.in_flight_bytes + pending_bytes;
        if let Err(refusal) = within_document_limit(held, incoming) {
            return Checked::Refused {
                refusal,
                touched: false,
            };
        }
        // Metric values a client may not store (an NPS of 1000): the UI refuses them with a
        // message; the host refuses an update that adds one, whoever sent it.
        let numbers_before = state.doc.metric_numbers();
        let entries_before = state.doc.entries_before();
        let sizes_before = state.doc.sizes();
        let imported = catch_unwind(AssertUnwindSafe(|| -> Result<(), ModelError> {
            for update in updates {
                state.doc.import(update)?;
            }
            state.doc.check_schema()?;
            state.doc.check_growth(sizes_before)?;
            if let Some((metric, field)) =
                state.doc.first_new_impossible_metric_value(&numbers_before)
            {
                return Err(ModelError::Invalid(format!(
                    "the {field} value of metric {metric} is outside what its kind allows"
                )));
            }
            match state
                .doc
                .first_new_invalid_entry_from(&entries_before, writer)
            {
                Some((_, why)) => Err(ModelError::Invalid(why)),
                None => Ok(()),
            }
        }));
        let refusal = match imported {
            Ok(Ok(())) if state.doc.loro().oplog_vv() == before => return Checked::Known,
            Ok(Ok(())) => return Checked::New,
            Ok(Err(ModelError::MissingHistory)) => Refusal::MissingHistory,
            Ok(Err(e)) => Refusal::Invalid(e.to_string()),
            Err(_) => Refusal::Invalid("the update could not be read".into()),
        };
        Checked::Refused {
            refusal,
            touched: true,
        }
    }

    /// Sends stored updates to every client but their sender.
    fn broadcast(&self, state: &mut RoomState, from: ClientId, updates: Vec<Vec<u8>>) {
        let mut frames = Vec::new();
        for update in updates {
            match protocol::doc_update_frames(&self.map_id, update) {
                Ok(f) => frames.extend(f),
                Err(e) => tracing::error!(error = %e, "could not encode a broadcast"),
            }
        }
        let frames = Arc::new(frames);
        state.clients.retain(|id, sender| {
            if *id == from {
                return true;
            }
            sender.send_or_disconnect(Outgoing::Frames(frames.clone()))
        });
    }
}

fn not_processed() -> Result<(), Refusal> {
    Err(Refusal::Storage("the update was not processed".into()))
}
