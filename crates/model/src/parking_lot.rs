//! The parking lot (`parking`: item id → map, `docs/map-document.md`): topics raised in a
//! workshop that are set aside to come back to, listed in the report. An item is written whole in
//! one commit, its `text` container with it (two peers creating it lazily would lose one side);
//! the text is then edited in place, so two people changing the same topic keep both edits. The
//! host checks every item an update adds or changes, whoever sent it.

use loro::{LoroMap, LoroText};
use serde_json::Value;

use crate::entry_checks::{EntriesBefore, Written};
use crate::schema::{
    self, MAX_PARKING_ITEMS_PER_MAP, MAX_PARKING_TEXT_CHARS, MAX_PERSON_NAME_CHARS,
};
use crate::{MapDoc, ModelError};

/// Why a parking-lot item as stored is not acceptable, or `None`.
pub fn parking_item_problem(v: &Value) -> Option<String> {
    let Some(fields) = v.as_object() else {
        return Some("a parking-lot item must be a map".into());
    };
    let Some(text) = fields.get("text").and_then(Value::as_str) else {
        return Some("a parking-lot item needs its text".into());
    };
    if schema::text_length(text) > MAX_PARKING_TEXT_CHARS {
        return Some(format!(
            "a parking-lot item can be at most {MAX_PARKING_TEXT_CHARS} characters"
        ));
    }
    match fields.get("author") {
        Some(Value::String(a)) if schema::text_length(a) <= MAX_PERSON_NAME_CHARS => {}
        _ => return Some("a parking-lot item's author is not a name".into()),
    }
    if !fields.get("created_at").is_some_and(Value::is_number) {
        return Some("a parking-lot item needs the time it was made".into());
    }
    None
}

impl MapDoc {
    /// The first parking-lot item an update added or changed that is not acceptable, with why;
    /// `before` is [`MapDoc::entries_before`] from before the update.
    pub fn first_new_invalid_parking_item(
        &self,
        before: &EntriesBefore,
    ) -> Option<(String, String)> {
        self.invalid_parking_item_in(before, &self.written_since(before))
    }

    pub(crate) fn invalid_parking_item_in(
        &self,
        before: &EntriesBefore,
        written: &Written,
    ) -> Option<(String, String)> {
        self.first_written_problem(
            schema::PARKING,
            before,
            written,
            MAX_PARKING_ITEMS_PER_MAP,
            || format!("a parking lot holds at most {MAX_PARKING_ITEMS_PER_MAP} topics"),
            |_, v| parking_item_problem(v),
        )
    }

    /// Parks a topic; returns the item's id.
    pub fn park(&self, text: &str, author: &str, created_at: i64) -> Result<String, ModelError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ModelError::Invalid("a parked topic needs some text".into()));
        }
        let fields =
            serde_json::json!({ "text": text, "author": author, "created_at": created_at });
        if let Some(why) = parking_item_problem(&fields) {
            return Err(ModelError::Invalid(why));
        }
        let parking = self.loro().get_map(schema::PARKING);
        if parking.len() >= MAX_PARKING_ITEMS_PER_MAP {
            return Err(ModelError::Invalid(format!(
                "a parking lot holds at most {MAX_PARKING_ITEMS_PER_MAP} topics"
            )));
        }
        let id = uuid::Uuid::new_v4().simple().to_string();
        let item = parking.insert_container(&id, LoroMap::new())?;
        item.insert_container("text", LoroText::new())?
            .insert(0, text)?;
        item.insert("author", author)?;
        item.insert("created_at", created_at)?;
        self.commit();
        Ok(id)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::templates::instantiate;
    use crate::Locale;

    fn map() -> MapDoc {
        instantiate("lifecycle", Locale::ZhTw, None, "T", 0).unwrap()
    }

    #[test]
    fn a_parked_topic_is_read_back_in_order_with_its_author() {
        let doc = map();
        let first = doc.park("  退貨流程誰負責？ ", "林", 2).unwrap();
        let second = doc.park("Pricing page A/B test", "Ann", 1).unwrap();
        let parking = doc.view().parking;
        let ids: Vec<&str> = parking.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, [second.as_str(), first.as_str()]);
        assert_eq!(parking[1].text, "退貨流程誰負責？");
        assert_eq!(parking[1].author, "林");
        assert!(doc
            .first_new_invalid_parking_item(&crate::EntriesBefore::nothing())
            .is_none());
    }

    #[test]
    fn refuses_empty_and_overlong_topics() {
        let doc = map();
        assert!(doc.park("  ", "林", 1).is_err());
        let long = "停".repeat(MAX_PARKING_TEXT_CHARS + 1);
        assert!(doc.park(&long, "林", 1).is_err());
        assert!(doc
            .park(&"停".repeat(MAX_PARKING_TEXT_CHARS), "林", 1)
            .is_ok());
    }

    #[test]
    fn the_host_check_refuses_items_it_cannot_read_and_growth_past_the_limit() {
        let doc = map();
        let before = doc.entries_before();
        let parking = doc.loro().get_map(schema::PARKING);
        let item = parking.insert_container("x", LoroMap::new()).unwrap();
        item.insert("text", "no author").unwrap();
        doc.commit();
        let (id, why) = doc.first_new_invalid_parking_item(&before).unwrap();
        assert_eq!(id, "x");
        assert!(why.contains("author"), "{why}");

        let before = doc.entries_before();
        item.insert("author", "林").unwrap();
        item.insert("created_at", 1).unwrap();
        item.insert("text", "超".repeat(MAX_PARKING_TEXT_CHARS + 1))
            .unwrap();
        doc.commit();
        let (_, why) = doc.first_new_invalid_parking_item(&before).unwrap();
        assert!(why.contains("at most"), "{why}");

        // An item already there unchanged is left alone; a new one past the limit is refused.
        let before = doc.entries_before();
        for i in 0..MAX_PARKING_ITEMS_PER_MAP {
            let m = parking
                .insert_container(&format!("p{i}"), LoroMap::new())
                .unwrap();
            m.insert("text", "t").unwrap();
            m.insert("author", "a").unwrap();
            m.insert("created_at", 1).unwrap();
        }
        doc.commit();
        let (_, why) = doc.first_new_invalid_parking_item(&before).unwrap();
        assert!(why.contains("at most 500 topics"), "{why}");
    }
}
