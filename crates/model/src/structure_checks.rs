//! What the host checks of the map's header, stages and lanes a client wrote: the length limits
//! the UI and the model's writers keep (a title 200 characters, a stage's description 2,000, the
//! scenario and expectations 10,000), so that an update written past the UI cannot give every
//! participant's board, and the report, a title of megabytes.

use serde_json::Value;

use crate::entry_checks::{EntriesBefore, Written};
use crate::schema::{self, MAX_META_TEXT_CHARS, MAX_STAGE_DESCRIPTION_CHARS, MAX_TITLE_CHARS};
use crate::MapDoc;

/// Why `field` of something stored is longer than `max` characters, or `None`.
fn too_long(fields: &Value, field: &str, max: usize, what: &str) -> Option<String> {
    let text = fields.get(field)?.as_str()?;
    (schema::text_length(text) > max).then(|| format!("{what} can be at most {max} characters"))
}

/// Why a field of the map's header (`meta`) is not acceptable, or `None`.
pub fn meta_problem(key: &str, value: &Value) -> Option<String> {
    let max = match key {
        "title" => MAX_TITLE_CHARS,
        "scenario" | "expectations" => MAX_META_TEXT_CHARS,
        _ => return None,
    };
    let text = value.as_str()?;
    (schema::text_length(text) > max)
        .then(|| format!("the map's {key} can be at most {max} characters"))
}

/// Why a stage as stored is not acceptable, or `None`.
pub fn stage_problem(stage: &Value) -> Option<String> {
    too_long(stage, "title", MAX_TITLE_CHARS, "a stage's title").or_else(|| {
        too_long(
            stage,
            "description",
            MAX_STAGE_DESCRIPTION_CHARS,
            "a stage's description",
        )
    })
}

/// Why a lane as stored is not acceptable, or `None`.
pub fn lane_problem(lane: &Value) -> Option<String> {
    too_long(lane, "title", MAX_TITLE_CHARS, "a lane's title")
}

impl MapDoc {
    pub(crate) fn invalid_structure_in(
        &self,
        before: &EntriesBefore,
        written: &Written,
    ) -> Option<(String, String)> {
        self.first_written_problem(
            schema::META,
            before,
            written,
            usize::MAX,
            String::new,
            meta_problem,
        )
        .or_else(|| self.first_list_problem(schema::STAGES, written, stage_problem))
        .or_else(|| self.first_list_problem(schema::LANES, written, lane_problem))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::templates::instantiate;
    use crate::Locale;

    /// The map of `list` at `index`.
    fn item(doc: &MapDoc, list: &str, index: usize) -> loro::LoroMap {
        match doc.loro().get_movable_list(list).get(index) {
            Some(loro::ValueOrContainer::Container(loro::Container::Map(m))) => m,
            other => panic!("{list}[{index}]: {other:?}"),
        }
    }

    /// A write a client could make.
    type Write<'a> = Box<dyn Fn(&MapDoc) + 'a>;

    #[test]
    fn titles_and_descriptions_written_past_their_limits_are_refused() {
        let doc = instantiate("lifecycle", Locale::ZhTw, None, "T", 0).unwrap();
        let long_title = "長".repeat(MAX_TITLE_CHARS + 1);
        let cases: [(&str, Write); 4] = [
            (
                "title",
                Box::new(|d| {
                    d.loro()
                        .get_map(schema::META)
                        .insert("title", long_title.as_str())
                        .unwrap();
                }),
            ),
            (
                "scenario",
                Box::new(|d| {
                    let long = "情".repeat(MAX_META_TEXT_CHARS + 1);
                    d.loro()
                        .get_map(schema::META)
                        .insert("scenario", long.as_str())
                        .unwrap();
                }),
            ),
            (
                "stage",
                Box::new(|d| {
                    let long = "述".repeat(MAX_STAGE_DESCRIPTION_CHARS + 1);
                    item(d, schema::STAGES, 1)
                        .insert("description", long.as_str())
                        .unwrap();
                }),
            ),
            (
                "lane",
                Box::new(|d| {
                    item(d, schema::LANES, 2)
                        .insert("title", long_title.as_str())
                        .unwrap();
                }),
            ),
        ];
        for (what, write) in cases {
            let copy = MapDoc::load(Some(&doc.export_snapshot().unwrap()), &[]).unwrap();
            let before = copy.entries_before();
            write(&copy);
            let (_, why) = copy.first_new_invalid_entry(&before).expect(what);
            assert!(why.contains("at most"), "{what}: {why}");
        }

        // At the limit, and a new stage with a good title, are fine.
        let before = doc.entries_before();
        doc.set_title(&"題".repeat(MAX_TITLE_CHARS)).unwrap();
        doc.add_stage("售後", "", "blue", crate::Phase::PostSale)
            .unwrap();
        assert!(doc.first_new_invalid_entry(&before).is_none());
    }

    #[test]
    fn the_stages_written_as_another_type_are_refused() {
        let doc = instantiate("lifecycle", Locale::En, None, "T", 0).unwrap();
        let before = doc.entries_before();
        doc.loro().get_map(schema::STAGES).insert("x", 1).unwrap();
        let (_, why) = doc.first_new_invalid_entry(&before).unwrap();
        assert!(why.contains("must be a list"), "{why}");
    }
}
