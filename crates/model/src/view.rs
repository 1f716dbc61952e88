//! A plain, ordered read model of a map document: what exports, the command line and the
//! catalog projection read. Built from the document's deep value in one pass.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::lane_data::parse_cell_key;
use crate::metrics::{Direction, MetricView};
use crate::schema::{self, Confidence, LaneKind, Phase, Separator};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageView {
    pub id: String,
    pub title: String,
    pub description: String,
    pub color: String,
    pub phase: Phase,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LaneView {
    pub id: String,
    pub title: String,
    pub kind: LaneKind,
    pub role: String,
    pub department: String,
    pub separator: Separator,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub stage: String,
    pub lane: String,
    pub pos: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardView {
    pub id: String,
    pub text: String,
    pub color: String,
    pub tags: Vec<String>,
    pub department: String,
    pub confidence: Confidence,
    pub author: String,
    pub created_at: i64,
    pub links: Vec<String>,
    pub placement: Placement,
    /// Came with a template; "clear examples" removes it.
    pub example: bool,
    /// Votes over all rounds.
    pub votes: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParkingItem {
    pub id: String,
    pub text: String,
    pub author: String,
    pub created_at: i64,
}

impl MapView {
    /// The name to show for a participant id.
    pub fn participant_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.participants.get(id).map_or(id, String::as_str)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapView {
    pub title: String,
    pub scenario: String,
    pub expectations: String,
    pub persona_id: Option<String>,
    pub locale: String,
    pub template: String,
    pub schema_version: i64,
    pub stages: Vec<StageView>,
    pub lanes: Vec<LaneView>,
    /// Cards whose stage and lane exist, ordered by stage, lane, then position.
    pub cards: Vec<CardView>,
    /// Cards whose placement points at a stage or lane that is gone.
    pub orphan_cards: Vec<CardView>,
    /// Ratings of the emotion lanes whose stage and lane exist.
    pub emotions: Vec<EmotionRating>,
    /// Participant id → display name (ids without an entry are shown as themselves).
    pub participants: std::collections::BTreeMap<String, String>,
    /// Participants who changed the map from the app (recorded with their colour after their
    /// first change; a template's sample raters have none), by name.
    #[serde(default)]
    pub contributors: Vec<String>,
    /// Chips of the channels lanes whose stage and lane exist, in stage order.
    pub channels: Vec<ChannelChip>,
    /// Metrics whose stage and lane exist, in stage order.
    pub metrics: Vec<MetricView>,
    pub parking: Vec<ParkingItem>,
    /// The action plan, by due date (undated last), then creation.
    #[serde(default)]
    pub actions: Vec<crate::action_plan::ActionView>,
    /// Saved versions, oldest first.
    #[serde(default)]
    pub versions: Vec<crate::versions::VersionView>,
}

/// One participant's rating of a stage on one emotion lane.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EmotionRating {
    pub stage: String,
    pub lane: String,
    pub participant: String,
    pub score: i64,
}

/// A channel shown in a stage of one channels lane.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelChip {
    pub stage: String,
    pub lane: String,
    pub channel: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapCounts {
    pub stages: usize,
    pub lanes: usize,
    pub cards: usize,
}

/// Numbers written by the UI arrive as doubles, those written here as integers: accept both.
fn int_of(v: Option<&Value>) -> Option<i64> {
    let v = v?;
    v.as_i64().or_else(|| {
        v.as_f64()
            .filter(|f| f.is_finite())
            .map(|f| f.round() as i64)
    })
}

fn str_of(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn strings_of(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn stage_of(v: &Value) -> Option<StageView> {
    Some(StageView {
        id: v.get("id")?.as_str()?.to_owned(),
        title: str_of(v, "title"),
        description: str_of(v, "description"),
        color: str_of(v, "color"),
        phase: Phase::parse(&str_of(v, "phase")).unwrap_or(Phase::PreSale),
    })
}

fn lane_of(v: &Value) -> Option<LaneView> {
    Some(LaneView {
        id: v.get("id")?.as_str()?.to_owned(),
        title: str_of(v, "title"),
        // An unknown kind from a newer writer is shown as a plain card lane rather than lost.
        kind: LaneKind::parse(&str_of(v, "kind")).unwrap_or(LaneKind::Cards),
        role: str_of(v, "role"),
        department: str_of(v, "department"),
        separator: Separator::parse(&str_of(v, "separator")).unwrap_or(Separator::None),
    })
}

fn float_of(v: Option<&Value>) -> Option<f64> {
    v?.as_f64().filter(|f| f.is_finite())
}

fn metric_of(id: &str, v: &Value) -> Option<MetricView> {
    Some(MetricView {
        id: id.to_owned(),
        stage: v.get("stage")?.as_str()?.to_owned(),
        lane: v.get("lane")?.as_str()?.to_owned(),
        kind: str_of(v, "kind"),
        label: str_of(v, "label"),
        unit: str_of(v, "unit"),
        direction: if str_of(v, "direction") == "lower" {
            Direction::Lower
        } else {
            Direction::Higher
        },
        expected: float_of(v.get("expected")),
        current: float_of(v.get("current")),
        amber: float_of(v.get("amber")).unwrap_or(0.0),
        red: float_of(v.get("red")).unwrap_or(0.0),
        example: v.get("example").and_then(Value::as_bool).unwrap_or(false),
        history: Vec::new(),
    })
}

fn card_of(id: &str, v: &Value) -> Option<CardView> {
    let placement = v.get("placement")?;
    Some(CardView {
        id: id.to_owned(),
        text: str_of(v, "text"),
        color: str_of(v, "color"),
        tags: strings_of(v, "tags"),
        department: str_of(v, "department"),
        confidence: Confidence::parse(&str_of(v, "confidence")).unwrap_or(Confidence::Assumption),
        author: str_of(v, "author"),
        created_at: int_of(v.get("created_at")).unwrap_or(0),
        links: strings_of(v, "links"),
        placement: Placement {
            stage: str_of(placement, "stage"),
            lane: str_of(placement, "lane"),
            pos: str_of(placement, "pos"),
        },
        example: v.get("example").and_then(Value::as_bool).unwrap_or(false),
        votes: 0,
    })
}

impl MapView {
    /// Builds the view from the JSON form of a document's deep value. Entries that are not
    /// shaped as expected are skipped, never fatal: a damaged entry must not hide the rest.
    pub fn from_deep_value(root: &Value) -> MapView {
        let meta = root
            .get(crate::schema::META)
            .cloned()
            .unwrap_or(Value::Null);
        let list = |key: &str| {
            root.get(key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let stages: Vec<StageView> = list(crate::schema::STAGES)
            .iter()
            .filter_map(stage_of)
            .collect();
        let lanes: Vec<LaneView> = list(crate::schema::LANES)
            .iter()
            .filter_map(lane_of)
            .collect();
        let stage_index = |id: &str| stages.iter().position(|s| s.id == id);
        let lane_index = |id: &str| lanes.iter().position(|l| l.id == id);
        let lane_is = |id: &str, kind: LaneKind| lanes.iter().any(|l| l.id == id && l.kind == kind);

        let mut cards = Vec::new();
        let mut orphan_cards = Vec::new();
        if let Some(all) = root.get(crate::schema::CARDS).and_then(Value::as_object) {
            for (id, v) in all {
                let Some(card) = card_of(id, v) else { continue };
                match (
                    stage_index(&card.placement.stage),
                    lane_index(&card.placement.lane),
                ) {
                    (Some(_), Some(_)) => cards.push(card),
                    _ => orphan_cards.push(card),
                }
            }
        }
        cards.sort_by(|a, b| {
            let key = |c: &CardView| {
                (
                    stage_index(&c.placement.stage),
                    lane_index(&c.placement.lane),
                )
            };
            key(a)
                .cmp(&key(b))
                .then_with(|| a.placement.pos.cmp(&b.placement.pos))
                .then_with(|| a.id.cmp(&b.id))
        });

        // Votes: flat keys `round:card:participant` → count.
        if let Some(all) = root.get(crate::schema::VOTES).and_then(Value::as_object) {
            let mut per_card: std::collections::HashMap<&str, i64> = Default::default();
            for (key, count) in all {
                if let Some((_round, card, _who)) = crate::workshop_voting::vote_key_parts(key) {
                    *per_card.entry(card).or_default() += int_of(Some(count)).unwrap_or(0).max(0);
                }
            }
            for card in cards.iter_mut().chain(orphan_cards.iter_mut()) {
                card.votes = per_card.get(card.id.as_str()).copied().unwrap_or(0);
            }
        }

        let mut channels = Vec::new();
        if let Some(all) = root.get(crate::schema::CHANNELS).and_then(Value::as_object) {
            for (key, on) in all {
                if on.as_bool() != Some(true) {
                    continue;
                }
                if let Some((stage, lane, channel)) = parse_cell_key(key) {
                    if stage_index(stage).is_some() && lane_is(lane, LaneKind::Channels) {
                        channels.push(ChannelChip {
                            stage: stage.to_owned(),
                            lane: lane.to_owned(),
                            channel: channel.to_owned(),
                        });
                    }
                }
            }
        }
        // In the board's order: the built-in channels as listed, then custom ones by name.
        let channel_rank = |c: &str| {
            schema::CHANNEL_IDS
                .iter()
                .position(|id| *id == c)
                .unwrap_or(schema::CHANNEL_IDS.len())
        };
        channels.sort_by(|a, b| {
            (
                stage_index(&a.stage),
                lane_index(&a.lane),
                channel_rank(&a.channel),
                &a.channel,
            )
                .cmp(&(
                    stage_index(&b.stage),
                    lane_index(&b.lane),
                    channel_rank(&b.channel),
                    &b.channel,
                ))
        });

        let mut metrics: Vec<MetricView> = root
            .get(crate::schema::METRICS)
            .and_then(Value::as_object)
            .map(|all| {
                all.iter()
                    .filter_map(|(id, v)| metric_of(id, v))
                    .filter(|m| {
                        stage_index(&m.stage).is_some() && lane_is(&m.lane, LaneKind::Metrics)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut history =
            crate::metric_history::history_of(root.get(crate::schema::METRIC_HISTORY));
        for m in &mut metrics {
            m.history = history.remove(&m.id).unwrap_or_default();
        }
        metrics.sort_by(|a, b| {
            (stage_index(&a.stage), lane_index(&a.lane), &a.kind, &a.id).cmp(&(
                stage_index(&b.stage),
                lane_index(&b.lane),
                &b.kind,
                &b.id,
            ))
        });

        let mut parking: Vec<ParkingItem> = root
            .get(crate::schema::PARKING)
            .and_then(Value::as_object)
            .map(|all| {
                all.iter()
                    .map(|(id, v)| ParkingItem {
                        id: id.clone(),
                        text: str_of(v, "text"),
                        author: str_of(v, "author"),
                        created_at: int_of(v.get("created_at")).unwrap_or(0),
                    })
                    .collect()
            })
            .unwrap_or_default();
        parking.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));

        let mut emotions = Vec::new();
        if let Some(all) = root.get(crate::schema::EMOTIONS).and_then(Value::as_object) {
            for (key, score) in all {
                if let (Some((stage, lane, who)), Some(score)) =
                    (parse_cell_key(key), int_of(Some(score)))
                {
                    if stage_index(stage).is_some() && lane_is(lane, LaneKind::Emotion) {
                        emotions.push(EmotionRating {
                            stage: stage.to_owned(),
                            lane: lane.to_owned(),
                            participant: who.to_owned(),
                            score: score.clamp(schema::EMOTION_MIN, schema::EMOTION_MAX),
                        });
                    }
                }
            }
        }
        emotions.sort();
        let registered = root
            .get(crate::schema::PARTICIPANTS)
            .and_then(Value::as_object);
        let participants: std::collections::BTreeMap<String, String> = registered
            .map(|all| {
                all.iter()
                    .map(|(id, v)| {
                        let name = v.get("name").and_then(Value::as_str).unwrap_or(id);
                        (id.clone(), name.to_owned())
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut contributors: Vec<String> = registered
            .map(|all| {
                all.iter()
                    .filter(|(_, v)| {
                        v.get("color")
                            .and_then(Value::as_str)
                            .is_some_and(|c| !c.is_empty())
                    })
                    .map(|(id, _)| id.clone())
                    .collect()
            })
            .unwrap_or_default();
        contributors.sort_by_cached_key(|id| {
            let name = participants.get(id).cloned().unwrap_or_else(|| id.clone());
            (name, id.clone())
        });

        MapView {
            title: str_of(&meta, "title"),
            scenario: str_of(&meta, "scenario"),
            expectations: str_of(&meta, "expectations"),
            persona_id: meta
                .get("persona_id")
                .and_then(Value::as_str)
                .map(str::to_owned),
            locale: str_of(&meta, "locale"),
            template: str_of(&meta, "template"),
            schema_version: int_of(meta.get("schema_version")).unwrap_or(0),
            stages,
            lanes,
            cards,
            orphan_cards,
            emotions,
            participants,
            contributors,
            channels,
            metrics,
            parking,
            actions: crate::action_plan::actions_of(root.get(crate::schema::ACTIONS)),
            versions: crate::versions::versions_of(root.get(crate::schema::VERSIONS)),
        }
    }

    pub fn counts(&self) -> MapCounts {
        MapCounts {
            stages: self.stages.len(),
            lanes: self.lanes.len(),
            cards: self.cards.len(),
        }
    }

    /// Cards of one cell, in their order.
    pub fn cards_in(&self, stage: &str, lane: &str) -> impl Iterator<Item = &CardView> {
        let (stage, lane) = (stage.to_owned(), lane.to_owned());
        self.cards
            .iter()
            .filter(move |c| c.placement.stage == stage && c.placement.lane == lane)
    }
}
