//! Behaviour of the map model: templates, edits, validation and merging. Edits only the UI makes
//! (recolouring and deleting cards, deleting stages, votes, the parking lot) are written here the
//! way the UI writes them, straight into the Loro document, to check what the readers make of them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use wayline_model::templates::{instantiate, list, sample_project_name};
use wayline_model::{LaneKind, Locale, MapDoc, ModelError, NewCard, Problem};

fn lifecycle(locale: Locale) -> MapDoc {
    instantiate("lifecycle", locale, None, "Tester", 1_700_000_000_000).unwrap()
}

fn lane_of(view: &wayline_model::MapView, kind: LaneKind) -> String {
    view.lanes
        .iter()
        .find(|l| l.kind == kind)
        .unwrap()
        .id
        .clone()
}

/// The UI's writes (ui/src/doc): the model has no writer for what only the UI does.
mod ui_writes {
    use loro::{LoroMap, LoroText};
    use wayline_model::MapDoc;

    pub fn set_card_color(doc: &MapDoc, id: &str, color: &str) {
        let card = doc.loro().get_map("cards").get(id).unwrap();
        let card = card.into_container().unwrap().into_map().unwrap();
        card.insert("color", color).unwrap();
        doc.loro().commit();
    }

    pub fn delete_card(doc: &MapDoc, id: &str) {
        doc.loro().get_map("cards").delete(id).unwrap();
        doc.loro().commit();
    }

    pub fn delete_first_stage(doc: &MapDoc) {
        doc.loro().get_movable_list("stages").delete(0, 1).unwrap();
        doc.loro().commit();
    }

    pub fn vote(doc: &MapDoc, card: &str, participant: &str, count: i64) {
        let votes = doc.loro().get_map("votes");
        let key = format!("default:{card}:{participant}");
        if count == 0 {
            votes.delete(&key).unwrap();
        } else {
            votes.insert(&key, count).unwrap();
        }
        doc.loro().commit();
    }

    pub fn park(doc: &MapDoc, id: &str, text: &str, author: &str) {
        let item = doc
            .loro()
            .get_map("parking")
            .insert_container(id, LoroMap::new())
            .unwrap();
        item.insert_container("text", LoroText::new())
            .unwrap()
            .insert(0, text)
            .unwrap();
        item.insert("author", author).unwrap();
        item.insert("created_at", 5).unwrap();
        doc.loro().commit();
    }
}

fn card<'a>(stage: &'a str, lane: &'a str, text: &'a str) -> NewCard<'a> {
    NewCard {
        stage,
        lane,
        text,
        color: "yellow",
        author: "Tester",
        ..Default::default()
    }
}

#[test]
fn lifecycle_template_in_simplified_chinese() {
    let view = lifecycle(Locale::ZhCn).view();
    assert_eq!(view.title, "客户生命周期旅程");
    assert_eq!(view.locale, "zh-CN");
    let stages: Vec<_> = view.stages.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(stages, ["触达", "获客", "转化", "留存", "忠诚"]);
    let lanes: Vec<_> = view.lanes.iter().map(|l| l.title.as_str()).collect();
    assert_eq!(
        lanes,
        [
            "客户行为",
            "触点",
            "渠道",
            "情绪曲线",
            "痛点",
            "机会点",
            "市场部",
            "销售部",
            "客服部",
            "体验指标"
        ]
    );
    assert!(view.cards.iter().any(|c| c.text == "结账前必须先注册账号"));
    assert!(view.problems().is_empty());
}

#[test]
fn lifecycle_template_in_traditional_chinese_and_english() {
    let tw = lifecycle(Locale::ZhTw).view();
    assert_eq!(tw.stages[4].title, "忠誠");
    assert!(tw.cards.iter().any(|c| c.text.contains("「購買」")));
    let en = lifecycle(Locale::En).view();
    let stages: Vec<_> = en.stages.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        stages,
        ["Reach", "Acquisition", "Conversion", "Retention", "Loyalty"]
    );
    assert_eq!(en.counts(), tw.counts());
    assert_eq!(en.counts().lanes, 10);
    assert!(en.counts().cards >= 15);
    assert_eq!(
        en.lanes
            .iter()
            .filter(|l| l.kind == LaneKind::Department)
            .count(),
        3
    );
    assert_eq!(en.emotions.len(), 10);
}

#[test]
fn template_title_can_be_overridden_and_unknown_template_is_refused() {
    let doc = instantiate("lifecycle", Locale::En, Some("  As-is journey "), "T", 0).unwrap();
    assert_eq!(doc.title(), "As-is journey");
    assert!(matches!(
        instantiate("nope", Locale::En, None, "T", 0),
        Err(ModelError::Unknown {
            what: "template",
            ..
        })
    ));
    assert_eq!(list()[0].id, "lifecycle");
    assert_eq!(sample_project_name(Locale::ZhTw), "範例：網店顧客旅程");
}

#[test]
fn add_edit_recolour_and_delete_a_card() {
    let doc = lifecycle(Locale::En);
    let view = doc.view();
    let (stage, lane) = (view.stages[2].id.clone(), view.lanes[0].id.clone());
    let before = view.cards_in(&stage, &lane).count();
    let id = doc
        .add_card(card(&stage, &lane, "第一行\nsecond line"))
        .unwrap();
    let view = doc.view();
    let cell: Vec<_> = view.cards_in(&stage, &lane).collect();
    assert_eq!(cell.len(), before + 1);
    assert_eq!(
        cell.last().unwrap().id,
        id,
        "a new card goes to the end of its cell"
    );

    doc.set_card_text(&id, "客户放弃了购物车 🛒").unwrap();
    ui_writes::set_card_color(&doc, &id, "pink");
    let edited = doc.view().cards.into_iter().find(|c| c.id == id).unwrap();
    assert_eq!(edited.text, "客户放弃了购物车 🛒");
    assert_eq!(edited.color, "pink");

    ui_writes::delete_card(&doc, &id);
    assert!(doc.view().cards.iter().all(|c| c.id != id));
    assert!(matches!(
        doc.set_card_text(&id, "gone"),
        Err(ModelError::Unknown { .. })
    ));
}

#[test]
fn bad_card_input_is_refused_without_changing_the_map() {
    let doc = lifecycle(Locale::En);
    let view = doc.view();
    let (stage, lane) = (view.stages[0].id.clone(), view.lanes[0].id.clone());
    let huge = "字".repeat(100_000);
    assert!(matches!(
        doc.add_card(card(&stage, &lane, &huge)),
        Err(ModelError::Invalid(_))
    ));
    assert!(doc.add_card(card("missing", &lane, "x")).is_err());
    let mut bad_colour = card(&stage, &lane, "x");
    bad_colour.color = "#ff0000";
    assert!(doc.add_card(bad_colour).is_err());
    assert!(doc.set_title("   ").is_err());
    assert_eq!(doc.view(), view);
}

#[test]
fn cards_of_a_deleted_stage_are_kept_and_reported() {
    let doc = lifecycle(Locale::En);
    let view = doc.view();
    let stage = view.stages[0].id.clone();
    let in_stage = view
        .cards
        .iter()
        .filter(|c| c.placement.stage == stage)
        .count();
    assert!(in_stage > 0);
    ui_writes::delete_first_stage(&doc);
    let after = doc.view();
    assert_eq!(after.stages.len(), 4);
    assert_eq!(after.orphan_cards.len(), in_stage);
    assert!(after
        .problems()
        .iter()
        .all(|p| matches!(p, Problem::OrphanCard { .. })));
}

#[test]
fn emotion_scores_are_bounded() {
    let doc = lifecycle(Locale::En);
    let view = doc.view();
    let stage = view.stages[0].id.clone();
    let emotion = lane_of(&view, LaneKind::Emotion);
    let cards = lane_of(&view, LaneKind::Cards);
    assert!(doc.rate_emotion(&stage, &emotion, "Kim", 3).is_err());
    assert!(doc.rate_emotion(&stage, &emotion, "a:b", 1).is_err());
    assert!(
        doc.rate_emotion(&stage, &cards, "Kim", 1).is_err(),
        "a rating belongs on an emotion lane"
    );
    doc.rate_emotion(&stage, &emotion, "Kim", -2).unwrap();
    assert!(doc.view().emotions.contains(&wayline_model::EmotionRating {
        stage: stage.clone(),
        lane: emotion.clone(),
        participant: "Kim".to_owned(),
        score: -2
    }));
}

#[test]
fn a_newer_schema_is_refused() {
    let doc = lifecycle(Locale::En);
    doc.loro()
        .get_map("meta")
        .insert("schema_version", 99)
        .unwrap();
    doc.loro().commit();
    let bytes = doc.export_snapshot().unwrap();
    assert!(matches!(
        MapDoc::load(Some(&bytes), &[]),
        Err(ModelError::NewerSchema { found: 99, .. })
    ));
}

#[test]
fn channels_metrics_votes_and_the_parking_lot() {
    use wayline_model::{Direction, NewMetric, Status};
    let doc = wayline_model::MapDoc::new();
    doc.init_meta("M", Locale::En, "none").unwrap();
    let stage = doc
        .add_stage("Buy", "", "blue", wayline_model::Phase::PreSale)
        .unwrap();
    let lane = doc
        .add_lane(
            "Pain",
            LaneKind::Cards,
            "pain_points",
            "",
            wayline_model::Separator::None,
        )
        .unwrap();

    let add = |title: &str, kind: LaneKind| {
        doc.add_lane(title, kind, "", "", wayline_model::Separator::None)
            .unwrap()
    };
    let channels = add("Channels", LaneKind::Channels);
    let metrics = add("Metrics", LaneKind::Metrics);
    doc.set_channel(&stage, &channels, "chatbot_ivr", true)
        .unwrap();
    doc.set_channel(&stage, &channels, "custom:WeChat 小程序", true)
        .unwrap();
    assert!(doc
        .set_channel(&stage, &channels, "carrier-pigeon", true)
        .is_err());
    assert!(doc.set_channel(&stage, &lane, "faq", true).is_err());
    doc.set_channel(&stage, &channels, "chatbot_ivr", false)
        .unwrap();
    assert_eq!(
        doc.view().channels,
        vec![wayline_model::ChannelChip {
            stage: stage.clone(),
            lane: channels.clone(),
            channel: "custom:WeChat 小程序".to_owned()
        }]
    );

    let metric = NewMetric {
        stage: &stage,
        lane: &metrics,
        kind: "call_hold_time",
        label: "",
        unit: "min",
        direction: Direction::Lower,
        expected: Some(3.0),
        current: Some(12.0),
        amber: 1.0,
        red: 5.0,
        example: false,
    };
    doc.add_metric(metric.clone()).unwrap();
    let m = &doc.view().metrics[0];
    assert_eq!((m.shortfall(), m.status()), (Some(9.0), Status::Red));
    assert!(doc
        .add_metric(NewMetric {
            current: Some(f64::NAN),
            ..metric.clone()
        })
        .is_err());
    assert!(doc
        .add_metric(NewMetric {
            kind: "vibes",
            ..metric
        })
        .is_err());

    let card = doc.add_card(card(&stage, &lane, "排队太久")).unwrap();
    ui_writes::vote(&doc, &card, "Kim", 2);
    ui_writes::vote(&doc, &card, "李", 1);
    assert_eq!(doc.view().cards[0].votes, 3);
    ui_writes::vote(&doc, &card, "Kim", 0);
    assert_eq!(doc.view().cards[0].votes, 1);

    ui_writes::park(&doc, "p1", "讨论退货政策", "Kim");
    assert_eq!(doc.view().parking[0].text, "讨论退货政策");
}

#[test]
fn a_malformed_position_written_by_another_client_does_not_block_adding_or_moving_cards() {
    let doc = lifecycle(Locale::En);
    let view = doc.view();
    let (stage, lane) = (&view.stages[0].id, &view.lanes[0].id);
    let id = doc.add_card(card(stage, lane, "first")).unwrap();
    // A broken client wrote a position that is not a fractional-index key (ends in "0").
    let cards = doc.loro().get_map("cards");
    let Some(loro::ValueOrContainer::Container(loro::Container::Map(m))) = cards.get(&id) else {
        panic!("the card is a map");
    };
    let mut bad = std::collections::HashMap::new();
    bad.insert("stage".to_owned(), loro::LoroValue::from(stage.as_str()));
    bad.insert("lane".to_owned(), loro::LoroValue::from(lane.as_str()));
    bad.insert("pos".to_owned(), loro::LoroValue::from("a10"));
    m.insert("placement", bad).unwrap();
    doc.loro().commit();
    let before = doc.view().cards_in(stage, lane).count();
    let second = doc.add_card(card(stage, lane, "second")).unwrap();
    doc.move_card(&second, stage, lane).unwrap();
    assert_eq!(doc.view().cards_in(stage, lane).count(), before + 1);
}

#[test]
fn ratings_of_two_people_with_the_same_name_stay_apart_and_old_maps_upgrade() {
    // A map of schema 1: ratings keyed by display name, no participant registry.
    let old = lifecycle(Locale::En);
    let stage = old.view().stages[0].id.clone();
    let emotion = lane_of(&old.view(), LaneKind::Emotion);
    old.loro()
        .get_map("meta")
        .insert("schema_version", 1i64)
        .unwrap();
    old.loro()
        .get_map("emotions")
        .insert(&format!("{stage}:Alice"), -2i64)
        .unwrap();
    old.loro().commit();
    assert_eq!(old.schema_version(), 1);

    assert!(old.upgrade().unwrap());
    assert!(!old.upgrade().unwrap(), "an upgrade happens once");
    let view = old.view();
    assert_eq!(view.schema_version, wayline_model::SCHEMA_VERSION);
    assert_eq!(view.participant_name("Alice"), "Alice");

    // Two new participants, both called Alice, rate the same stage: both ratings are kept.
    for (id, score) in [("p-7f3a", 1), ("p-92bc", 2)] {
        old.register_participant(id, "Alice", "#2f6fde").unwrap();
        old.rate_emotion(&stage, &emotion, id, score).unwrap();
    }
    let view = old.view();
    let on_stage: Vec<_> = view.emotions.iter().filter(|e| e.stage == stage).collect();
    let alices = on_stage
        .iter()
        .filter(|e| view.participant_name(&e.participant) == "Alice")
        .count();
    assert_eq!(alices, 3, "{on_stage:?}");
    assert!(old.register_participant("bad:id", "X", "").is_err());
}
