//! The brainstorm round's rules and its reveal, as the host applies them.

use serde_json::json;

use super::{brainstorm_problem, is_idea_id, Brainstorm, Idea};
use crate::entry_checks::tests::{refused, replica_of};
use crate::schema::{LaneKind, MAX_BRAINSTORM_PROMPT_CHARS, MAX_IDEA_CHARS};
use crate::templates::instantiate;
use crate::{Locale, MapDoc, Writer};

fn first_card_lane(doc: &MapDoc) -> String {
    let view = doc.view();
    let lane = view.lanes.iter().find(|l| l.kind == LaneKind::Cards);
    lane.map(|l| l.id.clone()).unwrap_or_default()
}

fn round(doc: &MapDoc, n: i64) -> Brainstorm {
    Brainstorm {
        round: n,
        prompt: "结账时最让客户沮丧的是什么？".into(),
        lane: first_card_lane(doc),
        open: true,
        revealed: 0,
    }
}

fn idea(id: &str, stage: &str, text: &str) -> Idea {
    Idea {
        id: id.into(),
        stage: stage.into(),
        text: text.into(),
    }
}

#[test]
fn the_facilitator_starts_a_round_and_a_participant_may_not() {
    let host = instantiate("lifecycle", Locale::ZhCn, None, "T", 0).unwrap();
    let facilitator = replica_of(&host, 51);
    facilitator.set_brainstorm(Some(&round(&host, 1))).unwrap();
    assert_eq!(refused(&host, &facilitator, &Writer::Facilitator), None);
    assert_eq!(host.brainstorm(), Some(round(&host, 1)));

    let ann = replica_of(&host, 52);
    ann.set_brainstorm(Some(&round(&host, 2))).unwrap();
    let why = refused(&host, &ann, &Writer::Participant("p-ann".into())).unwrap();
    assert!(why.contains("only the facilitator"), "{why}");
}

#[test]
fn a_round_that_is_not_one_is_refused() {
    let long = "問".repeat(MAX_BRAINSTORM_PROMPT_CHARS + 1);
    let bad = [
        json!([]),
        json!({"round": 0, "lane": "l", "open": true}),
        json!({"round": 1.5, "lane": "l", "open": true}),
        json!({"round": 1, "lane": "", "open": true}),
        json!({"round": 1, "lane": "l"}),
        json!({"round": 1, "lane": "l", "open": true, "prompt": long}),
        json!({"round": 1, "lane": "l", "open": true, "revealed": -1}),
        json!({"round": 1, "lane": "l", "open": true, "writer": "p-ann"}),
    ];
    for value in &bad {
        assert!(brainstorm_problem(value).is_some(), "{value}");
    }
    assert!(brainstorm_problem(&json!({"round": 3, "lane": "l", "open": false})).is_none());
    assert!(is_idea_id("0123456789abcdef0123456789abcdef") && !is_idea_id("a b c d e f"));
}

#[test]
fn the_reveal_puts_every_idea_on_the_board_once_unattributed_and_closes_the_round() {
    let host = instantiate("lifecycle", Locale::ZhTw, None, "T", 0).unwrap();
    host.set_brainstorm(Some(&round(&host, 1))).unwrap();
    let view = host.view();
    let second_stage = view.stages[1].id.clone();
    let lane = first_card_lane(&host);
    let before = view.cards.len();
    let ideas = [
        idea("bbbbbbbb01", &second_stage, "付款頁面太慢 slow checkout"),
        idea("aaaaaaaa02", "a-stage-since-deleted", "運費到最後才顯示"),
    ];
    assert_eq!(host.reveal_ideas(1, &ideas, 1_700_000_000_000).unwrap(), 2);

    let view = host.view();
    assert_eq!(view.cards.len(), before + 2);
    let slow = view.cards.iter().find(|c| c.id == "bbbbbbbb01").unwrap();
    assert_eq!(slow.text, "付款頁面太慢 slow checkout");
    assert_eq!(
        (slow.placement.stage.as_str(), slow.author.as_str()),
        (second_stage.as_str(), "")
    );
    assert_eq!(slow.placement.lane, lane);
    let shipping = view.cards.iter().find(|c| c.id == "aaaaaaaa02").unwrap();
    assert_eq!(
        shipping.placement.stage, view.stages[0].id,
        "a lost stage: the first one"
    );
    let b = host.brainstorm().unwrap();
    assert!(!b.open);
    assert_eq!(b.revealed, 2);

    // Repeated (after a crash between the board and the store), and with a late idea.
    let late = [
        ideas[0].clone(),
        idea("cccccccc03", &second_stage, "客服電話打不通"),
    ];
    assert_eq!(host.reveal_ideas(1, &late, 1_700_000_000_001).unwrap(), 1);
    assert_eq!(host.view().cards.len(), before + 3);
    assert_eq!(host.brainstorm().unwrap().revealed, 3);

    // A round never started, or a bad idea, change nothing.
    assert!(host.reveal_ideas(2, &late, 0).is_err());
    let long = "字".repeat(MAX_IDEA_CHARS + 1);
    assert!(host
        .reveal_ideas(1, &[idea("dddddddd04", &second_stage, &long)], 0)
        .is_err());
    assert!(host
        .reveal_ideas(1, &[idea("dddddddd05", &second_stage, "  ")], 0)
        .is_err());
}

#[test]
fn the_revealed_cards_pass_the_hosts_own_card_checks() {
    let host = instantiate("lifecycle", Locale::En, None, "T", 0).unwrap();
    host.set_brainstorm(Some(&round(&host, 1))).unwrap();
    let facilitator = replica_of(&host, 53);
    let stage = host.view().stages[0].id.clone();
    facilitator
        .reveal_ideas(1, &[idea("eeeeeeee06", &stage, "Hidden fees")], 5)
        .unwrap();
    assert_eq!(refused(&host, &facilitator, &Writer::Facilitator), None);
}

#[test]
fn only_the_maps_round_is_revealed() {
    let host = instantiate("lifecycle", Locale::En, None, "T", 0).unwrap();
    host.set_brainstorm(Some(&round(&host, 2))).unwrap();
    let stage = host.view().stages[0].id.clone();
    let old = [idea("ffffffff07", &stage, "Written offline in round 1")];
    assert!(host.reveal_ideas(1, &old, 2).is_err());
    assert_eq!(host.brainstorm(), Some(round(&host, 2)));
    assert!(!host.view().cards.iter().any(|c| c.id == "ffffffff07"));
}

#[test]
fn ideas_revealed_into_the_pain_points_take_its_colour() {
    let host = instantiate("lifecycle", Locale::ZhCn, None, "T", 0).unwrap();
    let view = host.view();
    let pains = view
        .lanes
        .iter()
        .find(|l| l.role == "pain_points")
        .map(|l| l.id.clone())
        .unwrap();
    let mut brainstorm = round(&host, 1);
    brainstorm.lane = pains;
    host.set_brainstorm(Some(&brainstorm)).unwrap();
    let stage = view.stages[0].id.clone();
    host.reveal_ideas(1, &[idea("abababab08", &stage, "结账要先注册")], 3)
        .unwrap();
    let card = host.view().cards.into_iter().find(|c| c.id == "abababab08");
    assert_eq!(card.map(|c| c.color), Some("pink".to_owned()));
}
