//! Clients' updates to a room, applied in batches (group commit).
//!
//! Storing an update durably costs one fsync (~8 ms on a laptop disk). Updates that arrive while
//! the room is busy storing earlier ones wait in the room's queue; the next caller to get the room
//! takes the whole queue, checks and imports each update on its own, stores all accepted ones in
//! one transaction — one fsync — and only then answers each caller (who acknowledges) and sends
//! each update to the other participants. A refused update costs only itself.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use wayline_model::ModelError;
use wayline_store::{Store, COMPACT_AFTER_UPDATES};

use super::{lock, precheck, ClientId, Outgoing, Refusal, Room, RoomState};
use crate::protocol;
use crate::room_checks::within_document_limit;

/// A client's updates waiting for the room.
struct Queued {
    ticket: u64,
    from: ClientId,
    updates: Vec<Vec<u8>>,
}

impl Queued {
    fn bytes(&self) -> usize {
        self.updates.iter().map(Vec::len).sum()
    }
}

/// Updates waiting for the room, and the answers for callers whose updates another caller
/// already stored. Locked only briefly, and never while waiting for the room's state.
#[derive(Default)]
pub(super) struct ApplyQueue {
    next_ticket: u64,
    waiting: Vec<Queued>,
    answered: HashMap<u64, Result<(), Refusal>>,
}

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
    /// Imports a client's updates, stores them durably, then sends them to the other clients.
    /// Returns once the updates are on disk, so the caller may acknowledge.
    pub fn apply(
        &self,
        store: &Store,
        from: ClientId,
        updates: Vec<Vec<u8>>,
    ) -> Result<(), Refusal> {
        let ticket = {
            let mut queue = lock(&self.queue);
            let ticket = queue.next_ticket;
            queue.next_ticket += 1;
            queue.waiting.push(Queued {
                ticket,
                from,
                updates,
            });
            ticket
        };
        let mut state = lock(&self.state);
        let batch = {
            let mut queue = lock(&self.queue);
            if let Some(answer) = queue.answered.remove(&ticket) {
                return answer;
            }
            std::mem::take(&mut queue.waiting)
        };
        let answers = self.apply_batch(store, &mut state, batch);
        // Answers are posted before the room is released, so a caller whose updates were in
        // this batch finds its answer as soon as it gets the room.
        let mut queue = lock(&self.queue);
        let mut mine = Err(Refusal::Storage("the update was not processed".into()));
        for (t, answer) in answers {
            if t == ticket {
                mine = answer;
            } else {
                queue.answered.insert(t, answer);
            }
        }
        mine
    }

    fn apply_batch(
        &self,
        store: &Store,
        state: &mut RoomState,
        batch: Vec<Queued>,
    ) -> Vec<(u64, Result<(), Refusal>)> {
        let mut answers = Vec::with_capacity(batch.len());
        let mut accepted: Vec<Queued> = Vec::new();
        let mut accepted_bytes = 0;
        for queued in batch {
            match self.check_and_import(state, &queued.updates, accepted_bytes) {
                Checked::New => {
                    accepted_bytes += queued.bytes();
                    accepted.push(queued);
                }
                Checked::Known => answers.push((queued.ticket, Ok(()))),
                Checked::Refused { refusal, touched } => {
                    if touched {
                        // The replica may hold part of the refused update: rebuild it from disk
                        // and the updates accepted before it in this batch.
                        self.reload(store, state);
                        for update in accepted.iter().flat_map(|q| &q.updates) {
                            if let Err(e) = state.doc.import(update) {
                                tracing::error!(error = %e, "re-importing an accepted update");
                            }
                        }
                    }
                    answers.push((queued.ticket, Err(refusal)));
                }
            }
        }
        if accepted.is_empty() {
            return answers;
        }
        let all: Vec<Vec<u8>> = accepted
            .iter()
            .flat_map(|q| q.updates.iter().cloned())
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
                for queued in accepted {
                    answers.push((queued.ticket, Err(Refusal::Storage(why.clone()))));
                }
                return answers;
            }
        }
        state.projection_dirty = true;
        for queued in accepted {
            self.broadcast(state, queued.from, queued.updates);
            answers.push((queued.ticket, Ok(())));
        }
        if state.since_compact >= COMPACT_AFTER_UPDATES {
            self.compact(store, state);
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
        let sizes_before = state.doc.sizes();
        let imported = catch_unwind(AssertUnwindSafe(|| -> Result<(), ModelError> {
            for update in updates {
                state.doc.import(update)?;
            }
            state.doc.check_schema()?;
            state.doc.check_growth(sizes_before)?;
            match state.doc.first_new_impossible_metric_value(&numbers_before) {
                Some((metric, field)) => Err(ModelError::Invalid(format!(
                    "the {field} value of metric {metric} is outside what its kind allows"
                ))),
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
            // A client that cannot keep up is disconnected; it reconnects and is backfilled.
            sender.try_send(Outgoing::Frames(frames.clone())) || {
                sender.disconnect();
                false
            }
        });
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Arc;

    use wayline_model::templates::instantiate;
    use wayline_model::{Locale, NewCard};
    use wayline_store::Store;

    use super::super::Room;
    use crate::room_checks::Refusal;

    #[test]
    fn concurrent_clients_are_stored_in_shared_transactions_and_every_answer_is_right() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(Store::open(dir.path()).unwrap());
        let project = store.create_project("P").unwrap();
        let doc = instantiate("lifecycle", Locale::ZhCn, None, "T", 0).unwrap();
        let map = store.create_map(&project.id, &doc).unwrap();
        let room = Arc::new(Room::load(&store, &map.id).unwrap());
        let writes_before = store.writes();

        const CLIENTS: u64 = 8;
        const EDITS: usize = 25;
        let threads: Vec<_> = (0..CLIENTS)
            .map(|c| {
                let (store, room, map_id) = (store.clone(), room.clone(), map.id.clone());
                std::thread::spawn(move || {
                    let client = store.load_map(&map_id).unwrap().doc;
                    let view = client.view();
                    for i in 0..EDITS {
                        let before = client.version();
                        client
                            .add_card(NewCard {
                                stage: &view.stages[i % 5].id,
                                lane: &view.lanes[0].id,
                                text: &format!("客户 {c} 的卡片 {i}"),
                                color: "green",
                                author: "T",
                                ..Default::default()
                            })
                            .unwrap();
                        let update = client.export_since(&before).unwrap();
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
        let stored = store.load_map(&map.id).unwrap().doc.view();
        let template_cards = doc.view().cards.len();
        assert_eq!(stored.cards.len(), template_cards + total);
        for c in 0..CLIENTS {
            for i in 0..EDITS {
                let text = format!("客户 {c} 的卡片 {i}");
                assert!(stored.cards.iter().any(|card| card.text == text), "{text}");
            }
        }
    }
}
