//! Dot-voting rounds: the facilitator opens a round on chosen lanes ("which pain points hurt
//! most?"), everyone gives up to N dots to the cards in those lanes, and the round is closed. The
//! round is one plain value under `workshop.voting`, written whole by the facilitator (like the
//! timer, `workshop_timer.rs`); the dots are the flat `votes` entries `round:card:participant →
//! count`, so two people voting at once never overwrite each other.
//!
//! The host holds every participant to the round's rules, not only the UI: a participant gives
//! and takes back dots only under their own id (`rating_checks.rs`), only in the open round, only
//! on cards of its lanes, at most `per_card` on one card and `per_person` in all. The facilitator's
//! own writes are held to the value ranges only: they run the workshop (and may clear a round).

use std::collections::HashMap;

use loro::{LoroValue, ValueOrContainer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::schema::{self, MAX_VOTES_PER_PERSON, MAX_VOTING_LABEL_CHARS};
use crate::workshop_values::WorkshopEntry;
use crate::{MapDoc, ModelError};

/// The voting round's key in the `workshop` root.
pub const VOTING: &str = "voting";
/// Longest round id (the UI makes short random ones).
const MAX_ROUND_ID_CHARS: usize = 40;
/// Most lanes one round covers.
const MAX_ROUND_LANES: usize = 100;

/// A voting round as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VotingRound {
    /// The round's id: the first part of its `votes` keys.
    pub round: String,
    /// What the votes are for ("最痛的痛点"); may be empty.
    #[serde(default)]
    pub label: String,
    /// The lanes whose cards may be voted on.
    pub lanes: Vec<String>,
    /// Dots each person has in the round.
    pub per_person: i64,
    /// Most dots one person may give one card.
    pub per_card: i64,
    /// Whether dots may be given and taken back; a closed round's votes stand.
    pub open: bool,
    /// When it was closed, on the host's clock (milliseconds): dots already on their way then
    /// are still taken for [`LATE_DOTS_MS`].
    #[serde(default)]
    pub closed_at: Option<i64>,
}

/// How long after a round closes a participant's dots are still taken. A dot clicked as "End
/// voting" lands is on its way already; refused, it would be taken off that participant's screen
/// again (set aside, `ui/src/sync/setAside.ts`) after they saw it go in.
pub const LATE_DOTS_MS: i64 = 10_000;

/// Whether `id` may name a round (it must not hold the `votes` keys' separator).
fn is_round_id(id: &str) -> bool {
    schema::is_plain_id(id, 1, MAX_ROUND_ID_CHARS)
}

/// Why `v` is not a voting round the host keeps, or `None` when it is one.
pub fn voting_problem(v: &Value) -> Option<String> {
    let Some(fields) = v.as_object() else {
        return Some("the voting round must be a value with its fields".into());
    };
    const FIELDS: [&str; 7] = [
        "round",
        "label",
        "lanes",
        "per_person",
        "per_card",
        "open",
        "closed_at",
    ];
    if let Some(other) = fields.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Some(format!("the voting round has no field {other:?}"));
    }
    if !fields
        .get("round")
        .and_then(Value::as_str)
        .is_some_and(is_round_id)
    {
        return Some("a voting round's id is up to 40 letters, digits, - or _".into());
    }
    match fields.get("label") {
        None => {}
        Some(Value::String(label)) if schema::text_length(label) <= MAX_VOTING_LABEL_CHARS => {}
        Some(_) => {
            return Some(format!(
                "the voting round's label is text of at most {MAX_VOTING_LABEL_CHARS} characters"
            ))
        }
    }
    let lanes_ok = fields
        .get("lanes")
        .and_then(Value::as_array)
        .is_some_and(|l| {
            (1..=MAX_ROUND_LANES).contains(&l.len())
                && l.iter()
                    .all(|id| id.as_str().is_some_and(|s| !s.is_empty() && s.len() <= 200))
        });
    if !lanes_ok {
        return Some("a voting round covers one or more lanes".into());
    }
    let whole = |key: &str| fields.get(key).and_then(Value::as_i64);
    let Some(per_person) =
        whole("per_person").filter(|n| (1..=MAX_VOTES_PER_PERSON as i64).contains(n))
    else {
        return Some(format!(
            "each person has from 1 to {MAX_VOTES_PER_PERSON} votes in a round"
        ));
    };
    if !whole("per_card").is_some_and(|n| (1..=per_person).contains(&n)) {
        return Some("the most votes per card is from 1 to the votes each person has".into());
    }
    if !fields.get("open").is_some_and(Value::is_boolean) {
        return Some("a voting round is open or closed".into());
    }
    match fields.get("closed_at") {
        None | Some(Value::Null) => None,
        Some(v) if v.as_i64().is_some_and(|t| t >= 0) => None,
        Some(_) => Some("when a voting round closed is a time in milliseconds".into()),
    }
}

/// The round as the plain Loro value the UI writes too.
fn voting_value(r: &VotingRound) -> LoroValue {
    let mut fields: HashMap<String, LoroValue> = HashMap::new();
    fields.insert("round".into(), LoroValue::from(r.round.as_str()));
    fields.insert("label".into(), LoroValue::from(r.label.as_str()));
    let lanes: Vec<LoroValue> = r
        .lanes
        .iter()
        .map(|l| LoroValue::from(l.as_str()))
        .collect();
    fields.insert("lanes".into(), LoroValue::from(lanes));
    fields.insert("per_person".into(), LoroValue::I64(r.per_person));
    fields.insert("per_card".into(), LoroValue::I64(r.per_card));
    fields.insert("open".into(), LoroValue::Bool(r.open));
    fields.insert(
        "closed_at".into(),
        r.closed_at.map_or(LoroValue::Null, LoroValue::I64),
    );
    LoroValue::from(fields)
}

/// A `votes` key's parts: round, card, participant (`None` unless there are exactly three, none
/// empty: every reader — the host's rules, the view's totals, the UI — must see the same card and
/// the same voter in it).
pub fn vote_key_parts(key: &str) -> Option<(&str, &str, &str)> {
    let mut parts = key.split(':');
    let parts = (parts.next()?, parts.next()?, parts.next()?, parts.next());
    match parts {
        (round, card, voter, None)
            if !round.is_empty() && !card.is_empty() && !voter.is_empty() =>
        {
            Some((round, card, voter))
        }
        _ => None,
    }
}

/// A whole vote count as stored (`None` for anything else).
pub(crate) fn vote_count(v: &ValueOrContainer) -> Option<i64> {
    match v {
        ValueOrContainer::Value(LoroValue::I64(n)) => Some(*n),
        ValueOrContainer::Value(LoroValue::Double(d)) if d.fract() == 0.0 && d.abs() < 1e15 => {
            Some(*d as i64)
        }
        _ => None,
    }
}

const ENTRY: WorkshopEntry<VotingRound> = WorkshopEntry {
    key: VOTING,
    what: "the voting round",
    problem: voting_problem,
    to_loro: voting_value,
};

impl MapDoc {
    /// The voting round, if one was set and reads as one.
    pub fn voting_round(&self) -> Option<VotingRound> {
        self.workshop_entry(&ENTRY)
    }

    /// Sets (or with `None` clears) the voting round, as the facilitator's screen does.
    pub fn set_voting_round(&self, round: Option<&VotingRound>) -> Result<(), ModelError> {
        self.set_workshop_entry(&ENTRY, round)
    }

    /// Gives (`count` > 0) or takes back all (`count` = 0) of `participant`'s dots on a card in
    /// `round`.
    pub fn set_vote(
        &self,
        round: &str,
        card: &str,
        participant: &str,
        count: i64,
    ) -> Result<(), ModelError> {
        let votes = self.loro().get_map(schema::VOTES);
        let key = format!("{round}:{card}:{participant}");
        if count > 0 {
            votes.insert(&key, count)?;
        } else {
            votes.delete(&key)?;
        }
        self.commit();
        Ok(())
    }

    /// Why a participant's vote `key` (already in the document, `count` or removed) breaks the
    /// round's rules, or `None` when it keeps them.
    pub(crate) fn vote_problem(&self, key: &str, count: Option<i64>) -> Option<String> {
        let Some((round, card, voter)) = vote_key_parts(key) else {
            return Some("a vote is keyed round:card:participant".into());
        };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        let open = self.voting_round().filter(|r| {
            let just_closed = r.closed_at.is_some_and(|at| now - at <= LATE_DOTS_MS);
            r.round == round && (r.open || just_closed)
        });
        let Some(open) = open else {
            return Some("votes are given and taken back only in the open voting round".into());
        };
        // Taking dots back needs only the open round.
        let count = count?;
        if !self
            .card_lane(card)
            .is_some_and(|lane| open.lanes.contains(&lane))
        {
            return Some("this card is not in a lane of the voting round".into());
        }
        if count > open.per_card {
            return Some(format!(
                "at most {} votes per card in this round",
                open.per_card
            ));
        }
        // Dots on cards since moved out of the round's lanes (or deleted) do not count: they
        // could not be taken back from the board.
        let mut given = 0;
        self.loro().get_map(schema::VOTES).for_each(|k, v| {
            if let Some((r, c, who)) = vote_key_parts(k) {
                let counted = r == round
                    && who == voter
                    && self.card_lane(c).is_some_and(|l| open.lanes.contains(&l));
                if counted {
                    given += vote_count(&v).unwrap_or(0).max(0);
                }
            }
        });
        if given > open.per_person {
            return Some(format!(
                "at most {} votes per person in this round",
                open.per_person
            ));
        }
        None
    }

    /// The lane a card is placed in.
    fn card_lane(&self, card: &str) -> Option<String> {
        match self.card_map(card).ok()?.get("placement")? {
            ValueOrContainer::Value(LoroValue::Map(p)) => match p.get("lane")? {
                LoroValue::String(lane) => Some(lane.to_string()),
                _ => None,
            },
            _ => None,
        }
    }
}

#[cfg(test)]
#[path = "workshop_voting_tests.rs"]
mod tests;
