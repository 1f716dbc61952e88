//! Typed edits of a map document. Each call is one Loro commit, validated first so that bad
//! input never reaches the document.

use std::collections::HashMap;

use loro::{LoroList, LoroMap, LoroText, LoroValue, UpdateOptions, ValueOrContainer};

use crate::lane_data::cell_key;
use crate::metric_numbers::allowed_range;
use crate::metrics::{Direction, METRIC_KINDS};
use crate::schema::{
    self, Confidence, LaneKind, Locale, Phase, Separator, CARD_COLORS, CHANNEL_IDS, SCHEMA_VERSION,
};
use crate::{position, MapDoc, ModelError};

/// What a new card holds; the model fills in id, position, confidence and time.
#[derive(Debug, Clone, Default)]
pub struct NewCard<'a> {
    pub stage: &'a str,
    pub lane: &'a str,
    pub text: &'a str,
    pub color: &'a str,
    pub author: &'a str,
    pub department: &'a str,
    pub tags: &'a [&'a str],
    pub created_at: i64,
    /// Defaults to an assumption.
    pub confidence: Option<Confidence>,
    /// Marks template content.
    pub example: bool,
}

/// A new metric tile of a stage.
#[derive(Debug, Clone)]
pub struct NewMetric<'a> {
    pub stage: &'a str,
    /// The metrics lane that shows it.
    pub lane: &'a str,
    pub kind: &'a str,
    pub label: &'a str,
    pub unit: &'a str,
    pub direction: Direction,
    pub expected: Option<f64>,
    pub current: Option<f64>,
    pub amber: f64,
    pub red: f64,
    pub example: bool,
}

fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

fn check_title(title: &str) -> Result<String, ModelError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(ModelError::Invalid("a title cannot be empty".into()));
    }
    if schema::text_length(title) > schema::MAX_TITLE_CHARS {
        return Err(ModelError::Invalid(format!(
            "a title can be at most {} characters",
            schema::MAX_TITLE_CHARS
        )));
    }
    Ok(title.to_owned())
}

fn check_card_text(text: &str) -> Result<(), ModelError> {
    if schema::text_length(text) > schema::MAX_CARD_TEXT_CHARS {
        return Err(ModelError::Invalid(format!(
            "a card can hold at most {} characters",
            schema::MAX_CARD_TEXT_CHARS
        )));
    }
    Ok(())
}

fn check_color(color: &str) -> Result<(), ModelError> {
    if CARD_COLORS.contains(&color) {
        Ok(())
    } else {
        Err(ModelError::Unknown {
            what: "colour",
            value: color.to_owned(),
        })
    }
}

fn placement_value(stage: &str, lane: &str, pos: &str) -> LoroValue {
    let mut m: HashMap<String, LoroValue> = HashMap::new();
    m.insert("stage".into(), stage.into());
    m.insert("lane".into(), lane.into());
    m.insert("pos".into(), pos.into());
    m.into()
}

impl MapDoc {
    pub(crate) fn commit(&self) {
        self.loro().commit();
    }

    pub(crate) fn card_map(&self, id: &str) -> Result<LoroMap, ModelError> {
        match self.loro().get_map(schema::CARDS).get(id) {
            Some(ValueOrContainer::Container(loro::Container::Map(m))) => Ok(m),
            _ => Err(ModelError::Unknown {
                what: "card",
                value: id.to_owned(),
            }),
        }
    }

    /// Index of the stage or lane with `id` in the movable list `list`.
    fn entry_index(&self, list: &str, id: &str) -> Option<usize> {
        let list = self.loro().get_movable_list(list);
        (0..list.len()).find(|&i| match list.get(i) {
            Some(ValueOrContainer::Container(loro::Container::Map(m))) => m
                .get("id")
                .and_then(|v| v.into_value().ok())
                .and_then(|v| v.into_string().ok())
                .is_some_and(|s| s.as_str() == id),
            _ => false,
        })
    }

    fn has_entry(&self, list: &str, id: &str) -> bool {
        self.entry_index(list, id).is_some()
    }

    /// Writes the header of a new map.
    pub fn init_meta(&self, title: &str, locale: Locale, template: &str) -> Result<(), ModelError> {
        let meta = self.loro().get_map(schema::META);
        meta.insert("title", check_title(title)?)?;
        meta.insert("scenario", "")?;
        meta.insert("expectations", "")?;
        meta.insert("locale", locale.as_str())?;
        meta.insert("template", template)?;
        meta.insert("schema_version", SCHEMA_VERSION)?;
        self.commit();
        Ok(())
    }

    pub fn set_title(&self, title: &str) -> Result<(), ModelError> {
        let title = check_title(title)?;
        self.loro().get_map(schema::META).insert("title", title)?;
        self.commit();
        Ok(())
    }

    /// Records whose emotion ratings came with a template, so "clear examples" removes them.
    pub fn mark_example_raters(&self, names: &[&str]) -> Result<(), ModelError> {
        let list: Vec<LoroValue> = names.iter().map(|n| LoroValue::from(*n)).collect();
        self.loro()
            .get_map(schema::META)
            .insert("example_raters", list)?;
        self.commit();
        Ok(())
    }

    /// The map's actor persona (`None` clears it).
    pub fn set_persona(&self, persona_id: Option<&str>) -> Result<(), ModelError> {
        let meta = self.loro().get_map(schema::META);
        match persona_id {
            Some(id) => meta.insert("persona_id", id)?,
            None => meta.delete("persona_id")?,
        }
        self.commit();
        Ok(())
    }

    pub fn set_meta_text(&self, key: &'static str, value: &str) -> Result<(), ModelError> {
        check_card_text(value)?;
        self.loro().get_map(schema::META).insert(key, value)?;
        self.commit();
        Ok(())
    }

    pub fn add_stage(
        &self,
        title: &str,
        description: &str,
        color: &str,
        phase: Phase,
    ) -> Result<String, ModelError> {
        if self.sizes().1 >= schema::MAX_STAGES_PER_MAP {
            return Err(ModelError::Invalid(format!(
                "a map holds at most {} stages",
                schema::MAX_STAGES_PER_MAP
            )));
        }
        let id = new_id();
        let stage = self
            .loro()
            .get_movable_list(schema::STAGES)
            .push_container(LoroMap::new())?;
        stage.insert("id", id.as_str())?;
        stage.insert("title", check_title(title)?)?;
        stage.insert("description", description)?;
        stage.insert("color", color)?;
        stage.insert("phase", phase.as_str())?;
        self.commit();
        Ok(id)
    }

    pub fn add_lane(
        &self,
        title: &str,
        kind: LaneKind,
        role: &str,
        department: &str,
        separator: Separator,
    ) -> Result<String, ModelError> {
        if self.sizes().2 >= schema::MAX_LANES_PER_MAP {
            return Err(ModelError::Invalid(format!(
                "a map holds at most {} lanes",
                schema::MAX_LANES_PER_MAP
            )));
        }
        let id = new_id();
        let lane = self
            .loro()
            .get_movable_list(schema::LANES)
            .push_container(LoroMap::new())?;
        lane.insert("id", id.as_str())?;
        lane.insert("title", check_title(title)?)?;
        lane.insert("kind", kind.as_str())?;
        lane.insert("role", role)?;
        lane.insert("department", department)?;
        lane.insert("separator", separator.as_str())?;
        self.commit();
        Ok(id)
    }

    /// Deletes a stage; its cards stay in the document (see `docs/map-document.md`).
    /// Adds a card at the end of its cell, creating all its child containers in one commit.
    pub fn add_card(&self, card: NewCard<'_>) -> Result<String, ModelError> {
        let id = new_id();
        self.insert_card(&id, card)?;
        self.commit();
        Ok(id)
    }

    /// Writes a card under `id` at the end of its cell without committing, so that several
    /// cards (a brainstorm's revealed ideas) go into one change.
    pub(crate) fn insert_card(&self, id: &str, card: NewCard<'_>) -> Result<(), ModelError> {
        if self.sizes().0 >= schema::MAX_CARDS_PER_MAP {
            return Err(ModelError::Invalid(format!(
                "a map holds at most {} cards",
                schema::MAX_CARDS_PER_MAP
            )));
        }
        if !self.has_entry(schema::STAGES, card.stage) {
            return Err(ModelError::Unknown {
                what: "stage",
                value: card.stage.to_owned(),
            });
        }
        if !self.has_entry(schema::LANES, card.lane) {
            return Err(ModelError::Unknown {
                what: "lane",
                value: card.lane.to_owned(),
            });
        }
        check_card_text(card.text)?;
        check_color(card.color)?;
        let last = self.last_position_in(card.stage, card.lane);
        let pos = position::key_between(last.as_deref(), None)?;

        let map = self
            .loro()
            .get_map(schema::CARDS)
            .insert_container(id, LoroMap::new())?;
        let text = map.insert_container("text", LoroText::new())?;
        text.insert(0, card.text)?;
        let tags = map.insert_container("tags", LoroList::new())?;
        for tag in card.tags {
            tags.push(*tag)?;
        }
        map.insert_container("links", LoroList::new())?;
        map.insert("color", card.color)?;
        map.insert("department", card.department)?;
        map.insert(
            "confidence",
            card.confidence.unwrap_or(Confidence::Assumption).as_str(),
        )?;
        map.insert("example", card.example)?;
        map.insert("author", card.author)?;
        map.insert("created_at", card.created_at)?;
        map.insert("placement", placement_value(card.stage, card.lane, &pos))?;
        Ok(())
    }

    /// The largest valid position of the cards in a cell. Reads only the cards' placements, not
    /// the whole map: adding a card stays cheap on a map of thousands.
    fn last_position_in(&self, stage: &str, lane: &str) -> Option<String> {
        let mut last: Option<String> = None;
        self.loro().get_map(schema::CARDS).for_each(|_, card| {
            let ValueOrContainer::Container(loro::Container::Map(card)) = card else {
                return;
            };
            let Some(ValueOrContainer::Value(LoroValue::Map(placement))) = card.get("placement")
            else {
                return;
            };
            let field = |k: &str| match placement.get(k) {
                Some(LoroValue::String(s)) => Some(s.to_string()),
                _ => None,
            };
            if field("stage").as_deref() != Some(stage) || field("lane").as_deref() != Some(lane) {
                return;
            }
            if let Some(pos) = field("pos").filter(|p| position::is_valid(p)) {
                if last.as_ref().is_none_or(|l| pos > *l) {
                    last = Some(pos);
                }
            }
        });
        last
    }

    pub fn set_card_text(&self, id: &str, text: &str) -> Result<(), ModelError> {
        check_card_text(text)?;
        let card = self.card_map(id)?;
        match card.get("text") {
            Some(ValueOrContainer::Container(loro::Container::Text(t))) => {
                t.update(text, UpdateOptions::default())
                    .map_err(|e| ModelError::Edit(format!("{e:?}")))?;
            }
            _ => return Err(ModelError::Edit(format!("card {id} has no text"))),
        }
        self.commit();
        Ok(())
    }

    /// Moves a card to the end of another cell, as one value.
    pub fn move_card(&self, id: &str, stage: &str, lane: &str) -> Result<(), ModelError> {
        let card = self.card_map(id)?;
        if !self.has_entry(schema::STAGES, stage) || !self.has_entry(schema::LANES, lane) {
            return Err(ModelError::Invalid("the target cell does not exist".into()));
        }
        let last = self
            .view()
            .cards_in(stage, lane)
            .filter(|c| c.id != id)
            .map(|c| c.placement.pos.clone())
            .filter(|p| position::is_valid(p))
            .max();
        let pos = position::key_between(last.as_deref(), None)?;
        card.insert("placement", placement_value(stage, lane, &pos))?;
        self.commit();
        Ok(())
    }

    /// One participant's rating of a stage on an emotion lane, −2 (very negative) to +2.
    pub fn rate_emotion(
        &self,
        stage: &str,
        lane: &str,
        participant: &str,
        score: i64,
    ) -> Result<(), ModelError> {
        if !(schema::EMOTION_MIN..=schema::EMOTION_MAX).contains(&score) {
            return Err(ModelError::Invalid(format!(
                "an emotion score is between {} and {}, not {score}",
                schema::EMOTION_MIN,
                schema::EMOTION_MAX
            )));
        }
        if participant.trim().is_empty() || participant.contains(':') {
            return Err(ModelError::Invalid(
                "a participant needs a name without ':'".into(),
            ));
        }
        if !self.has_entry(schema::STAGES, stage) {
            return Err(ModelError::Unknown {
                what: "stage",
                value: stage.to_owned(),
            });
        }
        self.check_lane(lane, LaneKind::Emotion)?;
        self.loro()
            .get_map(schema::EMOTIONS)
            .insert(&cell_key(stage, lane, participant), score)?;
        self.commit();
        Ok(())
    }

    /// Shows (`on`) or hides a channel chip in a stage of a channels lane.
    pub fn set_channel(
        &self,
        stage: &str,
        lane: &str,
        channel: &str,
        on: bool,
    ) -> Result<(), ModelError> {
        let valid = CHANNEL_IDS.contains(&channel)
            || channel.strip_prefix("custom:").is_some_and(|name| {
                !name.trim().is_empty()
                    && schema::text_length(name) <= schema::MAX_CHANNEL_NAME_CHARS
            });
        if !valid {
            return Err(ModelError::Unknown {
                what: "channel",
                value: channel.to_owned(),
            });
        }
        if !self.has_entry(schema::STAGES, stage) {
            return Err(ModelError::Unknown {
                what: "stage",
                value: stage.to_owned(),
            });
        }
        self.check_lane(lane, LaneKind::Channels)?;
        let channels = self.loro().get_map(schema::CHANNELS);
        let key = cell_key(stage, lane, channel);
        if on {
            channels.insert(&key, true)?;
        } else {
            channels.delete(&key)?;
        }
        self.commit();
        Ok(())
    }

    /// Adds a metric tile; the whole metric is written in one commit.
    pub fn add_metric(&self, metric: NewMetric<'_>) -> Result<String, ModelError> {
        if !METRIC_KINDS.contains(&metric.kind) {
            return Err(ModelError::Unknown {
                what: "metric kind",
                value: metric.kind.to_owned(),
            });
        }
        if !self.has_entry(schema::STAGES, metric.stage) {
            return Err(ModelError::Unknown {
                what: "stage",
                value: metric.stage.to_owned(),
            });
        }
        self.check_lane(metric.lane, LaneKind::Metrics)?;
        let finite = |v: Option<f64>| v.is_none_or(f64::is_finite);
        if !finite(metric.expected)
            || !finite(metric.current)
            || !metric.amber.is_finite()
            || !metric.red.is_finite()
        {
            return Err(ModelError::Invalid(
                "a metric value must be a number".into(),
            ));
        }
        let range = allowed_range(metric.kind, metric.unit);
        for v in [metric.expected, metric.current].into_iter().flatten() {
            if !range.contains(v) {
                return Err(ModelError::Invalid(format!(
                    "{v} is outside what a {} in {} can be",
                    metric.kind, metric.unit
                )));
            }
        }
        if metric.amber < 0.0 || metric.red < 0.0 {
            return Err(ModelError::Invalid(
                "a metric's thresholds are not negative".into(),
            ));
        }
        let id = new_id();
        let map = self
            .loro()
            .get_map(schema::METRICS)
            .insert_container(&id, LoroMap::new())?;
        map.insert("stage", metric.stage)?;
        map.insert("lane", metric.lane)?;
        map.insert("kind", metric.kind)?;
        map.insert("label", metric.label)?;
        map.insert("unit", metric.unit)?;
        map.insert(
            "direction",
            match metric.direction {
                Direction::Higher => "higher",
                Direction::Lower => "lower",
            },
        )?;
        if let Some(v) = metric.expected {
            map.insert("expected", v)?;
        }
        if let Some(v) = metric.current {
            map.insert("current", v)?;
        }
        map.insert("amber", metric.amber)?;
        map.insert("red", metric.red)?;
        map.insert("example", metric.example)?;
        self.commit();
        Ok(id)
    }
}
