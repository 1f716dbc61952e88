//! A token bucket: what both a WebSocket connection's message and byte rates (`ws::limits`) and a
//! brainstorm writer's rate (`state::brainstorms`) are held to.

use std::time::Instant;

/// A token bucket: `rate` a second on average, `capacity` saved up.
pub(crate) struct Bucket {
    level: f64,
    rate: f64,
    capacity: f64,
    at: Instant,
}

impl Bucket {
    pub(crate) fn new(rate: f64, capacity: f64, now: Instant) -> Bucket {
        Bucket {
            level: capacity,
            rate,
            capacity,
            at: now,
        }
    }

    pub(crate) fn take(&mut self, amount: f64, now: Instant) -> bool {
        let elapsed = now.duration_since(self.at).as_secs_f64();
        self.level = (self.level + elapsed * self.rate).min(self.capacity);
        self.at = now;
        if self.level >= amount {
            self.level -= amount;
            true
        } else {
            false
        }
    }
}
