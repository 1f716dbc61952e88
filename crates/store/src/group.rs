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
//! That way a follower still has to get the resource to read its answer, and when the next
//! round's leader gets it first, the follower waits a whole round more for an answer that was
//! already there. Where the resource is held for a long round (an fsync), callers use
//! [`GroupCommit::lead_or_wait`] instead, *before* taking the resource: a follower sleeps on the
//! queue until its answer is posted or nobody leads, and only a leader takes the resource. With
//! every fsync delayed by 8 ms, that and the rooms' pipeline (`wayline_host` `rooms/apply.rs`)
//! took the host from 761–776 to 1,014–1,051 durable edits a second (docs/benchmarks.md).
//!
//! Used for the store's commit shared by every map (`appends.rs`, [`GroupCommit::lead_or_wait`])
//! and by the host's rooms, which check and import the updates that queued for a room together
//! (holding the room). The queue's own lock is held only for a moment and never while the
//! resource is being waited for.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard};

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
    /// Signalled when answers are posted ([`GroupCommit::lead_or_wait`]'s followers).
    posted: Condvar,
}

struct Queue<T, A> {
    next: u64,
    waiting: Vec<(Ticket, T)>,
    answered: HashMap<Ticket, A>,
    /// A caller of [`GroupCommit::lead_or_wait`] leads a round that has not posted yet.
    leading: bool,
}

impl<T, A> Default for GroupCommit<T, A> {
    fn default() -> Self {
        GroupCommit {
            queue: Mutex::new(Queue {
                next: 0,
                waiting: Vec::new(),
                answered: HashMap::new(),
                leading: false,
            }),
            posted: Condvar::new(),
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

    /// Call *without* holding the resource: waits while another caller leads a round, then
    /// returns this caller's answer, or leads the next round (the caller then takes the
    /// resource, does the round and posts, which lets the next leader go). `Taken` only if the
    /// round that took the item posted no answer for it.
    pub fn lead_or_wait(&self, ticket: Ticket) -> Turn<T, A> {
        let mut queue = self.queue();
        loop {
            if let Some(answer) = queue.answered.remove(&ticket) {
                return Turn::Answered(answer);
            }
            if !queue.leading {
                if !queue.waiting.iter().any(|(t, _)| *t == ticket) {
                    return Turn::Taken;
                }
                queue.leading = true;
                return Turn::Lead(std::mem::take(&mut queue.waiting));
            }
            queue = self.posted.wait(queue).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Ends a round of [`GroupCommit::lead_or_wait`] that could not post (its leader is
    /// unwinding): the next caller leads, and the callers whose items it took get `Taken`.
    pub fn abandon_lead(&self) {
        self.queue().leading = false;
        self.posted.notify_all();
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
        queue.leading = false;
        self.posted.notify_all();
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

    #[test]
    fn with_lead_or_wait_an_answer_is_had_while_the_next_round_runs() {
        let group: Arc<GroupCommit<u32, u32>> = Arc::new(GroupCommit::default());
        let (first, second) = (group.enqueue(1), group.enqueue(2));
        let Turn::Lead(batch) = group.lead_or_wait(first) else {
            panic!("the first caller leads")
        };
        assert_eq!(batch.len(), 2);
        assert_eq!(
            group.post(first, batch.into_iter().map(|(t, i)| (t, i * 10))),
            Some(10)
        );

        // The next round starts (and would hold the resource through its fsync)...
        let third = group.enqueue(3);
        let Turn::Lead(next) = group.lead_or_wait(third) else {
            panic!("nobody leads: the third caller does")
        };
        // ...and the second caller still has its answer at once.
        assert!(matches!(group.lead_or_wait(second), Turn::Answered(20)));

        // A caller arriving now waits for the round under way, then leads.
        let waiting = {
            let group = group.clone();
            std::thread::spawn(move || {
                let fourth = group.enqueue(4);
                match group.lead_or_wait(fourth) {
                    Turn::Lead(batch) => batch.len(),
                    _ => 0,
                }
            })
        };
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(
            !waiting.is_finished(),
            "led while another round was under way"
        );
        group.post(third, next.into_iter().map(|(t, i)| (t, i * 10)));
        assert_eq!(waiting.join().unwrap(), 1);
    }

    #[test]
    fn an_abandoned_round_lets_the_next_caller_lead() {
        let group: GroupCommit<u32, u32> = GroupCommit::default();
        let (first, second) = (group.enqueue(1), group.enqueue(2));
        assert!(matches!(group.lead_or_wait(first), Turn::Lead(_)));
        group.abandon_lead();
        // The second item was in the abandoned round: no answer will come for it.
        assert!(matches!(group.lead_or_wait(second), Turn::Taken));
        let third = group.enqueue(3);
        assert!(matches!(group.lead_or_wait(third), Turn::Lead(b) if b.len() == 1));
    }
}
