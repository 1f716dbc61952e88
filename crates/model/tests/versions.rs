//! Saved versions and what changed: a version is a point in the map's history that reads back the
//! map as it was; the comparison names cards added, removed, edited and moved, the emotion curve
//! and metrics per stage and the actions whose status changed; what a client writes into the
//! versions is checked the way the host checks it; every template brings a saved version.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use wayline_model::schema::{self, MAX_VERSION_NAME_CHARS};
use wayline_model::templates::{self, instantiate};
use wayline_model::versions::parse_frontiers;
use wayline_model::{map_changes, Locale, MapDoc, MapView, NewCard};

const NOW: i64 = 1_764_000_000_000;

fn blank_map() -> (MapDoc, String, String, String) {
    let doc = MapDoc::new();
    doc.init_meta("旅程", Locale::ZhCn, "").unwrap();
    let s1 = doc
        .add_stage("认知", "", "blue", schema::Phase::PreSale)
        .unwrap();
    let s2 = doc
        .add_stage("购买", "", "green", schema::Phase::PreSale)
        .unwrap();
    let lane = doc
        .add_lane(
            "痛点",
            schema::LaneKind::Cards,
            "pain_points",
            "",
            schema::Separator::None,
        )
        .unwrap();
    (doc, s1, s2, lane)
}

fn card(doc: &MapDoc, stage: &str, lane: &str, text: &str) -> String {
    doc.add_card(NewCard {
        stage,
        lane,
        text,
        color: "yellow",
        author: "林",
        ..Default::default()
    })
    .unwrap()
}

#[test]
fn a_version_reads_back_the_map_as_it_was_and_stays_apart_from_later_edits() {
    let (doc, s1, s2, lane) = blank_map();
    let kept = card(&doc, &s1, &lane, "客服回复太慢 𠮷");
    let edited = card(&doc, &s1, &lane, "结账要注册");
    let moved = card(&doc, &s1, &lane, "找不到尺码表");
    let before = doc.view();
    let id = doc.save_version("第一次工作坊", "林", NOW, false).unwrap();

    let added = card(&doc, &s2, &lane, "退货流程太长 👍");
    doc.set_card_text(&edited, "结账必须注册账号").unwrap();
    doc.move_card(&moved, &s2, &lane).unwrap();

    let version = doc.view().versions;
    assert_eq!(version.len(), 1);
    assert_eq!(version[0].name, "第一次工作坊");
    assert_eq!(version[0].created_at, NOW);

    let then = doc.at_version(&id).unwrap().view();
    assert_eq!(then.cards, before.cards);
    assert!(
        then.versions.is_empty(),
        "the version entry came after its point"
    );

    // Writing into the fork does not reach the map.
    let fork = doc.at_version(&id).unwrap();
    card(&fork, &s1, &lane, "只在副本里");
    assert_eq!(doc.view().cards.len(), 4);

    let now = doc.view();
    let changes = doc.changes_between(&id, None).unwrap();
    assert_eq!(changes, map_changes(&then, &now));
    let ids = |list: &[wayline_model::changes::CardChange]| {
        list.iter().map(|c| c.id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&changes.cards_added), vec![added.clone()]);
    assert_eq!(changes.cards_added[0].text, "退货流程太长 👍");
    assert_eq!(changes.cards_added[0].stage_title, "购买");
    assert_eq!(ids(&changes.cards_edited), vec![edited.clone()]);
    assert_eq!(
        changes.cards_edited[0].before_text.as_deref(),
        Some("结账要注册")
    );
    assert_eq!(ids(&changes.cards_moved), vec![moved.clone()]);
    assert_eq!(
        changes.cards_moved[0].from_stage_title.as_deref(),
        Some("认知")
    );
    assert_eq!(changes.cards_moved[0].stage_title, "购买");
    assert!(changes.cards_removed.is_empty());
    assert!(!changes.cards_edited.iter().any(|c| c.id == kept));

    // Two versions compared with each other; the other way round, the added card is removed.
    let second = doc.save_version("第二次", "林", NOW + 1, false).unwrap();
    let backwards = doc.changes_between(&second, Some(&id)).unwrap();
    assert_eq!(ids(&backwards.cards_removed), vec![added]);
    assert!(doc.changes_between(&second, None).unwrap().is_empty());

    // After the comparisons the map still takes edits.
    let written = card(&doc, &s2, &lane, "比较之后还能写");
    assert!(doc.view().cards.iter().any(|c| c.id == written));
}

#[test]
fn emotion_metric_and_action_changes_are_named_per_stage() {
    let doc = instantiate("lifecycle", Locale::ZhTw, None, "林", NOW).unwrap();
    let (version, changes) = doc
        .changes_since_newest_version(&doc.view())
        .unwrap()
        .unwrap();
    assert_eq!(version.name, "第一次工作坊");
    assert!(version.example);
    assert_eq!(version.created_at, NOW - 14 * 86_400_000);

    let view = doc.view();
    let opportunities: Vec<_> = view
        .cards
        .iter()
        .filter(|c| {
            view.lanes
                .iter()
                .any(|l| l.id == c.placement.lane && l.role == "opportunities")
        })
        .map(|c| c.id.clone())
        .collect();
    let added: Vec<_> = changes.cards_added.iter().map(|c| c.id.clone()).collect();
    assert_eq!(added, opportunities, "opportunities came after the version");
    assert_eq!(changes.cards_edited.len(), 1);
    assert_eq!(
        changes.cards_edited[0].before_text.as_deref(),
        Some("電話等候了很久")
    );
    assert_eq!(changes.cards_edited[0].text, "電話等候了 12 分鐘");

    // The last rater (Sam: 2, -1, -1, -1, 2) rated after the version (Alex: 1, 0, -1, -2, 1):
    // the mean moved on every stage but the third, where both said -1.
    let moved: Vec<_> = changes.emotions.iter().map(|e| e.stage.clone()).collect();
    let stages: Vec<_> = view.stages.iter().map(|s| s.id.clone()).collect();
    assert_eq!(moved, [&stages[..2], &stages[3..]].concat());
    assert_eq!(
        (changes.emotions[0].before, changes.emotions[0].after),
        (Some(1.0), Some(1.5))
    );
    let nps = changes.metrics.iter().find(|m| m.kind == "nps").unwrap();
    assert_eq!(
        (nps.current_before, nps.current_after),
        (Some(31.0), Some(34.0))
    );
    assert!(!nps.added && !nps.removed);
    // Every action stood a step earlier; one came with the new opportunities.
    assert!(changes
        .actions
        .iter()
        .any(|a| a.before.as_deref() == Some("in_progress") && a.after.as_deref() == Some("done")));
    assert!(changes.actions.iter().any(|a| a.before.is_none()));

    // The map read at the version agrees with what changed.
    let then = doc.at_version(&version.id).unwrap().view();
    assert_eq!(then.cards.len() + added.len(), view.cards.len());
    assert_eq!(map_changes(&then, &view), changes);
}

#[test]
fn every_template_in_every_language_brings_a_saved_version_with_changes() {
    for t in templates::list() {
        for locale in Locale::ALL {
            let doc = instantiate(t.id, *locale, None, "Wayline", NOW).unwrap();
            let (version, changes) = doc
                .changes_since_newest_version(&doc.view())
                .unwrap()
                .unwrap();
            assert!(!version.name.is_empty(), "{} {locale}", t.id);
            assert!(!changes.is_empty(), "{} {locale}", t.id);
            assert!(!changes.actions.is_empty(), "{} {locale}", t.id);
        }
    }
}

#[test]
fn what_a_client_writes_into_the_versions_is_checked() {
    let (doc, s1, _, lane) = blank_map();
    card(&doc, &s1, &lane, "一");
    let id = doc.save_version("好的", "林", NOW, false).unwrap();
    let before = doc.entries_before();
    assert!(doc.first_new_invalid_version(&before).is_none());

    let versions = doc.loro().get_map(schema::VERSIONS);
    let write = |name: &str, frontiers: &str| {
        let entry = versions
            .insert_container("forged", loro::LoroMap::new())
            .unwrap();
        entry.insert("name", name).unwrap();
        entry.insert("frontiers", frontiers).unwrap();
        doc.loro().commit();
    };
    // A point in history this map does not have (another peer, or beyond this one's end).
    write("未来", "5@42");
    let (which, why) = doc.first_new_invalid_version(&before).unwrap();
    assert_eq!(which, "forged");
    assert!(why.contains("history"), "{why}");
    assert!(doc.at_version("forged").is_err());

    write(&"名".repeat(MAX_VERSION_NAME_CHARS + 1), "");
    assert!(doc
        .first_new_invalid_version(&before)
        .unwrap()
        .1
        .contains("name"));
    write("  ", "");
    assert!(doc.first_new_invalid_version(&before).is_some());
    write("坏的", "12");
    assert!(doc.first_new_invalid_version(&before).is_some());
    write("空的", "");
    assert!(doc.first_new_invalid_version(&before).is_some());
    let mine = doc.loro().oplog_frontiers();
    let last = mine.iter().next().unwrap();
    write(
        "两次",
        &format!("0@{p},{c}@{p}", p = last.peer, c = last.counter),
    );
    assert!(doc
        .first_new_invalid_version(&before)
        .unwrap()
        .1
        .contains("twice"));
    // Another peer's edit made on top of this one: naming both is not how Loro writes it.
    let other = MapDoc::load(Some(&doc.export_snapshot().unwrap()), &[]).unwrap();
    other.loro().set_peer_id(424_242).unwrap();
    card(&other, &s1, &lane, "二");
    doc.import(&other.export_snapshot().unwrap()).unwrap();
    let theirs = other.loro().oplog_frontiers();
    let their = theirs.iter().next().unwrap();
    let ours = doc.loro().oplog_vv().get(&last.peer).copied().unwrap_or(1) - 1;
    write(
        "多余",
        &format!("{ours}@{},{}@{}", last.peer, their.counter, their.peer),
    );
    assert!(doc
        .first_new_invalid_version(&before)
        .unwrap()
        .1
        .contains("minimally"));
    let now = wayline_model::versions::write_frontiers(&doc.loro().oplog_frontiers());
    write("好的也行", &now);
    assert!(doc.first_new_invalid_version(&before).is_none());

    // The good version still reads, and an unknown one is named.
    assert!(doc.at_version(&id).is_ok());
    let err = doc.at_version("missing").err().unwrap().to_string();
    assert!(err.contains("missing"), "{err}");
}

/// The map forked at saved version `id` by loro itself (a snapshot at the version's point).
fn forked_by_loro(doc: &MapDoc, id: &str) -> MapView {
    let version = doc
        .view()
        .versions
        .into_iter()
        .find(|v| v.id == id)
        .unwrap();
    let frontiers = loro::Frontiers::from(parse_frontiers(&version.frontiers).unwrap());
    let snapshot = doc
        .loro()
        .export(loro::ExportMode::SnapshotAt {
            version: std::borrow::Cow::Owned(frontiers),
        })
        .unwrap();
    MapDoc::load(Some(&snapshot), &[]).unwrap().view()
}

/// A version early in the history is rebuilt from the operations it holds, a late one forked:
/// both read what loro's own snapshot at the version holds, and what the map was when saved.
#[test]
fn early_and_late_versions_read_as_a_forked_copy_does() {
    let (doc, s1, s2, lane) = blank_map();
    let first = card(&doc, &s1, &lane, "客服回复太慢");
    let at_early = doc.view();
    let early = doc.save_version("早", "林", NOW, false).unwrap();
    let mut cards = Vec::new();
    for i in 0..60 {
        cards.push(card(
            &doc,
            &s2,
            &lane,
            &format!("卡片 {i}：價格不一致 mixed"),
        ));
    }
    doc.set_card_text(&first, "客服回复太慢，等了 20 分钟")
        .unwrap();
    let at_late = doc.view();
    let late = doc.save_version("晚", "林", NOW + 1, false).unwrap();
    doc.set_card_text(&cards[3], "改过的卡片").unwrap();
    doc.move_card(&cards[4], &s1, &lane).unwrap();

    let now = doc.view();
    for (version, when_saved) in [(&early, &at_early), (&late, &at_late)] {
        let read = doc.at_version(version).unwrap().view();
        assert_eq!(read, forked_by_loro(&doc, version), "{version}");
        assert_eq!(read.cards, when_saved.cards, "{version}");
        assert_eq!(read.stages, when_saved.stages, "{version}");
        let changes = doc.changes_between(version, None).unwrap();
        assert_eq!(changes, map_changes(&read, &now), "{version}");
    }
    let early_changes = doc.changes_between(&early, None).unwrap();
    assert_eq!(early_changes.cards_added.len(), 60);
    assert_eq!(
        early_changes.cards_edited[0].before_text.as_deref(),
        Some("客服回复太慢")
    );
    let late_changes = doc.changes_between(&late, None).unwrap();
    assert_eq!(late_changes.cards_edited.len(), 1);
    assert_eq!(late_changes.cards_moved.len(), 1);
    let between = doc.changes_between(&early, Some(&late)).unwrap();
    assert_eq!(between.cards_added.len(), 60);
}
