//! The action plan in the map document: actions are written whole, read in due-date order, merge
//! between peers field by field, and what a client writes is checked (status, date, lengths,
//! card count) the way the host checks it. Every template brings example actions.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use wayline_model::schema::{self, MAX_ACTION_CARDS};
use wayline_model::templates::{self, instantiate};
use wayline_model::{ActionStatus, Locale, MapDoc, NewAction, NewCard};

/// The Loro map of one action, for writing its fields the way any client could.
fn action_map(doc: &MapDoc, id: &str) -> loro::LoroMap {
    doc.loro()
        .get_map(schema::ACTIONS)
        .get(id)
        .unwrap()
        .into_container()
        .unwrap()
        .into_map()
        .unwrap()
}

fn map_with_card() -> (MapDoc, String) {
    let doc = instantiate("lifecycle", Locale::ZhTw, None, "林", 0).unwrap();
    let view = doc.view();
    let card = doc
        .add_card(NewCard {
            stage: &view.stages[0].id,
            lane: &view.lanes[0].id,
            text: "客服回覆太慢",
            color: "yellow",
            author: "林",
            ..Default::default()
        })
        .unwrap();
    (doc, card)
}

fn action<'a>(title: &'a str, cards: &'a [&'a str]) -> NewAction<'a> {
    NewAction {
        title,
        team: "service",
        owner: "王小明",
        cards,
        author: "林",
        created_at: 1,
        ..Default::default()
    }
}

#[test]
fn an_action_is_read_back_whole_and_in_due_date_order() {
    let (doc, card) = map_with_card();
    let before = doc.view().actions.len();
    let later = doc
        .add_action(NewAction {
            due: Some("2027-01-15"),
            status: Some(ActionStatus::Planned),
            effect: Some(-6.0),
            ..action("縮短等候時間", &[card.as_str()])
        })
        .unwrap();
    let sooner = doc
        .add_action(NewAction {
            due: Some("2026-12-24"),
            ..action("𠮷野家的 FAQ 👍", &[])
        })
        .unwrap();
    let view = doc.view();
    assert_eq!(view.actions.len(), before + 2);
    let a = view.actions.iter().find(|a| a.id == later).unwrap();
    assert_eq!(a.title, "縮短等候時間");
    assert_eq!(a.team, "service");
    assert_eq!(a.owner, "王小明");
    assert_eq!(a.status, ActionStatus::Planned);
    assert_eq!(a.due.as_deref(), Some("2027-01-15"));
    assert_eq!(a.effect, Some(-6.0));
    assert_eq!(a.cards, vec![card]);
    let pos = |id: &str| view.actions.iter().position(|a| a.id == id).unwrap();
    assert!(pos(&sooner) < pos(&later));
    assert_eq!(
        view.actions.iter().find(|a| a.id == sooner).unwrap().title,
        "𠮷野家的 FAQ 👍"
    );
}

#[test]
fn bad_actions_are_refused_before_anything_is_written() {
    let (doc, card) = map_with_card();
    let version = doc.version();
    let long = "長".repeat(schema::MAX_TITLE_CHARS + 1);
    let many: Vec<&str> = std::iter::repeat_n(card.as_str(), MAX_ACTION_CARDS + 1).collect();
    let bad = [
        action("  ", &[]),
        action(&long, &[]),
        NewAction {
            due: Some("2026-02-30"),
            ..action("x", &[])
        },
        action("x", &["no-such-card"]),
        NewAction {
            metric: Some("no-such-metric"),
            ..action("x", &[])
        },
        NewAction {
            effect: Some(f64::NAN),
            ..action("x", &[])
        },
        action("x", &many),
        NewAction {
            owner: &long,
            ..action("x", &[])
        },
    ];
    for a in bad {
        let title = a.title.chars().take(10).collect::<String>();
        assert!(doc.add_action(a).is_err(), "{title}");
    }
    assert_eq!(doc.version(), version, "a refused action wrote nothing");
}

#[test]
fn two_people_editing_different_fields_of_one_action_both_keep_theirs() {
    let (a, card) = map_with_card();
    let id = a.add_action(action("回覆時間", &[card.as_str()])).unwrap();
    let b = MapDoc::load(Some(&a.export_snapshot().unwrap()), &[]).unwrap();
    let field = |doc: &MapDoc, key: &str, value: &str| {
        action_map(doc, &id).insert(key, value).unwrap();
        doc.loro().commit();
    };
    field(&a, "status", "in_progress");
    field(&b, "owner", "陳志明");
    a.import(&b.export_snapshot().unwrap()).unwrap();
    b.import(&a.export_snapshot().unwrap()).unwrap();
    for doc in [&a, &b] {
        let view = doc.view();
        let got = view.actions.iter().find(|x| x.id == id).unwrap();
        assert_eq!(got.status, ActionStatus::InProgress);
        assert_eq!(got.owner, "陳志明");
    }
}

#[test]
fn the_host_check_refuses_what_a_client_may_not_write_and_leaves_old_entries_alone() {
    let (doc, _) = map_with_card();
    let id = doc.add_action(action("好的", &[])).unwrap();
    let before = doc.entries_before();
    assert_eq!(doc.first_new_invalid_action(&before), None);
    let m = action_map(&doc, &id);
    for (key, value) in [
        ("status", "finished"),
        ("due", "next week"),
        ("title", &"長".repeat(201) as &str),
    ] {
        let old = m.get(key).and_then(|v| v.into_value().ok());
        m.insert(key, value).unwrap();
        let (bad, why) = doc.first_new_invalid_action(&before).expect(key);
        assert_eq!(bad, id);
        assert!(!why.is_empty());
        match old {
            Some(v) => m.insert(key, v).unwrap(),
            None => m.delete(key).unwrap(),
        }
    }
    assert_eq!(doc.first_new_invalid_action(&before), None);
    // an entry written wrongly earlier (an older release) does not block other edits
    m.insert("status", "finished").unwrap();
    let now = doc.entries_before();
    doc.add_action(action("另一个", &[])).unwrap();
    assert_eq!(doc.first_new_invalid_action(&now), None);
    // and reads as an idea
    let view = doc.view();
    let read = view.actions.iter().find(|a| a.id == id).unwrap();
    assert_eq!(read.status, ActionStatus::Idea);
}

#[test]
fn every_template_brings_example_actions_that_answer_its_cards() {
    for t in templates::list() {
        for locale in Locale::ALL {
            let view = instantiate(t.id, *locale, None, "Wayline", 1_795_000_000_000)
                .unwrap()
                .view();
            assert!(view.actions.len() >= 2, "{} {locale}", t.id);
            for a in &view.actions {
                assert!(a.example, "{}", a.title);
                assert!(!a.title.is_empty() && !a.owner.is_empty());
                for card in &a.cards {
                    assert!(view.cards.iter().any(|c| &c.id == card), "{}", a.title);
                }
                if let Some(m) = &a.metric {
                    assert!(view.metrics.iter().any(|x| &x.id == m), "{}", a.title);
                }
            }
            assert!(view.actions.iter().any(|a| a.due.is_some()));
        }
    }
}
