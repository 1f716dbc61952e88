//! The action plan of a map: what each team will do about a pain point or an opportunity, who
//! owns it, by when, and which metric it should move by how much. Actions live in the map
//! document (`actions`: action id → map, see `docs/map-document.md`) so that they merge like the
//! cards they answer; this module reads them, writes new ones and checks what a client wrote.

use loro::{LoroList, LoroMap};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::entry_checks::{EntriesBefore, Written};
use crate::schema::{
    self, ActionStatus, MAX_ACTIONS_PER_MAP, MAX_ACTION_CARDS, MAX_PERSON_NAME_CHARS,
    MAX_TITLE_CHARS,
};
use crate::{MapDoc, ModelError};

/// One action as readers see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionView {
    pub id: String,
    pub title: String,
    /// A built-in team (`marketing`, `sales`, `service`), a custom team's name, or empty.
    pub team: String,
    /// The person who owns it, or empty.
    pub owner: String,
    pub status: ActionStatus,
    /// `YYYY-MM-DD`, or none.
    pub due: Option<String>,
    /// The metric it should move, and by how much (in the metric's unit, signed).
    pub metric: Option<String>,
    pub effect: Option<f64>,
    /// The cards (pain points, opportunities …) it answers.
    pub cards: Vec<String>,
    pub author: String,
    pub created_at: i64,
    pub example: bool,
}

impl ActionView {
    /// Whether the action is late on `today` (`YYYY-MM-DD`): due before it and neither done nor
    /// dropped. The Actions view marks it so (ui/src/components/actions/actionList.ts
    /// `isOverdue`), and the report; both read tests/vectors/overdue.json.
    pub fn is_overdue(&self, today: &str) -> bool {
        self.due.as_deref().is_some_and(|due| due < today)
            && !matches!(self.status, ActionStatus::Done | ActionStatus::Dropped)
    }
}

/// What a new action holds; the model fills in its id.
#[derive(Debug, Clone, Default)]
pub struct NewAction<'a> {
    pub title: &'a str,
    pub team: &'a str,
    pub owner: &'a str,
    pub status: Option<ActionStatus>,
    pub due: Option<&'a str>,
    pub metric: Option<&'a str>,
    pub effect: Option<f64>,
    pub cards: &'a [&'a str],
    pub author: &'a str,
    pub created_at: i64,
    pub example: bool,
}

/// Whether `text` is a real calendar date written `YYYY-MM-DD`.
pub fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        if !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    year >= 1 && (1..=days).contains(&day)
}

fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// Reads one action; an entry without a usable shape is skipped by the caller.
pub(crate) fn action_of(id: &str, v: &Value) -> Option<ActionView> {
    v.as_object()?;
    let due = v
        .get("due")
        .and_then(Value::as_str)
        .filter(|d| is_iso_date(d))
        .map(str::to_owned);
    let metric = v
        .get("metric")
        .and_then(Value::as_str)
        .filter(|m| !m.is_empty())
        .map(str::to_owned);
    Some(ActionView {
        id: id.to_owned(),
        title: text(v, "title"),
        team: text(v, "team"),
        owner: text(v, "owner"),
        // A status from a newer writer reads as an idea rather than hiding the action.
        status: ActionStatus::parse(&text(v, "status")).unwrap_or(ActionStatus::Idea),
        due,
        metric,
        effect: v
            .get("effect")
            .and_then(Value::as_f64)
            .filter(|f| f.is_finite()),
        cards: v
            .get("cards")
            .and_then(Value::as_array)
            .map(|ids| {
                ids.iter()
                    .filter_map(|c| c.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        author: text(v, "author"),
        created_at: v
            .get("created_at")
            .and_then(|t| t.as_i64().or_else(|| t.as_f64().map(|f| f as i64)))
            .unwrap_or(0),
        example: v.get("example").and_then(Value::as_bool).unwrap_or(false),
    })
}

/// Every action of the document's `actions` value, by due date (undated last), then creation.
pub(crate) fn actions_of(all: Option<&Value>) -> Vec<ActionView> {
    let mut actions: Vec<ActionView> = all
        .and_then(Value::as_object)
        .map(|all| all.iter().filter_map(|(id, v)| action_of(id, v)).collect())
        .unwrap_or_default();
    actions.sort_by(|a, b| {
        let due = |x: &ActionView| (x.due.is_none(), x.due.clone());
        due(a)
            .cmp(&due(b))
            .then(a.created_at.cmp(&b.created_at))
            .then_with(|| a.id.cmp(&b.id))
    });
    actions
}

/// Why an action's stored fields are not acceptable, if they are not.
pub fn action_problem(v: &Value) -> Option<String> {
    let Some(fields) = v.as_object() else {
        return Some("an action must be a map".into());
    };
    let length =
        |key: &str| schema::text_length(fields.get(key).and_then(Value::as_str).unwrap_or(""));
    if length("title") > MAX_TITLE_CHARS {
        return Some(format!(
            "an action's title can be at most {MAX_TITLE_CHARS} characters"
        ));
    }
    for key in ["team", "owner"] {
        if length(key) > MAX_PERSON_NAME_CHARS {
            return Some(format!(
                "an action's {key} can be at most {MAX_PERSON_NAME_CHARS} characters"
            ));
        }
    }
    if let Some(status) = fields.get("status") {
        if status.as_str().and_then(ActionStatus::parse).is_none() {
            return Some(format!("{status} is not a status of an action"));
        }
    }
    if let Some(due) = fields.get("due") {
        if !due.as_str().is_some_and(is_iso_date) {
            return Some(format!("{due} is not a date (YYYY-MM-DD)"));
        }
    }
    if let Some(effect) = fields.get("effect") {
        if !effect.as_f64().is_some_and(f64::is_finite) {
            return Some(format!("{effect} is not a number"));
        }
    }
    if let Some(cards) = fields.get("cards") {
        match cards.as_array() {
            Some(ids) if ids.len() > MAX_ACTION_CARDS => {
                return Some(format!(
                    "an action answers at most {MAX_ACTION_CARDS} cards"
                ))
            }
            Some(ids) if ids.iter().all(Value::is_string) => {}
            _ => return Some("an action's cards are card ids".into()),
        }
    }
    None
}

impl MapDoc {
    /// The first action that an update added or changed and that is not acceptable, with why;
    /// `before` is [`MapDoc::entries_before`] from before the update. Actions the update did not
    /// write are left alone (they may come from an older release).
    pub fn first_new_invalid_action(&self, before: &EntriesBefore) -> Option<(String, String)> {
        self.invalid_action_in(before, &self.written_since(before))
    }

    pub(crate) fn invalid_action_in(
        &self,
        before: &EntriesBefore,
        written: &Written,
    ) -> Option<(String, String)> {
        self.first_written_problem(
            schema::ACTIONS,
            before,
            written,
            MAX_ACTIONS_PER_MAP,
            || format!("a map holds at most {MAX_ACTIONS_PER_MAP} actions"),
            |_, v| action_problem(v),
        )
    }

    /// Adds an action; the whole action (its card list included) is written in one commit.
    pub fn add_action(&self, action: NewAction<'_>) -> Result<String, ModelError> {
        let title = action.title.trim();
        if title.is_empty() {
            return Err(ModelError::Invalid("an action needs a title".into()));
        }
        if let Some(due) = action.due {
            if !is_iso_date(due) {
                return Err(ModelError::Invalid(format!(
                    "{due} is not a date (YYYY-MM-DD)"
                )));
            }
        }
        let actions = self.loro().get_map(schema::ACTIONS);
        if actions.len() >= MAX_ACTIONS_PER_MAP {
            return Err(ModelError::Invalid(format!(
                "a map holds at most {MAX_ACTIONS_PER_MAP} actions"
            )));
        }
        let cards = self.loro().get_map(schema::CARDS);
        for card in action.cards {
            if cards.get(card).is_none() {
                return Err(ModelError::Unknown {
                    what: "card",
                    value: (*card).to_owned(),
                });
            }
        }
        if let Some(metric) = action.metric {
            if self.loro().get_map(schema::METRICS).get(metric).is_none() {
                return Err(ModelError::Unknown {
                    what: "metric",
                    value: metric.to_owned(),
                });
            }
        }
        let mut fields = serde_json::json!({
            "title": title,
            "team": action.team,
            "owner": action.owner,
            "status": action.status.unwrap_or(ActionStatus::Idea).as_str(),
            "cards": action.cards,
            "author": action.author,
            "created_at": action.created_at,
            "example": action.example,
        });
        if let Some(due) = action.due {
            fields["due"] = due.into();
        }
        if let Some(metric) = action.metric {
            fields["metric"] = metric.into();
        }
        if let Some(effect) = action.effect {
            fields["effect"] =
                serde_json::Number::from_f64(effect).map_or(Value::Null, Value::Number);
        }
        if let Some(why) = action_problem(&fields) {
            return Err(ModelError::Invalid(why));
        }
        let id = uuid::Uuid::new_v4().simple().to_string();
        let map = actions.insert_container(&id, LoroMap::new())?;
        for (key, value) in fields.as_object().into_iter().flatten() {
            match value {
                Value::String(s) => {
                    map.insert(key, s.as_str())?;
                }
                Value::Bool(b) => {
                    map.insert(key, *b)?;
                }
                Value::Number(n) if key == "created_at" => {
                    map.insert(key, n.as_i64().unwrap_or(0))?;
                }
                Value::Number(n) => {
                    map.insert(key, n.as_f64().unwrap_or(0.0))?;
                }
                _ => {}
            }
        }
        // The card list is created with its action: two peers creating it lazily would lose one.
        let list = map.insert_container("cards", LoroList::new())?;
        for card in action.cards {
            list.push(*card)?;
        }
        self.commit();
        Ok(id)
    }
}
