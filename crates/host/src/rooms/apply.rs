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
        let (mut state, answers, accepted) = self.import_batch(store, state, batch);
        let mut mine = self.queue.post(ticket, answers);
        if accepted.is_empty() {
            self.notify();
            return mine.unwrap_or_else(not_processed);
        }
        let (in_flight, queued) = self.queue_for_store(store, &mut state, accepted);
        // Callers refused or with nothing new may leave now.
        self.notify();
        drop(state);

        let stored = store.finish_append(queued);
        let mut state = super::lock(&self.state);
        while state.batches_finished != in_flight.number {
            state = self.wait(state);
        }
        let answers = self.finish_batch(store, &mut state, in_flight, stored);
        mine = mine.or(self.queue.post(ticket, answers));
        if state.since_compact >= COMPACT_AFTER_UPDATES && !state.compacting {
            state.compacting = true;
            self.compaction_due.store(true, Ordering::Release);
        }
        self.notify();
        mine.unwrap_or_else(not_processed)
    }

    /// Checks and imports a batch: the answers of the updates refused or already known, and
    /// the accepted ones.
    fn import_batch<'a>(
        &'a self,
        store: &Store,
        mut state: Held<'a>,
        batch: Vec<(Ticket, Queued)>,
    ) -> (Held<'a>, Answers, Vec<(Ticket, Queued)>) {
        let mut answers = Vec::with_capacity(batch.len());
        let mut accepted: Vec<(Ticket, Queued)> = Vec::new();
        let mut accepted_bytes = 0;
        for (ticket, queued) in batch {
            match self.check_and_import(&mut state, &queued.writer, &queued.updates, accepted_bytes)
            {
                Checked::New => {
                    accepted_bytes += queued.bytes();
                    accepted.push((ticket, queued));
                }
                Checked::Known => answers.push((ticket, Ok(()))),
                Checked::Refused { refusal, touched } => {
                    if touched {
                        // The replica may hold part of the refused update: once the batches in
                        // flight are on disk, rebuild it from disk and the updates accepted
                        // before it in this batch.
                        state = self
                            .drained(state, |state| {
                                self.reload(store, state);
                                for update in accepted.iter().flat_map(|(_, q)| &q.updates) {
                                    if let Err(e) = state.doc.import(update) {
                                        tracing::error!(error = %e, "re-importing an accepted update");
                                    }
                                }
                            })
                            .0;
                    }
                    answers.push((ticket, Err(refusal)));
                }
            }
        }
        (state, answers, accepted)
    }

    /// Queues accepted updates for the store's commit on the room's chain, in import order.
    fn queue_for_store(
        &self,
        store: &Store,
        state: &mut RoomState,
        accepted: Vec<(Ticket, Queued)>,
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
            chain: state.chain.clone(),
        };
        let queued = store.queue_append(&self.map_id, all, Some(state.chain.clone()));
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Arc;

    use wayline_store::Store;

    use super::super::tests::{card_update, new_room};
    use crate::room_checks::Refusal;

    #[test]
    fn concurrent_clients_are_stored_in_shared_transactions_and_every_answer_is_right() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(Store::open(dir.path()).unwrap());
        let room = new_room(&store);
        let template_cards = store.load_map(&room.map_id).unwrap().doc.view().cards.len();
        let writes_before = store.writes();

        const CLIENTS: u64 = 8;
        const EDITS: usize = 25;
        let threads: Vec<_> = (0..CLIENTS)
            .map(|c| {
                let (store, room) = (store.clone(), room.clone());
                std::thread::spawn(move || {
                    let client = store.load_map(&room.map_id).unwrap().doc;
                    for i in 0..EDITS {
                        let update = card_update(&client, i, &format!("客户 {c} 的卡片 {i}"));
                        room.apply(&store, c, vec![update]).unwrap();
                        // Every fifth edit is followed by bytes that are no update: refused,
                        // alone, without costing the others in its batch.
                        if i % 5 == 0 {
                            let bad = room.apply(&store, c, vec![b"junk".to_vec()]);
                            assert!(matches!(bad, Err(Refusal::Invalid(_))));
                        }
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let total = CLIENTS as usize * EDITS;
        let transactions = store.writes() - writes_before;
        eprintln!("{total} updates stored in {transactions} transactions");
        assert!(transactions as usize <= total);

        // Everything acknowledged is on disk, once.
        let stored = store.load_map(&room.map_id).unwrap().doc.view();
        assert_eq!(stored.cards.len(), template_cards + total);
        for c in 0..CLIENTS {
            for i in 0..EDITS {
                let text = format!("客户 {c} 的卡片 {i}");
                assert!(stored.cards.iter().any(|card| card.text == text), "{text}");
            }
        }
    }
}
