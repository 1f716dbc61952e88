//! The host's entry checks against replicas that write as clients do, and the helpers other
//! checks' tests share (a client's replica, receiving its update).

use crate::templates::instantiate;
use crate::{Locale, MapDoc};

/// The host looks into these roots around every update; looking must leave a replica
/// exactly as it was, or two replicas with the same history stop being equal.
#[test]
fn reading_a_root_the_map_lacks_leaves_the_replica_unchanged() {
    let doc = instantiate("lifecycle", Locale::ZhCn, None, "T", 0).unwrap();
    assert!(doc.to_json().get("parking").is_none());
    let replica = MapDoc::load(Some(&doc.export_snapshot().unwrap()), &[]).unwrap();
    let before = replica.entries_before();
    assert!(replica.first_new_invalid_entry(&before).is_none());
    assert!(replica
        .first_new_invalid_entry(&crate::EntriesBefore::nothing())
        .is_none());
    assert_eq!(replica.to_json(), doc.to_json());
    let copy = MapDoc::load(Some(&replica.export_snapshot().unwrap()), &[]).unwrap();
    assert_eq!(copy.to_json(), doc.to_json());
}

/// A replica of `doc` writing as `peer` (what a client holds).
pub(crate) fn replica_of(doc: &MapDoc, peer: u64) -> MapDoc {
    let replica = MapDoc::load(Some(&doc.export_snapshot().unwrap()), &[]).unwrap();
    replica.loro().set_peer_id(peer).unwrap();
    replica
}

/// The `text` container of entry `id` of root map `root`.
pub(crate) fn entry_text(doc: &MapDoc, root: &str, id: &str) -> loro::LoroText {
    let Some(loro::ValueOrContainer::Container(loro::Container::Map(entry))) =
        doc.loro().get_map(root).get(id)
    else {
        panic!("no {root} entry {id}")
    };
    let Some(loro::ValueOrContainer::Container(loro::Container::Text(text))) = entry.get("text")
    else {
        panic!("{root} entry {id} has no text")
    };
    text
}

/// What another participant's update wrote is found from its operations, inside an entry
/// too: the host's replica refuses a correction that makes a topic too long, however it
/// arrived, and an update that only edits a card writes that card and nothing else.
#[test]
fn an_imported_update_is_checked_where_it_wrote_and_only_there() {
    let host = instantiate("lifecycle", Locale::ZhTw, None, "T", 0).unwrap();
    let topic = host.park("退貨流程誰負責？", "林", 1).unwrap();
    let client = replica_of(&host, 7);

    let card = client.view().cards[0].id.clone();
    client.set_card_text(&card, "客戶等了很久").unwrap();
    let before = receive(&host, &client);
    let written = host.written_since(&before);
    assert_eq!(
        written.keys.keys().collect::<Vec<_>>(),
        [crate::schema::CARDS]
    );
    assert!(written.keys[crate::schema::CARDS].contains(&card));
    assert!(host.first_new_invalid_entry(&before).is_none());

    let text = entry_text(&client, crate::schema::PARKING, &topic);
    text.insert(0, &"長".repeat(crate::schema::MAX_PARKING_TEXT_CHARS))
        .unwrap();
    client.loro().commit();
    let before = receive(&host, &client);
    let written = host.written_since(&before);
    assert_eq!(
        written
            .keys
            .get(crate::schema::PARKING)
            .map(|k| k.iter().cloned().collect::<Vec<_>>()),
        Some(vec![topic.clone()])
    );
    let (which, why) = host.first_new_invalid_entry(&before).unwrap();
    assert_eq!(which, topic);
    assert!(why.contains("at most"), "{why}");
}

/// An entry already wrong (an older release wrote it) does not block an update that writes
/// another one; an entry written and then deleted leaves nothing to check.
#[test]
fn entries_the_update_did_not_write_or_deleted_again_are_left_alone() {
    let doc = instantiate("lifecycle", Locale::En, None, "T", 0).unwrap();
    let parking = doc.loro().get_map(crate::schema::PARKING);
    let old = parking
        .insert_container("old", loro::LoroMap::new())
        .unwrap();
    old.insert("text", "no author").unwrap();
    doc.loro().commit();

    let before = doc.entries_before();
    doc.park("Pricing page", "Ann", 2).unwrap();
    assert!(doc.first_new_invalid_entry(&before).is_none());
    assert!(doc
        .first_new_invalid_entry(&crate::EntriesBefore::nothing())
        .is_some());

    let before = doc.entries_before();
    let gone = parking
        .insert_container("gone", loro::LoroMap::new())
        .unwrap();
    gone.insert("text", "no author either").unwrap();
    parking.delete("gone").unwrap();
    doc.loro().commit();
    assert!(doc.first_new_invalid_entry(&before).is_none());
}

/// Writes `fields` into `map`.
fn fill(map: &loro::LoroMap, fields: &[(&str, loro::LoroValue)]) {
    for (key, value) in fields {
        map.insert(key, value.clone()).unwrap();
    }
}

/// A mergeable child's id reads like a root's; what is written inside it is still checked
/// as part of its entry (the entry's JSON shows it).
#[test]
fn writes_inside_a_mergeable_child_of_an_entry_are_checked() {
    let host = instantiate("lifecycle", Locale::ZhCn, None, "T", 0).unwrap();
    let client = replica_of(&host, 9);
    let parking = client.loro().get_map(crate::schema::PARKING);
    let item = parking.ensure_mergeable_map("evil").unwrap();
    fill(
        &item,
        &[
            ("text", "好的".into()),
            ("author", "林".into()),
            ("created_at", 1.into()),
        ],
    );
    client.loro().commit();
    let before = receive(&host, &client);
    assert!(host.first_new_invalid_entry(&before).is_none());

    item.insert(
        "text",
        "长".repeat(crate::schema::MAX_PARKING_TEXT_CHARS + 1),
    )
    .unwrap();
    client.loro().commit();
    let before = receive(&host, &client);
    let (which, why) = host.first_new_invalid_entry(&before).unwrap();
    assert_eq!(which, "evil");
    assert!(why.contains("at most"), "{why}");
}

/// Containers made inside an entry by the same update, two levels down, and a list grown
/// later in an entry that was accepted: each is checked as its entry.
#[test]
fn containers_nested_in_an_entry_are_checked_as_the_entry() {
    let host = instantiate("lifecycle", Locale::En, None, "T", 0).unwrap();
    let client = replica_of(&host, 11);
    let actions = client.loro().get_map(crate::schema::ACTIONS);
    let action = actions
        .insert_container("a1", loro::LoroMap::new())
        .unwrap();
    fill(
        &action,
        &[("title", "Call back".into()), ("created_at", 1.into())],
    );
    let cards = action
        .insert_container("cards", loro::LoroList::new())
        .unwrap();
    for i in 0..=crate::schema::MAX_ACTION_CARDS {
        cards.push(format!("card{i}")).unwrap();
    }
    client.loro().commit();
    let before = receive(&host, &client);
    let (which, why) = host.first_new_invalid_entry(&before).unwrap();
    assert_eq!(which, "a1");
    assert!(why.contains("cards"), "{why}");

    // Accepted with one card, then grown past the limit by a later update.
    let host = instantiate("lifecycle", Locale::En, None, "T", 0).unwrap();
    let client = replica_of(&host, 12);
    let action = client
        .loro()
        .get_map(crate::schema::ACTIONS)
        .insert_container("a2", loro::LoroMap::new())
        .unwrap();
    fill(&action, &[("title", "Fix the form".into())]);
    let cards = action
        .insert_container("cards", loro::LoroList::new())
        .unwrap();
    cards.push("card0").unwrap();
    client.loro().commit();
    let before = receive(&host, &client);
    assert!(host.first_new_invalid_entry(&before).is_none());
    for i in 1..=crate::schema::MAX_ACTION_CARDS {
        cards.push(format!("card{i}")).unwrap();
    }
    client.loro().commit();
    let before = receive(&host, &client);
    assert_eq!(host.first_new_invalid_entry(&before).unwrap().0, "a2");
}

/// A checked root written as another type of container would hide the map from the checks
/// (a lookup by name prefers it): refused.
#[test]
fn a_checked_root_of_another_type_is_refused() {
    let host = instantiate("lifecycle", Locale::ZhTw, None, "T", 0).unwrap();
    host.park("退貨流程", "林", 1).unwrap();
    let client = replica_of(&host, 13);
    client
        .loro()
        .get_text(crate::schema::PARKING)
        .insert(0, "掩護")
        .unwrap();
    client.loro().commit();
    let before = receive(&host, &client);
    let (_, why) = host.first_new_invalid_entry(&before).unwrap();
    assert!(why.contains("must be a map"), "{why}");
}

/// Whether the host (`host`) refuses what `client` wrote since the host last received, as
/// written by `writer`; the refusal's reason when it does.
pub(crate) fn refused(host: &MapDoc, client: &MapDoc, writer: &crate::Writer) -> Option<String> {
    let before = receive(host, client);
    host.first_new_invalid_entry_from(&before, writer)
        .map(|(_, why)| why)
}

/// Imports into `host` what `client` has that it lacks; returns what the host noted before.
/// Imports into `host` what `client` wrote since; returns what the host noted before.
pub(crate) fn receive(host: &MapDoc, client: &MapDoc) -> crate::EntriesBefore {
    let before = host.entries_before();
    let update = client
        .loro()
        .export(loro::ExportMode::updates(&host.loro().oplog_vv()))
        .unwrap();
    host.import(&update).unwrap();
    before
}
