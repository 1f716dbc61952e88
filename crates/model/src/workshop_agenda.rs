//! The workshop's agenda: the facilitator plans the session as timed sections ("Warm-up, 5 min",
//! "Map the pain points, 15 min", "Dot voting, 5 min") and moves through them; starting a section
//! starts everyone's timer with its title and length (`workshop_timer.rs`), and every screen shows
//! where the workshop stands. One plain value under `workshop.agenda`, written whole by the
//! facilitator like the timer and the voting round; the host refuses anyone else's write to the
//! `workshop` root and an agenda that is not one ([`agenda_problem`]).

use std::collections::{HashMap, HashSet};

use loro::LoroValue;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::schema::{
    self, MAX_AGENDA_SECTIONS, MAX_AGENDA_SECTION_ID_CHARS, MAX_TIMER_LABEL_CHARS,
    MAX_TIMER_MINUTES,
};
use crate::workshop_values::WorkshopEntry;
use crate::{MapDoc, ModelError};

/// The agenda's key in the `workshop` root.
pub const AGENDA: &str = "agenda";

/// One timed section of the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaSection {
    pub id: String,
    /// What the section is for; it becomes the timer's label, so it has the label's limit.
    pub title: String,
    /// Its planned length, in whole minutes (1 to the longest timer).
    pub minutes: i64,
}

/// The agenda as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agenda {
    /// The sections in their planned order.
    pub sections: Vec<AgendaSection>,
    /// The section under way, if one was started; the ones before it in the list are behind.
    #[serde(default)]
    pub current: Option<String>,
}

/// Why `v` is not one section, or `None` when it is one; `seen` holds the ids before it.
fn section_problem(v: &Value, seen: &mut HashSet<String>) -> Option<String> {
    let Some(fields) = v.as_object() else {
        return Some("an agenda section must be a value with its fields".into());
    };
    if let Some(other) = fields
        .keys()
        .find(|k| !["id", "title", "minutes"].contains(&k.as_str()))
    {
        return Some(format!("an agenda section has no field {other:?}"));
    }
    match fields.get("id").and_then(Value::as_str) {
        Some(id)
            if !id.is_empty()
                && id.chars().count() <= MAX_AGENDA_SECTION_ID_CHARS
                && seen.insert(id.to_owned()) => {}
        _ => return Some("each agenda section has an id of its own".into()),
    }
    match fields.get("title").and_then(Value::as_str) {
        Some(title) if schema::text_length(title) <= MAX_TIMER_LABEL_CHARS => {}
        _ => {
            return Some(format!(
                "an agenda section's title is text of at most {MAX_TIMER_LABEL_CHARS} characters"
            ))
        }
    }
    match fields.get("minutes").and_then(Value::as_i64) {
        Some(m) if (1..=MAX_TIMER_MINUTES as i64).contains(&m) => None,
        _ => Some(format!(
            "an agenda section lasts from 1 to {MAX_TIMER_MINUTES} whole minutes"
        )),
    }
}

/// Why `v` is not an agenda the host keeps, or `None` when it is one.
pub fn agenda_problem(v: &Value) -> Option<String> {
    let Some(fields) = v.as_object() else {
        return Some("the agenda must be a value with its fields".into());
    };
    if let Some(other) = fields
        .keys()
        .find(|k| !["sections", "current"].contains(&k.as_str()))
    {
        return Some(format!("the agenda has no field {other:?}"));
    }
    let Some(sections) = fields.get("sections").and_then(Value::as_array) else {
        return Some("the agenda's sections must be a list".into());
    };
    if sections.len() > MAX_AGENDA_SECTIONS {
        return Some(format!(
            "an agenda has at most {MAX_AGENDA_SECTIONS} sections"
        ));
    }
    let mut seen = HashSet::new();
    if let Some(why) = sections.iter().find_map(|s| section_problem(s, &mut seen)) {
        return Some(why);
    }
    match fields.get("current") {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) if seen.contains(id) => None,
        Some(_) => Some("the agenda's current section must be one of its sections".into()),
    }
}

/// The agenda as the plain Loro value the UI writes too.
fn agenda_value(a: &Agenda) -> LoroValue {
    let sections: Vec<LoroValue> = a
        .sections
        .iter()
        .map(|s| {
            let mut fields: HashMap<String, LoroValue> = HashMap::new();
            fields.insert("id".into(), LoroValue::from(s.id.as_str()));
            fields.insert("title".into(), LoroValue::from(s.title.as_str()));
            fields.insert("minutes".into(), LoroValue::I64(s.minutes));
            LoroValue::from(fields)
        })
        .collect();
    let mut fields: HashMap<String, LoroValue> = HashMap::new();
    fields.insert("sections".into(), LoroValue::from(sections));
    fields.insert(
        "current".into(),
        a.current
            .as_deref()
            .map_or(LoroValue::Null, LoroValue::from),
    );
    LoroValue::from(fields)
}

const ENTRY: WorkshopEntry<Agenda> = WorkshopEntry {
    key: AGENDA,
    what: "the agenda",
    problem: agenda_problem,
    to_loro: agenda_value,
};

impl MapDoc {
    /// The workshop's agenda, if one was written and reads as one.
    pub fn agenda(&self) -> Option<Agenda> {
        self.workshop_entry(&ENTRY)
    }

    /// Writes (or with `None` removes) the workshop's agenda, as the facilitator's screen does.
    pub fn set_agenda(&self, agenda: Option<&Agenda>) -> Result<(), ModelError> {
        self.set_workshop_entry(&ENTRY, agenda)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "workshop_agenda_tests.rs"]
mod tests;
