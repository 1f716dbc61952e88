//! The agenda's rules as the host applies them to what the facilitator and participants send.

use serde_json::json;

use super::{agenda_problem, Agenda, AgendaSection, AGENDA};
use crate::entry_checks::tests::{refused, replica_of};
use crate::schema::{MAX_AGENDA_SECTIONS, MAX_TIMER_MINUTES, WORKSHOP};
use crate::templates::instantiate;
use crate::{Locale, Writer};

fn section(id: &str, title: &str, minutes: i64) -> AgendaSection {
    AgendaSection {
        id: id.into(),
        title: title.into(),
        minutes,
    }
}

fn plan() -> Agenda {
    Agenda {
        sections: vec![
            section("s-1", "暖场 Warm-up", 5),
            section("s-2", "梳理痛点", 15),
            section("s-3", "Dot voting / 投票", 5),
        ],
        current: Some("s-2".into()),
    }
}

#[test]
fn the_facilitator_writes_the_agenda_and_every_screen_reads_it() {
    let host = instantiate("lifecycle", Locale::ZhTw, None, "T", 0).unwrap();
    let facilitator = replica_of(&host, 41);
    facilitator.set_agenda(Some(&plan())).unwrap();
    assert_eq!(refused(&host, &facilitator, &Writer::Facilitator), None);
    assert_eq!(host.agenda(), Some(plan()));

    let mut next = plan();
    next.current = Some("s-3".into());
    next.sections
        .push(section("s-4", "Actions", MAX_TIMER_MINUTES as i64));
    facilitator.set_agenda(Some(&next)).unwrap();
    assert_eq!(refused(&host, &facilitator, &Writer::Facilitator), None);
    assert_eq!(host.agenda(), Some(next));

    facilitator.set_agenda(None).unwrap();
    assert_eq!(refused(&host, &facilitator, &Writer::Facilitator), None);
    assert_eq!(host.agenda(), None);
}

#[test]
fn a_participant_may_not_write_the_agenda() {
    let host = instantiate("lifecycle", Locale::En, None, "T", 0).unwrap();
    let ann = replica_of(&host, 42);
    ann.set_agenda(Some(&plan())).unwrap();
    let why = refused(&host, &ann, &Writer::Participant("p-ann".into())).unwrap();
    assert!(why.contains("only the facilitator"), "{why}");
}

#[test]
fn an_agenda_that_is_not_one_is_refused_even_from_the_facilitator() {
    let long_title = "長".repeat(81);
    let too_many: Vec<_> = (0..=MAX_AGENDA_SECTIONS)
        .map(|i| json!({"id": format!("s-{i}"), "title": "", "minutes": 1}))
        .collect();
    let bad = [
        json!([]),
        json!({"sections": {}}),
        json!({"sections": [], "extra": 1}),
        json!({"sections": [{"id": "s-1", "title": "x", "minutes": 0}]}),
        json!({"sections": [{"id": "s-1", "title": "x", "minutes": 241}]}),
        json!({"sections": [{"id": "s-1", "title": "x", "minutes": 1.5}]}),
        json!({"sections": [{"id": "s-1", "title": long_title, "minutes": 5}]}),
        json!({"sections": [{"id": "", "title": "x", "minutes": 5}]}),
        json!({"sections": [{"id": "s-1", "title": "a", "minutes": 5}, {"id": "s-1", "title": "b", "minutes": 5}]}),
        json!({"sections": [{"id": "s-1", "title": "a", "minutes": 5, "owner": "x"}]}),
        json!({"sections": [{"id": "s-1", "title": "a", "minutes": 5}], "current": "s-9"}),
        json!({"sections": too_many}),
    ];
    for value in &bad {
        assert!(agenda_problem(value).is_some(), "{value}");
    }
    // Written past the UI's own checks: refused by the host.
    let host = instantiate("lifecycle", Locale::ZhCn, None, "T", 0).unwrap();
    let facilitator = replica_of(&host, 43);
    let loro_value: loro::LoroValue = serde_json::from_value(json!({
        "sections": [{"id": "s-1", "title": "x", "minutes": 0}],
        "current": null
    }))
    .unwrap();
    facilitator
        .loro()
        .get_map(WORKSHOP)
        .insert(AGENDA, loro_value)
        .unwrap();
    facilitator.commit();
    let why = refused(&host, &facilitator, &Writer::Facilitator).unwrap();
    assert!(why.contains("whole minutes"), "{why}");
    assert!(agenda_problem(&json!({"sections": [], "current": null})).is_none());
}
