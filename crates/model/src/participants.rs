//! Who rated and voted: emotion ratings and votes are keyed by a participant's stable random id
//! (two people called Alice never overwrite each other), and `participants` maps each id to the
//! name and colour they chose. Also the step of the upgrade for maps written before ids existed.

use std::collections::BTreeSet;

use loro::LoroValue;
use serde_json::Value;

use crate::entry_checks::{Writer, Written};
use crate::schema;
use crate::{EntriesBefore, MapDoc, ModelError};

/// Most people one map names (far more than take part in any workshop series).
pub const MAX_PARTICIPANTS_PER_MAP: usize = 5_000;

/// Why `v` is not a participant entry the host keeps, or `None` when it is one.
pub fn participant_problem(v: &Value) -> Option<String> {
    let Some(fields) = v.as_object() else {
        return Some("a participant is a name and a colour".into());
    };
    match fields.get("name") {
        Some(Value::String(name)) if schema::text_length(name) <= MAX_PARTICIPANT_NAME_CHARS => {}
        _ => {
            return Some(format!(
                "a participant's name is text of at most {MAX_PARTICIPANT_NAME_CHARS} characters"
            ))
        }
    }
    match fields.get("color") {
        Some(Value::String(color)) if color.len() <= 16 => None,
        _ => Some("a participant's colour is a short text".into()),
    }
}

/// Longest display name kept for a participant, in characters.
pub const MAX_PARTICIPANT_NAME_CHARS: usize = 40;
/// Participants per workshop; a room holds a few dozen, this only stops a runaway script.
pub const MAX_PARTICIPANTS: usize = 200;

/// The colours people are shown in (`(name, #rrggbb)`, lower-case): eight hues told apart at a
/// glance, each carrying white text at ≥ 4.5:1 and standing out on the dark theme at ≥ 3:1. The
/// join page offers them in this order and the host suggests from them; the UI's copy is
/// generated from here (`ui/src/wire/palette.ts`, `make wire`).
pub const PALETTE: [(&str, &str); 8] = [
    ("red", "#d32f2f"),
    ("orange", "#b45309"),
    ("green", "#2e7d32"),
    ("teal", "#00838f"),
    ("blue", "#1565c0"),
    ("purple", "#7b5ea7"),
    ("pink", "#c2185b"),
    ("brown", "#a1572a"),
];

fn valid_id(id: &str) -> bool {
    !id.trim().is_empty() && !id.contains(':') && crate::schema::text_length(id) <= 64
}

impl MapDoc {
    /// The first entry of `participants` written since `before` that `writer` may not write (a
    /// participant writes only their own) or that is not one, with why.
    pub(crate) fn invalid_participant_in(
        &self,
        before: &EntriesBefore,
        written: &Written,
        writer: &Writer,
    ) -> Option<(String, String)> {
        if let Writer::Participant(me) = writer {
            if let Some(other) = written.keys_of(schema::PARTICIPANTS).find(|k| k != me) {
                return Some((
                    other.to_owned(),
                    "a participant writes only their own name and colour".into(),
                ));
            }
        }
        self.first_written_problem(
            schema::PARTICIPANTS,
            before,
            written,
            MAX_PARTICIPANTS_PER_MAP,
            || format!("a map names at most {MAX_PARTICIPANTS_PER_MAP} participants"),
            |_, v| participant_problem(v),
        )
    }

    /// Records (or renames) a participant. Each person writes only their own entry, so a plain
    /// value per id is safe under concurrent edits.
    pub fn register_participant(
        &self,
        id: &str,
        name: &str,
        color: &str,
    ) -> Result<(), ModelError> {
        if !valid_id(id) {
            return Err(ModelError::Invalid(
                "a participant id is 1 to 64 characters without ':'".into(),
            ));
        }
        let name: String = name
            .trim()
            .chars()
            .take(MAX_PARTICIPANT_NAME_CHARS)
            .collect();
        let mut value = std::collections::HashMap::new();
        value.insert("name".to_owned(), LoroValue::from(name.as_str()));
        value.insert("color".to_owned(), LoroValue::from(color));
        self.loro()
            .get_map(schema::PARTICIPANTS)
            .insert(id, value)?;
        self.commit();
        Ok(())
    }

    /// Schema 1 → 2, inside the caller's commit: ratings and votes were keyed by display name.
    /// Each such name becomes a participant whose id is the name itself, so existing keys keep
    /// working and show the same name.
    pub(crate) fn upgrade_participants(&self) -> Result<(), ModelError> {
        let json = self.to_json();
        let mut legacy: BTreeSet<String> = BTreeSet::new();
        if let Some(all) = json.get(schema::EMOTIONS).and_then(|v| v.as_object()) {
            legacy.extend(
                all.keys()
                    .filter_map(|k| k.split_once(':'))
                    .map(|(_, who)| who.to_owned()),
            );
        }
        if let Some(all) = json.get(schema::VOTES).and_then(|v| v.as_object()) {
            legacy.extend(
                all.keys()
                    .filter_map(|k| k.splitn(3, ':').nth(2))
                    .map(str::to_owned),
            );
        }
        let participants = self.loro().get_map(schema::PARTICIPANTS);
        for name in legacy {
            if participants.get(&name).is_none() {
                let mut value = std::collections::HashMap::new();
                value.insert("name".to_owned(), LoroValue::from(name.as_str()));
                value.insert("color".to_owned(), LoroValue::from(""));
                participants.insert(&name, value)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::entry_checks::tests::{receive, replica_of};
    use crate::templates::instantiate;
    use crate::{Locale, MapDoc, Writer};

    fn replica(doc: &MapDoc) -> MapDoc {
        replica_of(doc, 11)
    }

    /// A participant names only themselves; the facilitator may name anyone (a template's sample
    /// raters); nobody writes a name longer than the join page allows.
    #[test]
    fn a_participant_writes_only_their_own_entry() {
        let host = instantiate("lifecycle", Locale::ZhCn, None, "T", 0).unwrap();
        let client = replica(&host);
        let me = Writer::Participant("p-ann".into());

        client
            .register_participant("p-ann", "安妮", "#00838f")
            .unwrap();
        let before = receive(&host, &client);
        assert!(host.first_new_invalid_entry_from(&before, &me).is_none());

        client
            .register_participant("p-bo", "冒充的 Bo", "#7b5ea7")
            .unwrap();
        let before = receive(&host, &client);
        let (key, why) = host.first_new_invalid_entry_from(&before, &me).unwrap();
        assert_eq!(key, "p-bo", "{why}");
        assert!(
            host.first_new_invalid_entry(&before).is_none(),
            "the facilitator may"
        );

        client
            .loro()
            .get_map(crate::schema::PARTICIPANTS)
            .delete("p-bo")
            .unwrap();
        client.loro().commit();
        let before = receive(&host, &client);
        assert!(
            host.first_new_invalid_entry_from(&before, &me).is_some(),
            "nor remove another"
        );

        let mut long = std::collections::HashMap::new();
        long.insert(
            "name".to_owned(),
            loro::LoroValue::from("长".repeat(41).as_str()),
        );
        long.insert("color".to_owned(), loro::LoroValue::from("#00838f"));
        client
            .loro()
            .get_map(crate::schema::PARTICIPANTS)
            .insert("p-ann", loro::LoroValue::from(long))
            .unwrap();
        client.loro().commit();
        let before = receive(&host, &client);
        assert!(host.first_new_invalid_entry_from(&before, &me).is_some());
        assert!(host.first_new_invalid_entry(&before).is_some());
    }
}
