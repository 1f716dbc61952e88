//! Maps at workshop scale and beyond, for benchmarks and performance runs: the sample lifecycle map
//! widened to a given number of stages, filled with cards of realistic mixed Chinese and English
//! text across its cards and team lanes, a share of them linked to another card. Deterministic,
//! so two runs measure the same map.

use loro::ValueOrContainer;

use crate::metric_history::PointField;
use crate::schema::{self, LaneKind, Locale, Phase};
use crate::templates::instantiate;
use crate::{MapDoc, ModelError, NewAction, NewCard};

/// What to build.
#[derive(Debug, Clone, Copy)]
pub struct LargeMap {
    /// Cards in all (the template's own included).
    pub cards: usize,
    pub stages: usize,
    /// Percent of cards that link to another card.
    pub link_percent: usize,
    pub locale: Locale,
}

impl Default for LargeMap {
    fn default() -> Self {
        LargeMap {
            cards: 2_000,
            stages: 12,
            link_percent: 5,
            locale: Locale::ZhCn,
        }
    }
}

const TEXTS: &[&str] = &[
    "客户在结账页找不到优惠码输入框",
    "Customer compares prices on three sites before buying",
    "退货流程需要打印标签，客户觉得麻烦（尤其是 mobile 用户）",
    "客服热线等待时间超过 10 分钟",
    "Onboarding email arrives too late — the app is already uninstalled",
    "在社群媒体看到朋友推荐，点进广告",
    "FAQ 没有回答「能否开发票」这个问题",
    "Chatbot hands over to a human without the conversation history",
    "门店与官网价格不一致，客户质疑",
    "NPS survey sent the same day as the delivery",
];

/// Builds the map described by `spec`.
pub fn large_map(spec: LargeMap) -> Result<MapDoc, ModelError> {
    let doc = instantiate("lifecycle", spec.locale, None, "Benchmark", 0)?;
    let have = doc.view().stages.len();
    for i in have..spec.stages.min(schema::MAX_STAGES_PER_MAP) {
        doc.add_stage(&format!("阶段 {}", i + 1), "", "blue", Phase::PostSale)?;
    }
    let view = doc.view();
    let lanes: Vec<&str> = view
        .lanes
        .iter()
        .filter(|l| matches!(l.kind, LaneKind::Cards | LaneKind::Department))
        .map(|l| l.id.as_str())
        .collect();
    let stages: Vec<&str> = view.stages.iter().map(|s| s.id.as_str()).collect();
    let wanted = spec.cards.min(schema::MAX_CARDS_PER_MAP);
    let mut ids = Vec::new();
    for i in 0..wanted.saturating_sub(view.cards.len()) {
        let text = format!("{} #{i}", TEXTS[i % TEXTS.len()]);
        let color = schema::CARD_COLORS[i % schema::CARD_COLORS.len()];
        ids.push(doc.add_card(NewCard {
            stage: stages[(i / lanes.len().max(1)) % stages.len()],
            lane: lanes[i % lanes.len().max(1)],
            text: &text,
            color,
            author: "Benchmark",
            created_at: i as i64,
            ..Default::default()
        })?);
    }
    let every = 100 / spec.link_percent.clamp(1, 100);
    let cards = doc.loro().get_map(schema::CARDS);
    for (i, id) in ids.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let Some(target) = ids.get((i * 7 + 13) % ids.len()).filter(|t| *t != id) else {
            continue;
        };
        if let Some(ValueOrContainer::Container(card)) = cards.get(id) {
            if let Ok(card) = card.into_map() {
                if let Some(ValueOrContainer::Container(links)) = card.get("links") {
                    if let Ok(links) = links.into_list() {
                        links.push(target.as_str())?;
                    }
                }
            }
        }
    }
    doc.loro().commit();
    Ok(doc)
}

/// Fills a map the way a mature programme's is: `entries` dated metric values spread over its
/// metrics (one a day each, from 2000 on; as many as the limit allows), `topics` parked topics
/// and `actions` actions. Returns how many values were recorded.
pub fn mature(
    doc: &MapDoc,
    entries: usize,
    topics: usize,
    actions: usize,
) -> Result<usize, ModelError> {
    let metrics: Vec<String> = doc.view().metrics.iter().map(|m| m.id.clone()).collect();
    let wanted = entries.min(schema::MAX_METRIC_HISTORY_ENTRIES);
    let mut recorded = 0;
    let mut day: i64 = 0;
    while recorded < wanted && !metrics.is_empty() && day < 40_000 {
        let date = crate::dates::iso_date(946_684_800 + day * 86_400); // 2000-01-01 on
        for id in &metrics {
            if recorded < wanted
                && doc
                    .record_metric_value(id, &date, PointField::Actual, 10.0)
                    .is_ok()
            {
                recorded += 1;
            }
        }
        day += 1;
    }
    for i in 0..topics.min(schema::MAX_PARKING_ITEMS_PER_MAP) {
        doc.park(
            &format!("{} #{i}", TEXTS[i % TEXTS.len()]).repeat(8),
            "林",
            i as i64,
        )?;
    }
    for i in 0..actions.min(schema::MAX_ACTIONS_PER_MAP) {
        doc.add_action(NewAction {
            title: &format!("行动 action {i}"),
            team: "sales",
            owner: "Ann",
            status: None,
            due: None,
            metric: None,
            effect: None,
            cards: &[],
            author: "Benchmark",
            created_at: i as i64,
            example: false,
        })?;
    }
    Ok(recorded)
}
