//! Who rated and voted: emotion ratings and votes are keyed by a participant's stable random id
//! (two people called Alice never overwrite each other), and `participants` maps each id to the
//! name and colour they chose. Also the step of the upgrade for maps written before ids existed.

use std::collections::BTreeSet;

use loro::LoroValue;

use crate::schema;
use crate::{MapDoc, ModelError};

/// Longest display name kept for a participant, in characters.
pub const MAX_PARTICIPANT_NAME_CHARS: usize = 40;

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
