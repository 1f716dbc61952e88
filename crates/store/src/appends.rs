//! Appending document updates: one commit shared by every map.
//!
//! An fsync costs milliseconds whatever the transaction holds, and every open map (every room of
//! the host) stores its updates on its own; with one transaction per call, the disk and not the
//! work would set the pace of all rooms together. So concurrent [`Store::append_updates`] calls
//! queue in a [`GroupCommit`]: the caller that gets the connection writes every queued call in
//! one IMMEDIATE transaction (`synchronous=FULL`: one fsync), then answers each with the id of
//! its own last row. Nobody is answered before that COMMIT has returned, so an `Ok` still means
//! "on disk".
//!
//! Failures. Each call is written inside a savepoint of its own.
//! - A call refused for what it names (its map is gone: `NotFound`, or a constraint of the
//!   schema) is rolled back to its savepoint and answered with its error; the others are still
//!   committed. A map purged at the wrong moment must not fail the edits of every other room.
//! - Any other failure (full disk, I/O error, the file locked by another program, a failed
//!   COMMIT) is about the file, not the call, and SQLite may already have rolled the whole
//!   transaction back on its own. Retrying the others alone would most likely fail again and
//!   would only delay their answers, so the transaction is rolled back and every caller in it
//!   gets the error: none of their rows is stored, and each room reloads from disk and its
//!   clients send their edits again.
//!
//! Chains. A room queues its next batch while the previous one is still being committed
//! (`wayline_host` `rooms/apply.rs`), and the later batch may build on the earlier one. Calls
//! queued on one [`AppendChain`] are written in the order they were queued, and once one of them
//! fails every later one is refused unwritten ([`StoreError::EarlierChangeFailed`]): the file
//! never holds an update without the ones it depends on.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use rusqlite::{params, Connection, ErrorCode, Transaction, TransactionBehavior};

use crate::group::{GroupCommit, Ticket, Turn};
use crate::{now_ms, Store, StoreError};

/// One call's updates of one map, waiting for the shared commit.
pub(crate) struct Append {
    map_id: String,
    updates: Vec<Vec<u8>>,
    chain: Option<Arc<AppendChain>>,
}

/// The calls waiting for the shared commit, and the answers of those already written.
pub(crate) type Appends = GroupCommit<Append, Result<i64, StoreError>>;

/// Appends of which each may build on the earlier ones (see the module documentation). A new
/// chain starts whole; one broken stays broken, and its owner starts a new one once it has
/// reloaded what the file holds.
#[derive(Debug, Default)]
pub struct AppendChain {
    broken: AtomicBool,
}

impl AppendChain {
    /// Whether a call on this chain failed: every later one is refused.
    pub fn is_broken(&self) -> bool {
        self.broken.load(Ordering::Acquire)
    }

    fn break_off(&self) {
        self.broken.store(true, Ordering::Release);
    }
}

/// An append queued for the shared commit, to be waited for with [`Store::finish_append`].
#[must_use = "an append is stored only once its caller waits for it"]
pub struct QueuedAppend(Ticket);

impl Store {
    /// Appends updates of a map durably and returns the id of the last row (0 if `updates` is
    /// empty). Calls made at the same time, for any maps, share one transaction.
    pub fn append_updates(&self, map_id: &str, updates: &[Vec<u8>]) -> Result<i64, StoreError> {
        let queued = self.queue_append(map_id, updates.to_vec(), None);
        self.finish_append(queued)
    }

    /// Queues updates of a map for the shared commit without waiting for it: calls are written
    /// in the order they were queued. With a `chain`, the call is refused unwritten if an
    /// earlier call on it failed. Nothing is stored until some caller waits
    /// ([`Store::finish_append`]).
    pub fn queue_append(
        &self,
        map_id: &str,
        updates: Vec<Vec<u8>>,
        chain: Option<Arc<AppendChain>>,
    ) -> QueuedAppend {
        QueuedAppend(self.appends().enqueue(Append {
            map_id: map_id.to_owned(),
            updates,
            chain,
        }))
    }

    /// Waits until a queued append is durable (or refused) and returns the id of its last row.
    pub fn finish_append(&self, queued: QueuedAppend) -> Result<i64, StoreError> {
        let ticket = queued.0;
        // A follower waits for its answer on the queue, not for the connection: the next round's
        // leader may already hold that through its fsync.
        let batch = match self.appends().lead_or_wait(ticket) {
            Turn::Answered(answer) => return answer,
            Turn::Lead(batch) => batch,
            // The round that took this call stopped before answering it.
            Turn::Taken => return Err(StoreError::Interrupted),
        };
        let chains = batch.iter().filter_map(|(_, a)| a.chain.clone()).collect();
        let lead = Leading {
            appends: self.appends(),
            chains,
        };
        let answers = {
            let mut conn = self.conn();
            self.write_round(&mut conn, batch)
        };
        std::mem::forget(lead);
        self.appends()
            .post(ticket, answers)
            .unwrap_or_else(|| Err(StoreError::Interrupted))
    }

    /// Writes one round and pairs each caller with its answer.
    fn write_round(
        &self,
        conn: &mut Connection,
        batch: Vec<(Ticket, Append)>,
    ) -> Vec<(Ticket, Result<i64, StoreError>)> {
        let explain = |e| crate::error::explain_io(e, self.dir());
        let (tickets, calls): (Vec<Ticket>, Vec<Append>) = batch.into_iter().unzip();
        match write_all(conn, &calls) {
            Ok((answers, committed)) => {
                if committed {
                    self.count_write();
                }
                let answers = answers.into_iter().map(|a| a.map_err(explain));
                tickets.into_iter().zip(answers).collect()
            }
            Err(e) => {
                let e = explain(e);
                for chain in calls.iter().filter_map(|c| c.chain.as_ref()) {
                    chain.break_off();
                }
                if tickets.len() == 1 {
                    return vec![(tickets[0], Err(e))];
                }
                tracing::warn!(calls = tickets.len(), error = %e, "a shared commit failed");
                let e = Arc::new(e);
                tickets
                    .into_iter()
                    .map(|t| (t, Err(StoreError::Shared(e.clone()))))
                    .collect()
            }
        }
    }
}

/// Lets the next caller lead if a round unwinds before posting (a panic while writing): without
/// it, every later append would wait forever for a round that never ends. The round's chains are
/// broken: whether it was stored is unknown, so nothing may be stored after it.
struct Leading<'a> {
    appends: &'a Appends,
    chains: Vec<Arc<AppendChain>>,
}

impl Drop for Leading<'_> {
    fn drop(&mut self) {
        for chain in &self.chains {
            chain.break_off();
        }
        self.appends.abandon_lead();
    }
}

/// Writes every call in one transaction. `Err` when the transaction as a whole failed (nothing
/// stored); otherwise each call's answer, and whether anything was committed.
#[allow(clippy::type_complexity)]
fn write_all(
    conn: &mut Connection,
    calls: &[Append],
) -> Result<(Vec<Result<i64, StoreError>>, bool), StoreError> {
    let now = now_ms();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut answers = Vec::with_capacity(calls.len());
    for call in calls {
        if call.chain.as_ref().is_some_and(|c| c.is_broken()) {
            answers.push(Err(StoreError::EarlierChangeFailed));
            continue;
        }
        tx.execute_batch("SAVEPOINT call")?;
        match write_call(&tx, call, now) {
            Ok(last) => {
                tx.execute_batch("RELEASE call")?;
                answers.push(Ok(last));
            }
            Err(e) if concerns_only_its_call(&e) => {
                // If even this fails, the transaction is in no state to commit anyone.
                if tx.execute_batch("ROLLBACK TO call; RELEASE call").is_err() {
                    return Err(e);
                }
                if let Some(chain) = &call.chain {
                    chain.break_off();
                }
                answers.push(Err(e));
            }
            // Dropping `tx` rolls everything back.
            Err(e) => return Err(e),
        }
    }
    let committed = answers.iter().any(Result::is_ok);
    if committed {
        tx.commit()?;
    }
    Ok((answers, committed))
}

fn write_call(tx: &Transaction<'_>, call: &Append, now: i64) -> Result<i64, StoreError> {
    let changed = tx.execute(
        "UPDATE maps SET updated_at = ?2 WHERE id = ?1",
        params![call.map_id, now],
    )?;
    crate::error::touched(changed, "map", &call.map_id)?;
    let mut insert = tx
        .prepare_cached("INSERT INTO doc_updates (map_id, data, created_at) VALUES (?1, ?2, ?3)")?;
    let mut last = 0;
    for data in &call.updates {
        insert.execute(params![call.map_id, data, now])?;
        last = tx.last_insert_rowid();
    }
    Ok(last)
}

/// Whether a call's failure is about what it names rather than about the file.
fn concerns_only_its_call(e: &StoreError) -> bool {
    match e {
        StoreError::NotFound { .. } | StoreError::Invalid(_) => true,
        StoreError::Sqlite(e) => e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation),
        _ => false,
    }
}

#[cfg(test)]
#[path = "appends_tests.rs"]
mod tests;
