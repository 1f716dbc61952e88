//! The voting round's rules as the host applies them to what a participant sends.

use serde_json::json;

use super::{voting_problem, VotingRound};
use crate::entry_checks::tests::{receive, refused, replica_of};
use crate::templates::instantiate;
use crate::{Locale, MapDoc, Writer};

fn participant(id: &str) -> Writer {
    Writer::Participant(id.into())
}

/// The cards of the map's first card lane, and one card of another lane.
fn cards_in_and_out(doc: &MapDoc) -> (String, Vec<String>, String) {
    let view = doc.view();
    let lane = view.cards[0].placement.lane.clone();
    let inside: Vec<String> = view
        .cards
        .iter()
        .filter(|c| c.placement.lane == lane)
        .map(|c| c.id.clone())
        .collect();
    let outside = view
        .cards
        .iter()
        .find(|c| c.placement.lane != lane)
        .unwrap()
        .id
        .clone();
    (lane, inside, outside)
}

fn round(lane: &str, open: bool) -> VotingRound {
    VotingRound {
        round: "r-1".into(),
        label: "最痛的痛点".into(),
        lanes: vec![lane.to_owned()],
        per_person: 3,
        per_card: 2,
        open,
        closed_at: None,
    }
}

#[test]
fn a_participant_votes_only_in_the_open_round_on_its_lanes_within_their_dots() {
    let host = instantiate("lifecycle", Locale::ZhCn, None, "T", 0).unwrap();
    let (lane, inside, outside) = cards_in_and_out(&host);
    assert!(inside.len() >= 3, "the template's first lane has cards");
    let facilitator = replica_of(&host, 31);
    let ann = replica_of(&host, 32);
    let me = participant("p-ann");

    // No round yet: no dots.
    ann.set_vote("r-1", &inside[0], "p-ann", 1).unwrap();
    let why = refused(&host, &ann, &me).unwrap();
    assert!(why.contains("open voting round"), "{why}");

    facilitator
        .set_voting_round(Some(&round(&lane, true)))
        .unwrap();
    assert_eq!(refused(&host, &facilitator, &Writer::Facilitator), None);
    ann.import(&host.export_since(&ann.version()).unwrap())
        .unwrap();
    assert_eq!(host.voting_round(), Some(round(&lane, true)));

    // Two dots on one card, one on another: the three she has.
    ann.set_vote("r-1", &inside[0], "p-ann", 2).unwrap();
    assert_eq!(refused(&host, &ann, &me), None);
    ann.set_vote("r-1", &inside[0], "p-ann", 3).unwrap();
    assert!(refused(&host, &ann, &me).unwrap().contains("per card"));
    ann.set_vote("r-1", &inside[0], "p-ann", 2).unwrap();
    ann.set_vote("r-1", &inside[1], "p-ann", 1).unwrap();
    assert_eq!(refused(&host, &ann, &me), None);
    ann.set_vote("r-1", &inside[2], "p-ann", 1).unwrap();
    assert!(refused(&host, &ann, &me).unwrap().contains("per person"));
    ann.set_vote("r-1", &inside[2], "p-ann", 0).unwrap();
    // Not on a card outside the round's lanes, not in another round, not as someone else.
    ann.set_vote("r-1", &outside, "p-ann", 1).unwrap();
    assert!(refused(&host, &ann, &me).unwrap().contains("lane"));
    ann.set_vote("r-1", &outside, "p-ann", 0).unwrap();
    ann.set_vote("r-0", &inside[2], "p-ann", 1).unwrap();
    assert!(refused(&host, &ann, &me)
        .unwrap()
        .contains("open voting round"));
    // (The host would have dropped the refused write; this one keeps it, so its removal is
    // passed on without asking.)
    ann.set_vote("r-0", &inside[2], "p-ann", 0).unwrap();
    receive(&host, &ann);
    ann.set_vote("r-1", &inside[2], "p-bo", 1).unwrap();
    let why = refused(&host, &ann, &me).unwrap();
    assert!(why.contains("themselves"), "{why}");
    ann.set_vote("r-1", &inside[2], "p-bo", 0).unwrap();
    receive(&host, &ann);
    // Keys of another shape, which the totals would read as her card twice, are refused.
    for odd in [format!("{}:x", inside[2]), format!("{}:y", inside[2])] {
        ann.set_vote("r-1", &odd, "p-ann", 1).unwrap();
        let why = refused(&host, &ann, &me).unwrap();
        assert!(why.contains("round:card:participant"), "{why}");
        ann.set_vote("r-1", &odd, "p-ann", 0).unwrap();
        receive(&host, &ann);
    }
    // Taking a dot back is fine while the round is open.
    ann.set_vote("r-1", &inside[1], "p-ann", 0).unwrap();
    assert_eq!(refused(&host, &ann, &me), None);
    let totals = host.view();
    let votes_of = |id: &str| totals.cards.iter().find(|c| c.id == id).unwrap().votes;
    assert!(votes_of(&inside[0]) >= 2);

    // A participant may not open, change or close the round.
    ann.set_voting_round(Some(&round(&lane, false))).unwrap();
    assert!(refused(&host, &ann, &me).unwrap().contains("facilitator"));

    // A dot on its way as the facilitator closes the round is still taken...
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let ann = replica_of(&host, 33);
    facilitator
        .import(&host.export_since(&facilitator.version()).unwrap())
        .unwrap();
    let just_closed = VotingRound {
        closed_at: Some(now),
        ..round(&lane, false)
    };
    facilitator.set_voting_round(Some(&just_closed)).unwrap();
    assert_eq!(refused(&host, &facilitator, &Writer::Facilitator), None);
    ann.import(&host.export_since(&ann.version()).unwrap())
        .unwrap();
    ann.set_vote("r-1", &inside[1], "p-ann", 1).unwrap();
    assert_eq!(refused(&host, &ann, &me), None);

    // ...but once the round has been closed a while, the votes stand.
    let ann = replica_of(&host, 34);
    facilitator
        .import(&host.export_since(&facilitator.version()).unwrap())
        .unwrap();
    let closed = VotingRound {
        closed_at: Some(now - super::LATE_DOTS_MS - 1_000),
        ..round(&lane, false)
    };
    facilitator.set_voting_round(Some(&closed)).unwrap();
    assert_eq!(refused(&host, &facilitator, &Writer::Facilitator), None);
    ann.import(&host.export_since(&ann.version()).unwrap())
        .unwrap();
    ann.set_vote("r-1", &inside[0], "p-ann", 0).unwrap();
    assert!(refused(&host, &ann, &me)
        .unwrap()
        .contains("open voting round"));
    // The facilitator is held to the value ranges only (they may clear a round).
    facilitator
        .import(&host.export_since(&facilitator.version()).unwrap())
        .unwrap();
    facilitator.set_vote("r-1", &inside[0], "p-ann", 0).unwrap();
    assert_eq!(refused(&host, &facilitator, &Writer::Facilitator), None);
}

#[test]
fn a_voting_round_that_is_not_one_is_refused() {
    let good = json!({
        "round": "r-1", "label": "機會", "lanes": ["l1"], "per_person": 5, "per_card": 1, "open": true
    });
    assert_eq!(voting_problem(&good), None);
    let with = |key: &str, v: serde_json::Value| {
        let mut bad = good.clone();
        bad[key] = v;
        voting_problem(&bad)
    };
    assert!(with("round", json!("r:1")).is_some(), "the key separator");
    assert!(with("round", json!("")).is_some());
    assert!(with("lanes", json!([])).is_some());
    assert!(with("lanes", json!([1])).is_some());
    assert!(with("per_person", json!(0)).is_some());
    assert!(with("per_person", json!(21)).is_some());
    assert!(with("per_person", json!(2.5)).is_some());
    assert!(
        with("per_card", json!(6)).is_some(),
        "more than each person has"
    );
    assert!(with("open", json!("yes")).is_some());
    assert!(with("closed_at", json!(1_800_000_000_000_i64)).is_none());
    assert!(with("closed_at", json!(null)).is_none());
    assert!(with("closed_at", json!("soon")).is_some());
    assert!(with("label", json!("长".repeat(81))).is_some());
    assert!(with("extra", json!(1)).is_some());
    assert!(voting_problem(&json!("r-1")).is_some());
}
