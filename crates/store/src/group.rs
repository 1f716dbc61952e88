//! Leader/follower batching ("group commit") for work whose price is mostly paid once per round,
//! however much the round holds: an fsync.
//!
//! A caller queues its item ([`GroupCommit::enqueue`]), then waits for the resource the work
//! needs (a lock it holds for the whole round). Whoever gets the resource asks for its
//! [`Turn`]: if an earlier holder already did its item, it takes its answer and leaves at once;
//! otherwise it leads — it takes every item queued so far (its own among them), does them all in
//! one round, and posts each caller its own answer ([`GroupCommit::post`]) *before* releasing the
//! resource, so a follower finds its answer as soon as it gets there. Items that arrive during a
//! round wait for the next one: the busier the resource, the larger the rounds.
//!
//! Used for the store's commit shared by every map (`appends.rs`) and by the host's rooms, which
//! check and import the updates that queued for a room together. The queue's own lock is held
//! only for a moment and never while the resource is being waited for.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

/// A caller's place in the queue; its answer is posted under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ticket(u64);

/// What a caller holding the resource has to do.
pub enum Turn<T, A> {
    /// An earlier round did this caller's item: here is its answer.
    Answered(A),
    /// This caller leads a round: every item queued so far, in arrival order, its own first
    /// among them or after them.
    Lead(Vec<(Ticket, T)>),
    /// A round took this caller's item and has not answered yet. Only where a round may release
    /// the resource before it answers (the rooms' pipeline, `wayline_host` `rooms/apply.rs`):
    /// the caller waits for the answer instead. Where rounds answer before releasing it, it means
    /// the round that took the item stopped before answering.
    Taken,
}

/// A queue of items with the answers of items already done (see the module documentation).
pub struct GroupCommit<T, A> {
    queue: Mutex<Queue<T, A>>,
}

struct Queue<T, A> {
    next: u64,
    waiting: Vec<(Ticket, T)>,
    answered: HashMap<Ticket, A>,
}

impl<T, A> Default for GroupCommit<T, A> {
    fn default() -> Self {
        GroupCommit {
            queue: Mutex::new(Queue {
                next: 0,
                waiting: Vec::new(),
                answered: HashMap::new(),
            }),
        }
    }
}

impl<T, A> GroupCommit<T, A> {
    fn queue(&self) -> MutexGuard<'_, Queue<T, A>> {
        // The queue is changed by whole-statement steps only, so it is consistent even if a
        // holder panicked.
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues an item; call before waiting for the resource.
    pub fn enqueue(&self, item: T) -> Ticket {
        let mut queue = self.queue();
        let ticket = Ticket(queue.next);
        queue.next += 1;
        queue.waiting.push((ticket, item));
        ticket
    }

    /// Call while holding the resource.
    pub fn turn(&self, ticket: Ticket) -> Turn<T, A> {
        let mut queue = self.queue();
        if let Some(answer) = queue.answered.remove(&ticket) {
            return Turn::Answered(answer);
        }
        if queue.waiting.iter().any(|(t, _)| *t == ticket) {
            Turn::Lead(std::mem::take(&mut queue.waiting))
        } else {
            Turn::Taken
        }
    }

    /// This caller's answer, if a round has posted it (for a caller waiting without the
    /// resource, [`Turn::Taken`]).
    pub fn answer(&self, ticket: Ticket) -> Option<A> {
        self.queue().answered.remove(&ticket)
    }

    /// Posts a round's answers, while the leader still holds the resource, and returns the
    /// leader's own (`None` if the round had none for it).
    pub fn post(
        &self,
        leader: Ticket,
        answers: impl IntoIterator<Item = (Ticket, A)>,
    ) -> Option<A> {
        let mut queue = self.queue();
        let mut mine = None;
        for (ticket, answer) in answers {
            if ticket == leader {
                mine = Some(answer);
            } else {
                queue.answered.insert(ticket, answer);
            }
        }
        mine
    }

    /// Items queued and not yet taken by a round.
    pub fn waiting(&self) -> usize {
        self.queue().waiting.len()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::{GroupCommit, Turn};

    /// The pattern every user follows, with a counter of rounds as the resource.
    fn submit(group: &GroupCommit<u32, u32>, rounds: &Mutex<u32>, item: u32) -> u32 {
        let ticket = group.enqueue(item);
        let mut held = rounds.lock().unwrap();
        let batch = match group.turn(ticket) {
            Turn::Answered(answer) => return answer,
            Turn::Lead(batch) => batch,
            Turn::Taken => unreachable!("every round answers before releasing the resource"),
        };
        *held += 1;
        std::thread::sleep(std::time::Duration::from_millis(2));
        let answers = batch.into_iter().map(|(t, item)| (t, item * 10));
        group.post(ticket, answers).unwrap()
    }

    #[test]
    fn every_caller_gets_its_own_answer_from_fewer_rounds_than_callers() {
        let group = Arc::new(GroupCommit::default());
        let rounds = Arc::new(Mutex::new(0));
        let threads: Vec<_> = (0..8u32)
            .map(|t| {
                let (group, rounds) = (group.clone(), rounds.clone());
                std::thread::spawn(move || {
                    for i in 0..50 {
                        let item = t * 1000 + i;
                        assert_eq!(submit(&group, &rounds, item), item * 10);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let rounds = *rounds.lock().unwrap();
        assert!(rounds < 400, "{rounds} rounds for 400 items");
        assert_eq!(group.waiting(), 0);
        assert!(group.queue().answered.is_empty());
    }
}
