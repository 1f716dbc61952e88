//! Anonymous brainstorm: the facilitator asks a question ("What frustrates customers at
//! checkout?") and names the lane its answers go to; everyone writes ideas that nobody else sees —
//! not the facilitator either — until the facilitator reveals them all at once, unattributed.
//!
//! The round is one plain value under `workshop.brainstorm`, like the timer and the voting round;
//! the host writes it when the facilitator starts a round (revealing first what still waits of
//! the last one) or reveals one, and refuses it from anyone else. The ideas themselves are *not* in the map's document while the
//! round is open: every replica receives the whole document, so a hidden card there would not be
//! hidden. The host keeps them apart (the store's `brainstorm_ideas`) and, at the reveal, writes
//! them here as cards of its own ([`MapDoc::reveal_ideas`]) — with no author, in an order that
//! says nothing of who wrote what, and from the host's own peer, so that not even the document's
//! history ties an idea to its writer.

use std::collections::HashMap;

use loro::LoroValue;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::schema::{
    self, LaneKind, MAX_BRAINSTORM_PROMPT_CHARS, MAX_CARDS_PER_MAP, MAX_ENTRY_ID_CHARS,
    MAX_IDEA_CHARS,
};
use crate::workshop_values::WorkshopEntry;
use crate::{MapDoc, ModelError, NewCard};

/// The brainstorm's key in the `workshop` root.
pub const BRAINSTORM: &str = "brainstorm";

/// A brainstorm round as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Brainstorm {
    /// Counts up from 1 with each round the facilitator starts; ideas are kept per round.
    pub round: i64,
    /// The question the ideas answer; may be empty.
    #[serde(default)]
    pub prompt: String,
    /// The card lane the revealed ideas go to.
    pub lane: String,
    /// Whether ideas are being written; a revealed round is closed.
    pub open: bool,
    /// How many ideas the reveal put on the board (with any that arrived late).
    #[serde(default)]
    pub revealed: i64,
}

/// Why `v` is not a brainstorm round the host keeps, or `None` when it is one.
pub fn brainstorm_problem(v: &Value) -> Option<String> {
    let Some(fields) = v.as_object() else {
        return Some("the brainstorm must be a value with its fields".into());
    };
    if let Some(other) = fields
        .keys()
        .find(|k| !["round", "prompt", "lane", "open", "revealed"].contains(&k.as_str()))
    {
        return Some(format!("the brainstorm has no field {other:?}"));
    }
    match fields.get("round").and_then(Value::as_i64) {
        Some(r) if r >= 1 => {}
        _ => return Some("a brainstorm round is a whole number from 1".into()),
    }
    match fields.get("prompt") {
        None => {}
        Some(Value::String(p)) if schema::text_length(p) <= MAX_BRAINSTORM_PROMPT_CHARS => {}
        Some(_) => {
            return Some(format!(
            "a brainstorm's question is text of at most {MAX_BRAINSTORM_PROMPT_CHARS} characters"
        ))
        }
    }
    match fields.get("lane").and_then(Value::as_str) {
        Some(l) if !l.is_empty() && l.chars().count() <= MAX_ENTRY_ID_CHARS => {}
        _ => return Some("a brainstorm names the lane its ideas go to".into()),
    }
    if !fields.get("open").is_some_and(Value::is_boolean) {
        return Some("a brainstorm is open or not".into());
    }
    match fields.get("revealed") {
        None => None,
        Some(n)
            if n.as_i64()
                .is_some_and(|n| (0..=MAX_CARDS_PER_MAP as i64).contains(&n)) =>
        {
            None
        }
        Some(_) => Some("a brainstorm's count of revealed ideas is a whole number".into()),
    }
}

fn brainstorm_value(b: &Brainstorm) -> LoroValue {
    let mut fields: HashMap<String, LoroValue> = HashMap::new();
    fields.insert("round".into(), LoroValue::I64(b.round));
    fields.insert("prompt".into(), LoroValue::from(b.prompt.as_str()));
    fields.insert("lane".into(), LoroValue::from(b.lane.as_str()));
    fields.insert("open".into(), LoroValue::Bool(b.open));
    fields.insert("revealed".into(), LoroValue::I64(b.revealed));
    LoroValue::from(fields)
}

const ENTRY: WorkshopEntry<Brainstorm> = WorkshopEntry {
    key: BRAINSTORM,
    what: "the brainstorm",
    problem: brainstorm_problem,
    to_loro: brainstorm_value,
};

/// One idea as its writer left it: the stage they meant it for and its text. Its id is made by
/// the writer's screen (so that sending it again changes nothing) and becomes the card's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Idea {
    pub id: String,
    pub stage: String,
    pub text: String,
}

/// Whether `id` may name an idea (and so a card): what the screens make, 32 hex digits, or a
/// similar short token.
pub fn is_idea_id(id: &str) -> bool {
    schema::is_plain_id(id, 8, 64)
}

/// Why `text` cannot be an idea, or `None`.
pub fn idea_text_problem(text: &str) -> Option<String> {
    if text.trim().is_empty() {
        return Some("an idea needs some text".into());
    }
    if schema::text_length(text) > MAX_IDEA_CHARS {
        return Some(format!("an idea holds at most {MAX_IDEA_CHARS} characters"));
    }
    None
}

impl MapDoc {
    /// The workshop's brainstorm round, if one was started and reads as one.
    pub fn brainstorm(&self) -> Option<Brainstorm> {
        self.workshop_entry(&ENTRY)
    }

    /// Writes (or with `None` removes) the brainstorm round, as the facilitator's screen does.
    pub fn set_brainstorm(&self, brainstorm: Option<&Brainstorm>) -> Result<(), ModelError> {
        self.set_workshop_entry(&ENTRY, brainstorm)
    }

    /// Puts the ideas of `round` on the board as cards and closes the round, in one change: each
    /// in its writer's stage (the first stage if that one is gone) and the round's lane (the first
    /// card lane if that one is gone), in the order of their ids, which are random, with no
    /// author. An idea already on the board (a reveal repeated after a crash, an idea sent again)
    /// is not added twice, and a reveal with nothing new changes nothing. Ideas of the round
    /// that arrive after its reveal wait for the next one (they would say who wrote them if each
    /// came on its own). Returns how many cards were added.
    pub fn reveal_ideas(
        &self,
        round: i64,
        ideas: &[Idea],
        now_ms: i64,
    ) -> Result<usize, ModelError> {
        let Some(mut brainstorm) = self.brainstorm().filter(|b| b.round == round) else {
            return Err(ModelError::Invalid(format!(
                "brainstorm round {round} is not the map's round"
            )));
        };
        let view = self.view();
        let first_stage = view
            .stages
            .first()
            .map(|s| s.id.as_str())
            .ok_or_else(|| ModelError::Invalid("the map has no stage for the ideas".into()))?;
        let card_lanes: Vec<_> = view
            .lanes
            .iter()
            .filter(|l| l.kind == LaneKind::Cards)
            .collect();
        let lane = card_lanes
            .iter()
            .find(|l| l.id == brainstorm.lane)
            .or_else(|| card_lanes.first())
            .ok_or_else(|| ModelError::Invalid("the map has no card lane for the ideas".into()))?;
        let cards = self.loro().get_map(schema::CARDS);
        let mut new: Vec<&Idea> = ideas
            .iter()
            .filter(|i| cards.get(&i.id).is_none())
            .collect();
        new.sort_by(|a, b| a.id.cmp(&b.id));
        new.dedup_by(|a, b| a.id == b.id);
        if self.sizes().0 + new.len() > MAX_CARDS_PER_MAP {
            return Err(ModelError::Invalid(format!(
                "a map holds at most {MAX_CARDS_PER_MAP} cards: the {} ideas do not fit",
                new.len()
            )));
        }
        for idea in &new {
            if !is_idea_id(&idea.id) {
                return Err(ModelError::Invalid(format!(
                    "{:?} is not an idea's id",
                    idea.id
                )));
            }
            if let Some(why) = idea_text_problem(&idea.text) {
                return Err(ModelError::Invalid(why));
            }
            let stage = if view.stages.iter().any(|s| s.id == idea.stage) {
                idea.stage.as_str()
            } else {
                first_stage
            };
            let placed = NewCard {
                stage,
                lane: &lane.id,
                text: &idea.text,
                // The lane's colour, as a card a person adds there gets.
                color: crate::lane_color::lane_card_color(&lane.role, &lane.department),
                author: "",
                department: &lane.department,
                tags: &[],
                created_at: now_ms,
                confidence: None,
                example: false,
            };
            // A failure leaves the replica half-written: the host's edit reloads it.
            self.insert_card(&idea.id, placed)?;
        }
        if brainstorm.open || !new.is_empty() {
            brainstorm.open = false;
            brainstorm.revealed += new.len() as i64;
            self.set_brainstorm(Some(&brainstorm))?;
        }
        Ok(new.len())
    }
}

#[cfg(test)]
#[path = "workshop_brainstorm_tests.rs"]
mod tests;
