//! The host's brainstorm bookkeeping (`crate::brainstorm` runs the routes): one turn at a time,
//! and each writer's rate.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use crate::token_bucket::Bucket;
use crate::HostError;

/// Writes of ideas one person may make a second on average, and the burst saved up (a screen
/// coming back online sends what it kept).
const WRITES_PER_SECOND: f64 = 5.0;
const WRITE_BURST: f64 = 60.0;

/// The host's brainstorm bookkeeping: one turn at a time (so that no idea is stored between a
/// reveal's reading of the ideas and its closing of the round), and each writer's rate.
#[derive(Default)]
pub struct Brainstorms {
    turn: Mutex<()>,
    rates: Mutex<HashMap<String, Bucket>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Brainstorms {
    pub fn take_turn(&self) -> MutexGuard<'_, ()> {
        lock(&self.turn)
    }

    pub fn count_write(&self, writer: &str) -> Result<(), HostError> {
        let now = Instant::now();
        let mut rates = lock(&self.rates);
        let bucket = rates
            .entry(writer.to_owned())
            .or_insert_with(|| Bucket::new(WRITES_PER_SECOND, WRITE_BURST, now));
        if bucket.take(1.0, now) {
            Ok(())
        } else {
            Err(HostError::RateLimited)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_writer_past_the_burst_is_slowed_and_others_are_not() {
        let b = Brainstorms::default();
        for _ in 0..WRITE_BURST as usize {
            assert!(b.count_write("p:w:ann").is_ok());
        }
        assert!(matches!(
            b.count_write("p:w:ann"),
            Err(HostError::RateLimited)
        ));
        assert!(b.count_write("p:w:bob").is_ok());
    }
}
