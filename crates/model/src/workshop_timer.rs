//! The workshop's timer: one countdown every screen shows. It is one plain value under
//! `workshop.timer`, written whole by the facilitator (so two writes never mix fields) and read
//! by everyone. Its times are the host's clock in milliseconds: each screen corrects its own clock
//! by the offset the host tells it when it joins the map, so a participant whose laptop clock is
//! off sees the same time left as the facilitator.
//!
//! Only the facilitator writes the `workshop` root; the host refuses anyone else's write to it,
//! whatever their role, and refuses a timer that is not one ([`timer_problem`]).

use std::collections::HashMap;

use loro::LoroValue;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::entry_checks::{Writer, Written};
use crate::schema::{self, MAX_TIMER_LABEL_CHARS, MAX_TIMER_MINUTES, WORKSHOP};
use crate::workshop_agenda::{agenda_problem, AGENDA};
use crate::workshop_brainstorm::{brainstorm_problem, BRAINSTORM};
use crate::workshop_values::WorkshopEntry;
use crate::workshop_voting::{voting_problem, VOTING};
use crate::{EntriesBefore, MapDoc, ModelError};

/// The timer's key in the `workshop` root.
pub const TIMER: &str = "timer";
/// Every key the `workshop` root may hold.
pub const WORKSHOP_KEYS: &[&str] = &[TIMER, VOTING, AGENDA, BRAINSTORM];

/// Shortest timer, in milliseconds.
pub const MIN_TIMER_MS: i64 = 1_000;
/// Longest timer, in milliseconds.
pub const MAX_TIMER_MS: i64 = MAX_TIMER_MINUTES as i64 * 60_000;
/// Latest `ends_at` accepted (the largest integer both sides read exactly).
const MAX_TIME_MS: i64 = (1 << 53) - 1;

/// The timer as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timer {
    /// What it was set to (minutes added while it runs count too).
    pub duration_ms: i64,
    /// When it reaches zero, on the host's clock; `None` while paused or not started.
    pub ends_at: Option<i64>,
    /// Time left when it was paused or set (meaningful while `ends_at` is `None`).
    pub remaining_ms: i64,
    /// What the time is for ("Brainstorm pain points"); may be empty.
    #[serde(default)]
    pub label: String,
}

/// Why `v` is not a timer the host keeps, or `None` when it is one.
pub fn timer_problem(v: &Value) -> Option<String> {
    let Some(fields) = v.as_object() else {
        return Some("the timer must be a value with its fields".into());
    };
    if let Some(other) = fields
        .keys()
        .find(|k| !["duration_ms", "ends_at", "remaining_ms", "label"].contains(&k.as_str()))
    {
        return Some(format!("the timer has no field {other:?}"));
    }
    let whole = |key: &str| fields.get(key).and_then(Value::as_i64);
    let Some(duration) = whole("duration_ms") else {
        return Some("the timer's duration must be a whole number of milliseconds".into());
    };
    if !(MIN_TIMER_MS..=MAX_TIMER_MS).contains(&duration) {
        return Some(format!(
            "a timer runs from 1 second to {MAX_TIMER_MINUTES} minutes"
        ));
    }
    match whole("remaining_ms") {
        Some(left) if (0..=duration).contains(&left) => {}
        _ => return Some("the time left must be between zero and the timer's duration".into()),
    }
    match fields.get("ends_at") {
        None | Some(Value::Null) => {}
        Some(v) if v.as_i64().is_some_and(|t| (0..=MAX_TIME_MS).contains(&t)) => {}
        Some(_) => return Some("the timer's end must be a time in milliseconds or null".into()),
    }
    match fields.get("label") {
        None => None,
        Some(Value::String(label)) if schema::text_length(label) <= MAX_TIMER_LABEL_CHARS => None,
        Some(_) => Some(format!(
            "the timer's label is text of at most {MAX_TIMER_LABEL_CHARS} characters"
        )),
    }
}

const ENTRY: WorkshopEntry<Timer> = WorkshopEntry {
    key: TIMER,
    what: "the timer",
    problem: timer_problem,
    to_loro: timer_value,
};

/// The timer as the plain Loro value the UI writes too.
fn timer_value(t: &Timer) -> LoroValue {
    let mut fields: HashMap<String, LoroValue> = HashMap::new();
    fields.insert("duration_ms".into(), LoroValue::I64(t.duration_ms));
    fields.insert(
        "ends_at".into(),
        t.ends_at.map_or(LoroValue::Null, LoroValue::I64),
    );
    fields.insert("remaining_ms".into(), LoroValue::I64(t.remaining_ms));
    fields.insert("label".into(), LoroValue::from(t.label.as_str()));
    LoroValue::from(fields)
}

impl MapDoc {
    /// The first entry of the `workshop` root written since `before` that `writer` may not write
    /// or that is not acceptable, with why.
    pub(crate) fn invalid_workshop_in(
        &self,
        before: &EntriesBefore,
        written: &Written,
        writer: &Writer,
    ) -> Option<(String, String)> {
        if written.keys_of(WORKSHOP).next().is_none() && !written.wrote_other_type(WORKSHOP) {
            return None;
        }
        if *writer != Writer::Facilitator {
            if let Some(key) = written.keys_of(WORKSHOP).next() {
                return Some((
                    key.to_owned(),
                    "only the facilitator runs the workshop's timer, agenda, voting rounds and brainstorms"
                        .into(),
                ));
            }
            if written.wrote_other_type(WORKSHOP) {
                return Some((
                    String::new(),
                    "only the facilitator runs the workshop".into(),
                ));
            }
        }
        self.first_written_problem(
            WORKSHOP,
            before,
            written,
            WORKSHOP_KEYS.len(),
            || "the workshop holds only its timer, agenda, voting round and brainstorm".into(),
            |key, v| match key {
                TIMER => timer_problem(v),
                VOTING => voting_problem(v),
                AGENDA => agenda_problem(v),
                BRAINSTORM => brainstorm_problem(v),
                _ => Some(format!("the workshop has no {key:?}")),
            },
        )
    }

    /// The workshop's timer, if one was set and reads as one.
    pub fn timer(&self) -> Option<Timer> {
        self.workshop_entry(&ENTRY)
    }

    /// Sets (or with `None` clears) the workshop's timer, as the facilitator's screen does.
    pub fn set_timer(&self, timer: Option<&Timer>) -> Result<(), ModelError> {
        self.set_workshop_entry(&ENTRY, timer)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::HashMap;

    use loro::LoroValue;
    use serde_json::{json, Value};

    use super::{timer_problem, Timer, MAX_TIMER_MS, TIMER};
    use crate::entry_checks::tests::{receive, replica_of};
    use crate::schema::WORKSHOP;
    use crate::templates::instantiate;
    use crate::{Locale, MapDoc, Writer};

    const T0: i64 = 1_800_000_000_000;

    fn participant() -> Writer {
        Writer::Participant("p-9".into())
    }

    fn timer(ends_at: Option<i64>) -> Timer {
        Timer {
            duration_ms: 300_000,
            ends_at,
            remaining_ms: 300_000,
            label: "头脑风暴：痛点".into(),
        }
    }

    fn replica(doc: &MapDoc) -> MapDoc {
        replica_of(doc, 9)
    }

    /// A JSON value as a plain Loro value (what a client could write by hand).
    fn loro_value(v: &Value) -> LoroValue {
        match v {
            Value::Null => LoroValue::Null,
            Value::Bool(b) => LoroValue::Bool(*b),
            Value::Number(n) => n
                .as_i64()
                .map_or_else(|| LoroValue::Double(n.as_f64().unwrap()), LoroValue::I64),
            Value::String(s) => LoroValue::from(s.as_str()),
            Value::Array(items) => {
                LoroValue::from(items.iter().map(loro_value).collect::<Vec<_>>())
            }
            Value::Object(fields) => LoroValue::from(
                fields
                    .iter()
                    .map(|(k, v)| (k.clone(), loro_value(v)))
                    .collect::<HashMap<_, _>>(),
            ),
        }
    }

    /// The facilitator's replica sets, pauses and clears the timer; a participant's write of the
    /// same value, or its clearing, is refused.
    #[test]
    fn only_the_facilitator_runs_the_timer() {
        let host = instantiate("lifecycle", Locale::ZhCn, None, "T", 0).unwrap();
        let client = replica(&host);
        client.set_timer(Some(&timer(Some(T0 + 300_000)))).unwrap();
        let before = receive(&host, &client);
        assert!(host
            .first_new_invalid_entry_from(&before, &Writer::Facilitator)
            .is_none());
        let (key, why) = host
            .first_new_invalid_entry_from(&before, &participant())
            .unwrap();
        assert_eq!(key, TIMER);
        assert!(why.contains("facilitator"), "{why}");
        assert_eq!(host.timer(), Some(timer(Some(T0 + 300_000))));

        client.set_timer(None).unwrap();
        let before = receive(&host, &client);
        assert!(host
            .first_new_invalid_entry_from(&before, &participant())
            .is_some());
        assert!(host.first_new_invalid_entry(&before).is_none());
        assert_eq!(host.timer(), None);

        // A participant's edit elsewhere is not touched by the rule.
        let card = client.view().cards[0].id.clone();
        client.set_card_text(&card, "参与者改的卡片").unwrap();
        let before = receive(&host, &client);
        assert!(host
            .first_new_invalid_entry_from(&before, &participant())
            .is_none());
    }

    /// However a participant dresses a write to the workshop up — a container inside it, text in
    /// that container later, a root of the same name and another type — it is refused.
    #[test]
    fn no_participant_write_reaches_the_workshop_root() {
        let host = instantiate("lifecycle", Locale::En, None, "T", 0).unwrap();
        let client = replica(&host);
        let inner = client
            .loro()
            .get_map(WORKSHOP)
            .insert_container("timer", loro::LoroMap::new())
            .unwrap();
        client.loro().commit();
        let before = receive(&host, &client);
        assert!(host
            .first_new_invalid_entry_from(&before, &participant())
            .is_some());
        inner.insert("duration_ms", 60_000).unwrap();
        client.loro().commit();
        let before = receive(&host, &client);
        assert!(host
            .first_new_invalid_entry_from(&before, &participant())
            .is_some());

        let fresh = instantiate("lifecycle", Locale::En, None, "T", 0).unwrap();
        let other = replica(&fresh);
        other.loro().get_list(WORKSHOP).insert(0, 1).unwrap();
        other.loro().commit();
        let before = receive(&fresh, &other);
        let (_, why) = fresh
            .first_new_invalid_entry_from(&before, &participant())
            .unwrap();
        assert!(why.contains("facilitator"), "{why}");
    }

    #[test]
    fn a_timer_that_is_not_one_is_refused_whoever_writes_it() {
        let well = json!({"duration_ms": 60_000, "ends_at": T0, "remaining_ms": 60_000, "label": "𠮷".repeat(80)});
        assert_eq!(timer_problem(&well), None);
        let paused = json!({"duration_ms": 60_000, "ends_at": null, "remaining_ms": 0});
        assert_eq!(timer_problem(&paused), None);
        for (bad, what) in [
            (json!("5 min"), "not a value with fields"),
            (
                json!({"duration_ms": 999, "ends_at": null, "remaining_ms": 0}),
                "too short",
            ),
            (
                json!({"duration_ms": MAX_TIMER_MS + 1, "ends_at": null, "remaining_ms": 0}),
                "too long",
            ),
            (
                json!({"duration_ms": 60_000.5, "ends_at": null, "remaining_ms": 0}),
                "not whole",
            ),
            (
                json!({"duration_ms": 60_000, "ends_at": null, "remaining_ms": 90_000}),
                "more left than set",
            ),
            (
                json!({"duration_ms": 60_000, "ends_at": null, "remaining_ms": -1}),
                "less than nothing left",
            ),
            (
                json!({"duration_ms": 60_000, "ends_at": "soon", "remaining_ms": 0}),
                "an end that is no time",
            ),
            (
                json!({"duration_ms": 60_000, "ends_at": -5, "remaining_ms": 0}),
                "an end before 1970",
            ),
            (
                json!({"duration_ms": 60_000, "ends_at": null, "remaining_ms": 0, "label": "长".repeat(81)}),
                "a long label",
            ),
            (
                json!({"duration_ms": 60_000, "ends_at": null, "remaining_ms": 0, "sound": "bell"}),
                "a field it has not",
            ),
        ] {
            assert!(timer_problem(&bad).is_some(), "{what}: {bad}");
        }

        let host = instantiate("lifecycle", Locale::ZhTw, None, "T", 0).unwrap();
        let client = replica(&host);
        let workshop = client.loro().get_map(WORKSHOP);
        workshop
            .insert(
                TIMER,
                loro_value(&json!({"duration_ms": 0, "ends_at": null, "remaining_ms": 0})),
            )
            .unwrap();
        client.loro().commit();
        let before = receive(&host, &client);
        let (key, _) = host.first_new_invalid_entry(&before).unwrap();
        assert_eq!(key, TIMER);
        assert_eq!(host.timer(), None, "an unreadable timer reads as none");

        // The workshop root holds only its timer, voting round and agenda: an entry of another
        // name is refused, with the reason that the workshop has no such thing.
        workshop.insert("notes", "開場 5 分鐘").unwrap();
        client.loro().commit();
        let before = receive(&host, &client);
        assert!(host.first_new_invalid_entry(&before).is_some());
        let fresh = instantiate("lifecycle", Locale::ZhTw, None, "T", 0).unwrap();
        let other = replica(&fresh);
        other
            .loro()
            .get_map(WORKSHOP)
            .insert("notes", "開場")
            .unwrap();
        other.loro().commit();
        let before = receive(&fresh, &other);
        let (key, why) = fresh.first_new_invalid_entry(&before).unwrap();
        assert_eq!(key, "notes", "{why}");
        assert!(why.contains("has no \"notes\""), "{why}");
        assert!(client
            .set_timer(Some(&Timer {
                duration_ms: 10,
                ..timer(None)
            }))
            .is_err());
    }
}
