//! What one connection may cost the host: a message and byte rate (token buckets), a bound on
//! refused updates, and fragment assemblies that are few, small, and expire.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use loro_protocol::BatchId;

use crate::protocol::MAX_UPDATE_BYTES;
use crate::token_bucket::Bucket;

/// Messages per second a connection may send on average, and the burst it may save up. A person
/// typing fast sends ~15 updates a second; presence adds a few more.
pub const MESSAGES_PER_SECOND: f64 = 100.0;
pub const MESSAGE_BURST: f64 = 600.0;
/// Bytes per second on average, and the burst (a large paste or an offline catch-up).
pub const BYTES_PER_SECOND: f64 = 2.0 * 1024.0 * 1024.0;
pub const BYTE_BURST: f64 = 24.0 * 1024.0 * 1024.0;
/// Messages over the limit before the connection is closed instead of answered.
pub const MAX_OVER_LIMIT: u32 = 1_000;
/// Refused updates (undecodable, missing history, not allowed) in a row before the connection is
/// closed; a well-behaved client rejoins after the first.
pub const MAX_REFUSALS_IN_A_ROW: u32 = 50;
/// Fragment assemblies a connection may have open at once, and how long each may take.
pub const MAX_ASSEMBLIES: usize = 4;
pub const ASSEMBLY_TIMEOUT: Duration = Duration::from_secs(30);
pub const MAX_FRAGMENTS: u64 = 512;

/// Per-connection rate limits.
pub struct RateLimit {
    messages: Bucket,
    bytes: Bucket,
    over: u32,
}

pub enum Verdict {
    Allow,
    /// Over the limit: refuse this message (an update gets a `RateLimited` answer).
    Refuse,
    /// Far over the limit: close the connection.
    Close,
}

impl RateLimit {
    pub fn new(now: Instant) -> RateLimit {
        RateLimit {
            messages: Bucket::new(MESSAGES_PER_SECOND, MESSAGE_BURST, now),
            bytes: Bucket::new(BYTES_PER_SECOND, BYTE_BURST, now),
            over: 0,
        }
    }

    pub fn check(&mut self, len: usize, now: Instant) -> Verdict {
        let ok_messages = self.messages.take(1.0, now);
        let ok_bytes = ok_messages && self.bytes.take(len as f64, now);
        if ok_messages && ok_bytes {
            self.over = 0;
            return Verdict::Allow;
        }
        self.over += 1;
        if self.over > MAX_OVER_LIMIT {
            Verdict::Close
        } else {
            Verdict::Refuse
        }
    }
}

pub struct Assembly {
    pub room_id: String,
    pub expected: u64,
    pub total: u64,
    pub received: u64,
    pub started: Instant,
    pub parts: HashMap<u64, Vec<u8>>,
}

pub enum FragmentOutcome {
    /// Waiting for more parts.
    Pending,
    /// All parts arrived: the update, in order.
    Complete { room_id: String, update: Vec<u8> },
    /// Refused: answer the batch with this status and forget it.
    Refused {
        room_id: String,
        status: loro_protocol::UpdateStatusCode,
    },
    /// No assembly with that id (expired, refused, or never announced): drop the fragment.
    Unknown,
}

/// The fragment assemblies of one connection.
#[derive(Default)]
pub struct Assemblies {
    open: HashMap<BatchId, Assembly>,
}

impl Assemblies {
    /// Forgets assemblies that took too long; returns them so the client can be told.
    pub fn expire(&mut self, now: Instant) -> Vec<(BatchId, String)> {
        let mut gone = Vec::new();
        self.open.retain(|id, a| {
            let keep = now.duration_since(a.started) < ASSEMBLY_TIMEOUT;
            if !keep {
                gone.push((*id, a.room_id.clone()));
            }
            keep
        });
        gone
    }

    fn buffered(&self) -> u64 {
        self.open.values().map(|a| a.received).sum()
    }

    /// Opens an assembly; `Err(status)` when the header is refused.
    pub fn start(
        &mut self,
        batch: BatchId,
        room_id: String,
        fragment_count: u64,
        total_size: u64,
        now: Instant,
    ) -> Result<(), loro_protocol::UpdateStatusCode> {
        use loro_protocol::UpdateStatusCode as S;
        if fragment_count == 0 || fragment_count > MAX_FRAGMENTS || total_size > MAX_UPDATE_BYTES {
            return Err(S::PayloadTooLarge);
        }
        if self.open.len() >= MAX_ASSEMBLIES && !self.open.contains_key(&batch) {
            return Err(S::RateLimited);
        }
        // Nothing is allocated from the declared size: parts are stored as they arrive.
        self.open.insert(
            batch,
            Assembly {
                room_id,
                expected: fragment_count,
                total: total_size,
                received: 0,
                started: now,
                parts: HashMap::new(),
            },
        );
        Ok(())
    }

    pub fn add(&mut self, batch: BatchId, index: u64, fragment: Vec<u8>) -> FragmentOutcome {
        use loro_protocol::UpdateStatusCode as S;
        let buffered = self.buffered();
        let Some(a) = self.open.get_mut(&batch) else {
            return FragmentOutcome::Unknown;
        };
        let refused = |a: &Assembly, status| FragmentOutcome::Refused {
            room_id: a.room_id.clone(),
            status,
        };
        if index >= a.expected || a.parts.contains_key(&index) {
            let out = refused(a, S::InvalidUpdate);
            self.open.remove(&batch);
            return out;
        }
        let len = fragment.len() as u64;
        if a.received + len > a.total || buffered + len > MAX_UPDATE_BYTES {
            let out = refused(a, S::PayloadTooLarge);
            self.open.remove(&batch);
            return out;
        }
        a.received += len;
        a.parts.insert(index, fragment);
        if a.parts.len() as u64 != a.expected {
            return FragmentOutcome::Pending;
        }
        let Some(mut a) = self.open.remove(&batch) else {
            return FragmentOutcome::Unknown;
        };
        let mut update = Vec::with_capacity(a.received as usize);
        for i in 0..a.expected {
            if let Some(part) = a.parts.remove(&i) {
                update.extend_from_slice(&part);
            }
        }
        FragmentOutcome::Complete {
            room_id: a.room_id,
            update,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limit_refuses_a_flood_then_closes() {
        let now = Instant::now();
        let mut r = RateLimit::new(now);
        let mut refused = 0;
        let mut closed = false;
        for _ in 0..(MESSAGE_BURST as u32 + MAX_OVER_LIMIT + 10) {
            match r.check(10, now) {
                Verdict::Allow => {}
                Verdict::Refuse => refused += 1,
                Verdict::Close => {
                    closed = true;
                    break;
                }
            }
        }
        assert!(refused >= MAX_OVER_LIMIT && closed);
        // A second later the bucket has refilled a little: allowed again.
        assert!(matches!(
            r.check(10, now + Duration::from_secs(1)),
            Verdict::Allow
        ));
    }

    #[test]
    fn assemblies_are_bounded_and_expire() {
        let now = Instant::now();
        let mut a = Assemblies::default();
        for i in 0..MAX_ASSEMBLIES as u8 {
            assert!(a.start(BatchId([i; 8]), "m".into(), 2, 10, now).is_ok());
        }
        assert!(a.start(BatchId([99; 8]), "m".into(), 2, 10, now).is_err());
        assert!(a
            .start(BatchId([98; 8]), "m".into(), 2, MAX_UPDATE_BYTES + 1, now)
            .is_err());
        // A part larger than announced is refused.
        assert!(matches!(
            a.add(BatchId([0; 8]), 0, vec![0; 11]),
            FragmentOutcome::Refused { .. }
        ));
        assert!(matches!(
            a.add(BatchId([1; 8]), 0, vec![1; 5]),
            FragmentOutcome::Pending
        ));
        assert!(matches!(
            a.add(BatchId([1; 8]), 1, vec![2; 5]),
            FragmentOutcome::Complete { .. }
        ));
        let gone = a.expire(now + ASSEMBLY_TIMEOUT);
        assert_eq!(gone.len(), 2);
        assert!(matches!(
            a.add(BatchId([2; 8]), 0, vec![0; 1]),
            FragmentOutcome::Unknown
        ));
    }
}
