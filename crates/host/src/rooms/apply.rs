//! Clients' updates to a room, applied in batches (group commit).
//!
//! Storing an update durably costs one fsync (~8 ms on a laptop disk). Updates that arrive while
//! the room is busy storing earlier ones wait in the room's queue; the next caller to get the room
//! takes the whole queue, checks and imports each update on its own, stores all accepted ones
//! together — in a transaction the store shares with the other rooms storing at that moment
//! (`wayline_store` `appends.rs`), so one fsync covers several rooms — and only then answers each
//! caller (who acknowledges) and sends each update to the other participants. A refused update
//! costs only itself. The queue is the same leader/follower helper the store uses
//! ([`GroupCommit`]).
//!
//! Compaction is not done here: a batch that brings the room to the threshold only marks it due,
//! and the connection runs it after acknowledging (`compaction.rs`).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering;
use std::sync::Arc;

use wayline_model::{ModelError, Writer};
use wayline_store::group::{GroupCommit, Ticket, Turn};
use wayline_store::{Store, COMPACT_AFTER_UPDATES};

use super::{lock, precheck, ClientId, Outgoing, Refusal, Room, RoomState};
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

/// How one update fared in [`Room::check_and_import`].
enum Checked {
    /// Imported and new: to be stored and sent.
    New,
    /// Nothing the room did not have already.
    Known,
    /// Refused; `touched` when the replica may hold part of it.
    Refused { refusal: Refusal, touched: bool },
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
        let mut state = lock(&self.state);
        let batch = match self.queue.turn(ticket) {
            Turn::Answered(answer) => return answer,
            Turn::Lead(batch) => batch,
        };
        let answers = self.apply_batch(store, &mut state, batch);
        // Answers are posted before the room is released, so a caller whose updates were in
        // this batch finds its answer as soon as it gets the room.
        let mine = self.queue.post(ticket, answers);
        if state.since_compact >= COMPACT_AFTER_UPDATES && !state.compacting {
            state.compacting = true;
            self.compaction_due.store(true, Ordering::Release);
        }
        mine.unwrap_or_else(|| Err(Refusal::Storage("the update was not processed".into())))
    }

    fn apply_batch(
        &self,
        store: &Store,
        state: &mut RoomState,
        batch: Vec<(Ticket, Queued)>,
    ) -> Vec<(Ticket, Result<(), Refusal>)> {
        let mut answers = Vec::with_capacity(batch.len());
        let mut accepted: Vec<(Ticket, Queued)> = Vec::new();
        let mut accepted_bytes = 0;
        for (ticket, queued) in batch {
            match self.check_and_import(state, &queued.writer, &queued.updates, accepted_bytes) {
                Checked::New => {
                    accepted_bytes += queued.bytes();
                    accepted.push((ticket, queued));
                }
                Checked::Known => answers.push((ticket, Ok(()))),
                Checked::Refused { refusal, touched } => {
                    if touched {
                        // The replica may hold part of the refused update: rebuild it from disk
                        // and the updates accepted before it in this batch.
                        self.reload(store, state);
                        for update in accepted.iter().flat_map(|(_, q)| &q.updates) {
                            if let Err(e) = state.doc.import(update) {
                                tracing::error!(error = %e, "re-importing an accepted update");
                            }
                        }
                    }
                    answers.push((ticket, Err(refusal)));
                }
            }
        }
        if accepted.is_empty() {
            return answers;
        }
        let all: Vec<Vec<u8>> = accepted
            .iter()
            .flat_map(|(_, q)| q.updates.iter().cloned())
            .collect();
        match store.append_updates(&self.map_id, &all) {
            Ok(last) => {
                state.last_update = last;
                state.since_compact += all.len() as i64;
                state.stored_bytes += accepted_bytes;
            }
            Err(e) => {
                self.reload(store, state);
                let why = e.to_string();
                for (ticket, _) in accepted {
                    answers.push((ticket, Err(Refusal::Storage(why.clone()))));
                }
                return answers;
            }
        }
        state.projection_dirty = true;
        for (ticket, queued) in accepted {
            self.broadcast(state, queued.from, queued.updates);
            answers.push((ticket, Ok(())));
        }
        // The projection (title, counts) is refreshed by the host's ticker, not here: reading the
        // whole map on the write path would delay the acknowledgement.
        answers
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
        if let Err(refusal) = within_document_limit(state.stored_bytes + pending_bytes, incoming) {
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
