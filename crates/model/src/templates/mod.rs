//! Built-in templates: each creates a complete, example-filled map in English, 简体中文 or
//! 繁體中文. Template content is data (`crates/model/templates/*.json`, embedded at build time);
//! [`instantiate`] is the one place that turns it into a document.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::metrics::Direction;
use crate::schema::{Confidence, LaneKind, Locale, Phase, Separator};
use crate::{MapDoc, ModelError, NewCard, NewMetric};

mod example_actions;
mod sample_version;
use example_actions::{add_example_actions, ActionSpec, MadeIds};
use sample_version::{step_before, AfterVersion, VersionSpec};

/// The template files, in the order the UI offers them.
const FILES: &[(&str, &str)] = &[
    ("lifecycle", include_str!("../../templates/lifecycle.json")),
    (
        "pre_post_sale",
        include_str!("../../templates/pre_post_sale.json"),
    ),
    (
        "service_blueprint",
        include_str!("../../templates/service_blueprint.json"),
    ),
    (
        "self_service",
        include_str!("../../templates/self_service.json"),
    ),
    (
        "saas_onboarding",
        include_str!("../../templates/saas_onboarding.json"),
    ),
];

/// Text in the three supported languages.
#[derive(Debug, Clone, Deserialize)]
pub struct Localized {
    pub en: String,
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
    #[serde(rename = "zh-TW")]
    pub zh_tw: String,
}

impl Localized {
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::En => &self.en,
            Locale::ZhCn => &self.zh_cn,
            Locale::ZhTw => &self.zh_tw,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct StageSpec {
    pub key: String,
    pub title: Localized,
    pub description: Localized,
    pub color: String,
    pub phase: Phase,
}

#[derive(Debug, Deserialize)]
pub struct LaneSpec {
    pub key: String,
    pub title: Localized,
    pub kind: LaneKind,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub department: String,
    #[serde(default = "no_separator")]
    pub separator: Separator,
}

fn no_separator() -> Separator {
    Separator::None
}

#[derive(Debug, Deserialize)]
pub struct CardSpec {
    pub stage: String,
    pub lane: String,
    pub color: String,
    pub text: Localized,
    #[serde(default)]
    pub confidence: Option<Confidence>,
    #[serde(default)]
    pub tags: Vec<Localized>,
}

#[derive(Debug, Deserialize)]
pub struct ChannelSpec {
    pub stage: String,
    pub channels: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct MetricSpec {
    pub stage: String,
    pub kind: String,
    #[serde(default)]
    pub label: Option<Localized>,
    pub unit: String,
    pub direction: Direction,
    pub expected: Option<f64>,
    pub current: Option<f64>,
    pub amber: f64,
    pub red: f64,
    /// Earlier actual values, days relative to when the map is made (negative: before).
    #[serde(default)]
    pub history: Vec<PointSpec>,
}

#[derive(Debug, Deserialize)]
pub struct PointSpec {
    pub days: i64,
    pub actual: f64,
}

#[derive(Debug, Deserialize)]
pub struct RatingSpec {
    pub participant: Localized,
    pub scores: Vec<i64>,
}

#[derive(Debug, Deserialize)]
pub struct TemplateSpec {
    pub id: String,
    pub map_title: Localized,
    pub sample_project: Localized,
    #[serde(default)]
    pub scenario: Option<Localized>,
    #[serde(default)]
    pub expectations: Option<Localized>,
    pub stages: Vec<StageSpec>,
    pub lanes: Vec<LaneSpec>,
    #[serde(default)]
    pub cards: Vec<CardSpec>,
    #[serde(default)]
    pub channels: Vec<ChannelSpec>,
    #[serde(default)]
    pub metrics: Vec<MetricSpec>,
    #[serde(default)]
    pub ratings: Vec<RatingSpec>,
    #[serde(default)]
    pub actions: Vec<ActionSpec>,
    /// The example map's saved version (see `sample_version.rs`).
    #[serde(default)]
    pub version: Option<VersionSpec>,
}

/// What the UI lists when creating a map.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateSummary {
    pub id: &'static str,
    pub locales: Vec<&'static str>,
}

type Parsed = Vec<(&'static str, Result<TemplateSpec, String>)>;

fn parsed() -> &'static Parsed {
    static PARSED: OnceLock<Parsed> = OnceLock::new();
    PARSED.get_or_init(|| {
        FILES
            .iter()
            .map(|(id, text)| (*id, serde_json::from_str(text).map_err(|e| e.to_string())))
            .collect()
    })
}

pub fn find(id: &str) -> Result<&'static TemplateSpec, ModelError> {
    match parsed().iter().find(|(t, _)| *t == id) {
        Some((_, Ok(spec))) => Ok(spec),
        Some((_, Err(e))) => Err(ModelError::Invalid(format!(
            "the template {id} is damaged: {e}"
        ))),
        None => Err(ModelError::Unknown {
            what: "template",
            value: id.to_owned(),
        }),
    }
}

pub fn list() -> Vec<TemplateSummary> {
    FILES
        .iter()
        .map(|(id, _)| TemplateSummary {
            id,
            locales: Locale::ALL.iter().map(|l| l.as_str()).collect(),
        })
        .collect()
}

/// The name of the sample project made on first launch.
pub fn sample_project_name(locale: Locale) -> String {
    find("lifecycle")
        .map(|t| t.sample_project.get(locale).to_owned())
        .unwrap_or_else(|_| "Wayline".to_owned())
}

fn key_of<'a>(
    ids: &'a HashMap<&str, String>,
    what: &'static str,
    key: &str,
) -> Result<&'a str, ModelError> {
    ids.get(key)
        .map(String::as_str)
        .ok_or_else(|| ModelError::Unknown {
            what,
            value: key.to_owned(),
        })
}

/// A new map document from a template. `title` overrides the template's map title. All cards,
/// metrics and actions are marked as examples.
pub fn instantiate(
    template_id: &str,
    locale: Locale,
    title: Option<&str>,
    author: &str,
    now_ms: i64,
) -> Result<MapDoc, ModelError> {
    let spec = find(template_id)?;
    let doc = MapDoc::new();
    let title = title
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(spec.map_title.get(locale));
    doc.init_meta(title, locale, &spec.id)?;
    if let Some(text) = &spec.scenario {
        doc.set_meta_text("scenario", text.get(locale))?;
    }
    if let Some(text) = &spec.expectations {
        doc.set_meta_text("expectations", text.get(locale))?;
    }
    let mut stage_ids = HashMap::new();
    let mut stage_order = Vec::new();
    for s in &spec.stages {
        let id = doc.add_stage(
            s.title.get(locale),
            s.description.get(locale),
            &s.color,
            s.phase,
        )?;
        stage_order.push(id.clone());
        stage_ids.insert(s.key.as_str(), id);
    }
    let mut lane_ids = HashMap::new();
    let mut lane_department = HashMap::new();
    // Template channels, metrics and ratings belong to the first lane of their kind.
    let mut first_of_kind: HashMap<LaneKind, String> = HashMap::new();
    for l in &spec.lanes {
        let id = doc.add_lane(
            l.title.get(locale),
            l.kind,
            &l.role,
            &l.department,
            l.separator,
        )?;
        lane_department.insert(l.key.as_str(), l.department.as_str());
        first_of_kind.entry(l.kind).or_insert_with(|| id.clone());
        lane_ids.insert(l.key.as_str(), id);
    }
    let version = spec.version.as_ref();
    let mut after = AfterVersion::default();
    // Opportunities found after the version's workshop are added once it is saved.
    let opportunity_lanes: Vec<&str> = spec
        .lanes
        .iter()
        .filter(|l| l.role == "opportunities")
        .map(|l| l.key.as_str())
        .collect();
    let (later_cards, cards_now): (Vec<&CardSpec>, Vec<&CardSpec>) = spec
        .cards
        .iter()
        .partition(|c| version.is_some() && opportunity_lanes.contains(&c.lane.as_str()));
    let mut made = MadeIds::default();
    let add_card =
        |card: &CardSpec, made: &mut MadeIds, after: &mut AfterVersion| -> Result<(), ModelError> {
            let cell = (card.stage.clone(), card.lane.clone());
            let earlier = version
                .filter(|_| !made.first_card.contains_key(&cell))
                .and_then(|v| v.earlier_text(&card.stage, &card.lane));
            let tags: Vec<&str> = card.tags.iter().map(|t| t.get(locale)).collect();
            let id = doc.add_card(NewCard {
                stage: key_of(&stage_ids, "stage", &card.stage)?,
                lane: key_of(&lane_ids, "lane", &card.lane)?,
                text: earlier.unwrap_or(&card.text).get(locale),
                color: &card.color,
                author,
                department: lane_department
                    .get(card.lane.as_str())
                    .copied()
                    .unwrap_or(""),
                tags: &tags,
                created_at: now_ms,
                confidence: card.confidence,
                example: true,
            })?;
            if earlier.is_some() {
                after
                    .card_texts
                    .push((id.clone(), card.text.get(locale).to_owned()));
            }
            made.first_card.entry(cell).or_insert(id);
            Ok(())
        };
    for card in &cards_now {
        add_card(card, &mut made, &mut after)?;
    }
    let lane_of_kind = |kind: LaneKind| {
        first_of_kind.get(&kind).map(String::as_str).ok_or_else(|| {
            ModelError::Invalid(format!("template {template_id} has no {kind} lane"))
        })
    };
    for entry in &spec.channels {
        let stage = key_of(&stage_ids, "stage", &entry.stage)?;
        for channel in &entry.channels {
            doc.set_channel(stage, lane_of_kind(LaneKind::Channels)?, channel, true)?;
        }
    }
    let version_days = version.map_or(i64::MAX, |v| v.days);
    let mut later_points = Vec::new();
    for m in &spec.metrics {
        // At the version, the current value was the last one dated by then.
        let known: Vec<&PointSpec> = m
            .history
            .iter()
            .filter(|p| p.days <= version_days)
            .collect();
        let current = if known.len() < m.history.len() {
            known.last().map(|p| p.actual)
        } else {
            m.current
        };
        let id = doc.add_metric(NewMetric {
            stage: key_of(&stage_ids, "stage", &m.stage)?,
            lane: lane_of_kind(LaneKind::Metrics)?,
            kind: &m.kind,
            label: m.label.as_ref().map(|l| l.get(locale)).unwrap_or(""),
            unit: &m.unit,
            direction: m.direction,
            expected: m.expected,
            current,
            amber: m.amber,
            red: m.red,
            example: true,
        })?;
        if current != m.current {
            after.metric_currents.push((id.clone(), m.current));
        }
        for point in &m.history {
            if point.days > version_days {
                later_points.push((id.clone(), point));
            } else {
                record_point(&doc, &id, point, now_ms)?;
            }
        }
        made.metric.insert((m.stage.clone(), m.kind.clone()), id);
    }
    // The last rater rated after the version's workshop.
    let rate_later = usize::from(version.is_some() && spec.ratings.len() > 1);
    let (ratings_now, ratings_later) = spec.ratings.split_at(spec.ratings.len() - rate_later);
    let rate = |rating: &RatingSpec| -> Result<(), ModelError> {
        // Sample participants are their own ids, like names in maps written before ids.
        let who = rating.participant.get(locale);
        doc.register_participant(who, who, "")?;
        for (stage, score) in stage_order.iter().zip(&rating.scores) {
            doc.rate_emotion(stage, lane_of_kind(LaneKind::Emotion)?, who, *score)?;
        }
        Ok(())
    };
    for rating in ratings_now {
        rate(rating)?;
    }
    let raters: Vec<&str> = spec
        .ratings
        .iter()
        .map(|r| r.participant.get(locale))
        .collect();
    doc.mark_example_raters(&raters)?;
    let answerable = |a: &&ActionSpec, made: &MadeIds| {
        a.answers.iter().all(|c| {
            made.first_card
                .contains_key(&(c.stage.clone(), c.lane.clone()))
        })
    };
    let (actions_now, actions_later): (Vec<&ActionSpec>, Vec<&ActionSpec>) =
        spec.actions.iter().partition(|a| answerable(a, &made));
    let Some(version) = version else {
        add_example_actions(&doc, &actions_now, &made, locale, author, now_ms, |a| {
            a.status
        })?;
        return Ok(doc);
    };
    let ids = add_example_actions(&doc, &actions_now, &made, locale, author, now_ms, |a| {
        step_before(a.status)
    })?;
    for (id, action) in ids.into_iter().zip(&actions_now) {
        if step_before(action.status) != action.status {
            after.action_statuses.push((id, action.status));
        }
    }
    let saved_at = now_ms + version.days * 86_400_000;
    doc.save_version(version.name.get(locale), author, saved_at, true)?;

    after.apply(&doc)?;
    for (id, point) in later_points {
        record_point(&doc, &id, point, now_ms)?;
    }
    for rating in ratings_later {
        rate(rating)?;
    }
    for card in later_cards {
        add_card(card, &mut made, &mut after)?;
    }
    add_example_actions(&doc, &actions_later, &made, locale, author, now_ms, |a| {
        a.status
    })?;
    Ok(doc)
}

fn record_point(
    doc: &MapDoc,
    metric: &str,
    point: &PointSpec,
    now_ms: i64,
) -> Result<(), ModelError> {
    let date = crate::dates::iso_date(now_ms.div_euclid(1000) + point.days * 86_400);
    doc.record_metric_value(
        metric,
        &date,
        crate::metric_history::PointField::Actual,
        point.actual,
    )
}
