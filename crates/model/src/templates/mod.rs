//! Built-in templates: each creates a complete, example-filled map in English, 简体中文 or
//! 繁體中文. Template content is data ([`TemplateSpec`]); [`instantiate`] is the one place
//! that turns it into a document.

mod lifecycle;

use serde::Serialize;

use crate::schema::{LaneKind, Locale, Phase, Separator};
use crate::{MapDoc, ModelError, NewCard};

/// Text in the three supported languages, in the order en, zh-CN, zh-TW.
pub type Localized = [&'static str; 3];

pub(crate) fn pick(text: &Localized, locale: Locale) -> &'static str {
    match locale {
        Locale::En => text[0],
        Locale::ZhCn => text[1],
        Locale::ZhTw => text[2],
    }
}

pub struct StageSpec {
    pub title: Localized,
    pub description: Localized,
    pub color: &'static str,
    pub phase: Phase,
}

pub struct LaneSpec {
    pub title: Localized,
    pub kind: LaneKind,
    pub role: &'static str,
    pub department: &'static str,
    pub separator: Separator,
}

pub struct CardSpec {
    pub stage: usize,
    pub lane: usize,
    pub color: &'static str,
    pub text: Localized,
}

pub struct TemplateSpec {
    pub id: &'static str,
    pub map_title: Localized,
    pub sample_project: Localized,
    pub stages: &'static [StageSpec],
    pub lanes: &'static [LaneSpec],
    pub cards: &'static [CardSpec],
    /// Example participants and their emotion score for each stage.
    pub ratings: &'static [(Localized, &'static [i64])],
}

/// What the UI lists when creating a map.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateSummary {
    pub id: &'static str,
    pub locales: Vec<&'static str>,
}

const ALL: &[&TemplateSpec] = &[&lifecycle::LIFECYCLE];

pub fn find(id: &str) -> Result<&'static TemplateSpec, ModelError> {
    ALL.iter()
        .copied()
        .find(|t| t.id == id)
        .ok_or_else(|| ModelError::Unknown {
            what: "template",
            value: id.to_owned(),
        })
}

pub fn list() -> Vec<TemplateSummary> {
    ALL.iter()
        .map(|t| TemplateSummary {
            id: t.id,
            locales: Locale::ALL.iter().map(|l| l.as_str()).collect(),
        })
        .collect()
}

/// The name of the sample project made on first launch.
pub fn sample_project_name(locale: Locale) -> &'static str {
    pick(&lifecycle::LIFECYCLE.sample_project, locale)
}

/// A new map document from a template. `title` overrides the template's map title.
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
        .unwrap_or(pick(&spec.map_title, locale));
    doc.init_meta(title, locale, spec.id)?;
    let stage_ids = spec
        .stages
        .iter()
        .map(|s| {
            doc.add_stage(
                pick(&s.title, locale),
                pick(&s.description, locale),
                s.color,
                s.phase,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let lane_ids = spec
        .lanes
        .iter()
        .map(|l| {
            doc.add_lane(
                pick(&l.title, locale),
                l.kind,
                l.role,
                l.department,
                l.separator,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    for card in spec.cards {
        let (Some(stage), Some(lane)) = (stage_ids.get(card.stage), lane_ids.get(card.lane)) else {
            return Err(ModelError::Invalid(format!(
                "template {} places a card outside its grid",
                spec.id
            )));
        };
        doc.add_card(NewCard {
            stage,
            lane,
            text: pick(&card.text, locale),
            color: card.color,
            author,
            department: spec.lanes[card.lane].department,
            tags: &[],
            created_at: now_ms,
        })?;
    }
    for (who, scores) in spec.ratings {
        for (stage, score) in stage_ids.iter().zip(scores.iter()) {
            doc.rate_emotion(stage, pick(who, locale), *score)?;
        }
    }
    Ok(doc)
}
