//! What the host checks of a card a client wrote: the limits the UI and the model's writers keep
//! (a card's text, its tags), so that an update written past the UI cannot store a card no
//! screen, export or report is made for. Only the cards an update writes are checked
//! (entry_checks.rs); a card an older release wrote is left alone until someone writes into it.

use serde_json::Value;

use crate::entry_checks::{EntriesBefore, Written};
use crate::schema::{self, MAX_CARDS_PER_MAP, MAX_CARD_TEXT_CHARS, MAX_TAG_CHARS};
use crate::MapDoc;

/// Why a card as stored is not acceptable, or `None`.
pub fn card_problem(v: &Value) -> Option<String> {
    let fields = v.as_object()?;
    if let Some(text) = fields.get("text").and_then(Value::as_str) {
        if schema::text_length(text) > MAX_CARD_TEXT_CHARS {
            return Some(format!(
                "a card can hold at most {MAX_CARD_TEXT_CHARS} characters"
            ));
        }
    }
    let tags = fields.get("tags").and_then(Value::as_array);
    if tags.is_some_and(|tags| {
        tags.iter()
            .filter_map(Value::as_str)
            .any(|tag| schema::text_length(tag) > MAX_TAG_CHARS)
    }) {
        return Some(format!(
            "a card's tag can be at most {MAX_TAG_CHARS} characters"
        ));
    }
    None
}

impl MapDoc {
    pub(crate) fn invalid_card_in(
        &self,
        before: &EntriesBefore,
        written: &Written,
    ) -> Option<(String, String)> {
        self.first_written_problem(
            schema::CARDS,
            before,
            written,
            MAX_CARDS_PER_MAP,
            || format!("a map holds at most {MAX_CARDS_PER_MAP} cards"),
            |_, v| card_problem(v),
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::templates::instantiate;
    use crate::Locale;

    fn card_text(doc: &MapDoc, id: &str) -> loro::LoroText {
        crate::entry_checks::tests::entry_text(doc, schema::CARDS, id)
    }

    #[test]
    fn a_card_written_past_its_limits_is_refused_and_others_are_left_alone() {
        let doc = instantiate("lifecycle", Locale::ZhCn, None, "T", 0).unwrap();
        let id = doc.view().cards[0].id.clone();
        let before = doc.entries_before();
        let text = card_text(&doc, &id);
        text.insert(0, &"长".repeat(MAX_CARD_TEXT_CHARS)).unwrap();
        let (which, why) = doc.first_new_invalid_entry(&before).unwrap();
        assert_eq!(which, id);
        assert!(why.contains("at most"), "{why}");

        // Exactly at the limit (𠮷 counts as one character) is fine.
        text.delete(0, text.len_unicode()).unwrap();
        text.insert(0, &"𠮷".repeat(MAX_CARD_TEXT_CHARS)).unwrap();
        assert!(doc.first_new_invalid_entry(&before).is_none());

        // A card already too long does not block an edit of another card.
        let now = doc.entries_before();
        text.insert(0, "多").unwrap();
        doc.loro().commit();
        let later = doc.entries_before();
        let other = doc.view().cards[1].id.clone();
        card_text(&doc, &other).insert(0, "好").unwrap();
        assert!(doc.first_new_invalid_entry(&later).is_none());
        assert!(doc.first_new_invalid_entry(&now).is_some());
    }

    #[test]
    fn a_tag_past_its_limit_is_refused() {
        assert!(card_problem(&serde_json::json!({"text": "x", "tags": ["ok"]})).is_none());
        let long = "标".repeat(MAX_TAG_CHARS + 1);
        assert!(card_problem(&serde_json::json!({"text": "x", "tags": [long]})).is_some());
    }
}
