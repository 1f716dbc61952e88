//! Rooms against real SQLite files: commits shared by several rooms, and compaction run after
//! the answers while other clients keep writing.

#![allow(clippy::unwrap_used)]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use wayline_model::templates::instantiate;
use wayline_model::{Locale, MapDoc, NewCard};
use wayline_store::{Store, COMPACT_AFTER_UPDATES};

use super::{lock, Room};

/// A new map (the lifecycle template) in `store`, and its room.
pub(super) fn new_room(store: &Store) -> Arc<Room> {
    let project = match store.list_projects().unwrap().first() {
        Some(p) => p.id.clone(),
        None => store.create_project("P").unwrap().id,
    };
    let doc = instantiate("lifecycle", Locale::ZhCn, None, "T", 0).unwrap();
    let map = store.create_map(&project, &doc).unwrap();
    Arc::new(Room::load(store, &map.id).unwrap())
}

/// A client's edit adding a card with `text`, as the update it sends.
pub(super) fn card_update(client: &MapDoc, i: usize, text: &str) -> Vec<u8> {
    let view = client.view();
    let before = client.version();
    client
        .add_card(NewCard {
            stage: &view.stages[i % view.stages.len()].id,
            lane: &view.lanes[0].id,
            text,
            color: "green",
            author: "T",
            ..Default::default()
        })
        .unwrap();
    client.export_since(&before).unwrap()
}

/// Asserts every card `text(c, i)` is in the map as stored (read from a fresh connection).
fn assert_stored(dir: &std::path::Path, map_id: &str, texts: impl Iterator<Item = String>) {
    let view = Store::open(dir)
        .unwrap()
        .load_map(map_id)
        .unwrap()
        .doc
        .view();
    for text in texts {
        assert!(view.cards.iter().any(|card| card.text == text), "{text}");
    }
}

#[test]
fn rooms_of_several_maps_share_commits() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let rooms: Vec<Arc<Room>> = (0..4).map(|_| new_room(&store)).collect();
    let writes_before = store.writes();

    const CLIENTS_PER_ROOM: usize = 2;
    const EDITS: usize = 40;
    let threads: Vec<_> = (0..rooms.len() * CLIENTS_PER_ROOM)
        .map(|c| {
            let (store, room) = (store.clone(), rooms[c % rooms.len()].clone());
            std::thread::spawn(move || {
                let client = store.load_map(&room.map_id).unwrap().doc;
                for i in 0..EDITS {
                    let update = card_update(&client, i, &format!("客户 {c} 的卡片 {i}"));
                    room.apply(&store, c as u64, vec![update]).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    // Each client waits for its answer before its next edit, so a room rarely has two updates
    // queued: what is shared is mostly shared across rooms.
    let total = rooms.len() * CLIENTS_PER_ROOM * EDITS;
    let transactions = (store.writes() - writes_before) as usize;
    eprintln!(
        "{total} updates of {} rooms in {transactions} transactions",
        rooms.len()
    );
    assert!(transactions < total, "{transactions} transactions");
    for (r, room) in rooms.iter().enumerate() {
        let texts = (r..rooms.len() * CLIENTS_PER_ROOM)
            .step_by(rooms.len())
            .flat_map(|c| (0..EDITS).map(move |i| format!("客户 {c} 的卡片 {i}")));
        assert_stored(dir.path(), &room.map_id, texts);
    }
}

#[test]
fn crossing_the_threshold_answers_first_and_compacts_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let room = new_room(&store);
    let client = store.load_map(&room.map_id).unwrap().doc;
    let edits = COMPACT_AFTER_UPDATES as usize;
    for i in 0..edits {
        let update = card_update(&client, i, &format!("卡片 {i}"));
        room.apply(&store, 1, vec![update]).unwrap();
    }
    // Answered, and nothing folded yet: the compaction is only due.
    assert_eq!(store.update_count(&room.map_id).unwrap(), edits as i64);
    assert!(room.take_compaction_due());
    assert!(!room.take_compaction_due(), "due once");
    room.compact_due(&store);
    assert_eq!(store.update_count(&room.map_id).unwrap(), 0);
    {
        let state = lock(&room.state);
        assert_eq!((state.since_compact, state.compacting), (0, false));
        let on_disk = store.load_map(&room.map_id).unwrap().stored_bytes;
        assert_eq!(state.stored_bytes, on_disk);
    }
    assert_stored(
        dir.path(),
        &room.map_id,
        (0..edits).map(|i| format!("卡片 {i}")),
    );
}

#[test]
fn compaction_while_clients_write_loses_no_update() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let room = new_room(&store);

    const CLIENTS: usize = 4;
    const EDITS: usize = 150;
    let writers: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (store, room) = (store.clone(), room.clone());
            std::thread::spawn(move || {
                let client = store.load_map(&room.map_id).unwrap().doc;
                for i in 0..EDITS {
                    let update = card_update(&client, i, &format!("客户 {c} 的卡片 {i}"));
                    room.apply(&store, c as u64, vec![update]).unwrap();
                    // As a connection does once it has acknowledged.
                    if room.take_compaction_due() {
                        room.compact_due(&store);
                    }
                }
            })
        })
        .collect();
    // Compactions of every kind meanwhile, finishing in any order: off the room, and a flush
    // holding it.
    let done = Arc::new(AtomicBool::new(false));
    let (s, r, stop) = (store.clone(), room.clone(), done.clone());
    let compactor = std::thread::spawn(move || {
        let mut rounds = 0;
        while !stop.load(Ordering::Acquire) {
            r.compact_due(&s);
            r.flush_now(&s);
            rounds += 1;
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        rounds
    });
    for t in writers {
        t.join().unwrap();
    }
    done.store(true, Ordering::Release);
    assert!(compactor.join().unwrap() > 0);

    // The room's counts match the disk, and every update is there.
    let stored = store.load_map(&room.map_id).unwrap();
    {
        let state = lock(&room.state);
        assert_eq!(state.since_compact, stored.pending_updates);
        assert_eq!(state.stored_bytes, stored.stored_bytes);
        assert_eq!(state.last_update, stored.last_update);
    }
    let texts = (0..CLIENTS).flat_map(|c| (0..EDITS).map(move |i| format!("客户 {c} 的卡片 {i}")));
    assert_stored(dir.path(), &room.map_id, texts);
}

#[test]
fn a_room_opened_for_a_snapshot_waits_for_the_join_then_closes() {
    use super::{ClientHandle, JoinGrant, Rooms};
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let map_id = new_room(&store).map_id.clone();
    let rooms = Rooms::new(store.clone());
    let is_open = |rooms: &Rooms| lock(&rooms.rooms).contains_key(&map_id);

    let body = rooms.snapshot_for_joiner(&map_id).unwrap();
    assert!(body.len() > 4);
    rooms.tick();
    assert!(is_open(&rooms), "held for the join that follows");

    // The tab joins with the snapshot and leaves again within the hold: still open.
    let (tx, _rx) = tokio::sync::mpsc::channel(16);
    let grant = JoinGrant {
        can_edit: true,
        access: crate::wire::workshop::RoomAccess {
            role: wayline_store::Role::Facilitator,
            locked: false,
            can_edit: true,
            now_ms: 0,
        },
    };
    let room = rooms
        .join(&map_id, 1, &ClientHandle::new(tx), &[], &grant)
        .unwrap();
    assert!(
        Arc::ptr_eq(&room, &rooms.get(&map_id).unwrap()),
        "the held room, not a reload"
    );
    rooms.leave(&map_id, 1);
    assert!(is_open(&rooms));

    // Once the hold has passed, the ticker closes it.
    lock(&room.state).held_until = Some(std::time::Instant::now());
    rooms.tick();
    assert!(!is_open(&rooms));
    assert!(lock(&room.state).closed);
}

#[test]
fn the_snapshot_answer_is_kept_until_the_map_changes() {
    use super::Rooms;
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let map_id = new_room(&store).map_id.clone();
    let rooms = Rooms::new(store.clone());

    let first = rooms.snapshot_for_joiner(&map_id).unwrap();
    let again = rooms.snapshot_for_joiner(&map_id).unwrap();
    assert!(
        Arc::ptr_eq(&first, &again),
        "the same answer, not made again"
    );

    // An edit: the next tab gets the map with it.
    let room = rooms.get(&map_id).unwrap();
    let client = store.load_map(&map_id).unwrap().doc;
    let update = card_update(&client, 0, "编辑之后的卡片");
    room.apply(&store, 7, vec![update]).unwrap();
    let after = rooms.snapshot_for_joiner(&map_id).unwrap();
    assert!(!Arc::ptr_eq(&first, &after));
    let json = String::from_utf8_lossy(&after[4..]);
    assert!(json.contains("编辑之后的卡片"));
    assert!(!String::from_utf8_lossy(&first[4..]).contains("编辑之后的卡片"));
    assert!(Arc::ptr_eq(
        &after,
        &rooms.snapshot_for_joiner(&map_id).unwrap()
    ));
}

#[test]
fn a_map_trashed_while_its_room_loads_is_not_left_open() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let map_id = new_room(&store).map_id.clone();
    let rooms = super::Rooms::new(store.clone());
    // A join found the map live and loaded it; meanwhile the map went to the trash, and the
    // eviction that followed found no room to close.
    let loaded = Room::load(&store, &map_id).unwrap();
    store.trash_map(&map_id).unwrap();
    rooms.evict(&map_id, crate::refusal::eviction::MAP_TRASHED);
    let Err(refused) = rooms.register(&map_id, loaded) else {
        panic!("a room was registered for a map in the trash");
    };
    assert_eq!(refused.code(), "not_found", "{refused}");
    assert!(rooms.get(&map_id).is_none(), "the room was left open");
    assert!(rooms.open(&map_id).is_err());
    // Restored, it opens again.
    store.restore_map(&map_id).unwrap();
    assert!(rooms.open(&map_id).is_ok());
}

/// The workshop timer is the facilitator's: the same update is refused from a participant (and
/// nothing of it stays in the room or on disk), and taken from the facilitator.
#[test]
fn only_the_facilitators_timer_is_taken() {
    use wayline_model::workshop_timer::Timer;
    use wayline_model::Writer;

    use crate::room_checks::Refusal;

    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let room = new_room(&store);
    let client = store.load_map(&room.map_id).unwrap().doc;
    let before = client.version();
    let timer = Timer {
        duration_ms: 300_000,
        ends_at: Some(1_800_000_300_000),
        remaining_ms: 300_000,
        label: "头脑风暴".into(),
    };
    client.set_timer(Some(&timer)).unwrap();
    let update = client.export_since(&before).unwrap();

    let refused = room.apply_from(
        &store,
        3,
        Writer::Participant("p-3".into()),
        vec![update.clone()],
    );
    assert!(
        matches!(refused, Err(Refusal::Invalid(ref why)) if why.contains("facilitator")),
        "{refused:?}"
    );
    assert_eq!(lock(&room.state).doc.timer(), None);
    assert_eq!(store.load_map(&room.map_id).unwrap().doc.timer(), None);

    room.apply_from(&store, 1, Writer::Facilitator, vec![update])
        .unwrap();
    assert_eq!(
        store.load_map(&room.map_id).unwrap().doc.timer(),
        Some(timer)
    );
}

#[test]
fn a_participants_dots_beyond_the_round_are_refused_and_never_stored() {
    use wayline_model::workshop_voting::VotingRound;
    use wayline_model::Writer;

    use crate::room_checks::Refusal;

    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let room = new_room(&store);
    let facilitator = store.load_map(&room.map_id).unwrap().doc;
    let view = facilitator.view();
    let lane = view.cards[0].placement.lane.clone();
    let cards: Vec<String> = view
        .cards
        .iter()
        .filter(|c| c.placement.lane == lane)
        .map(|c| c.id.clone())
        .collect();
    let before = facilitator.version();
    facilitator
        .set_voting_round(Some(&VotingRound {
            round: "r-7".into(),
            label: String::new(),
            lanes: vec![lane],
            per_person: 1,
            per_card: 1,
            open: true,
            closed_at: None,
        }))
        .unwrap();
    room.apply(&store, 1, vec![facilitator.export_since(&before).unwrap()])
        .unwrap();

    let ann = store.load_map(&room.map_id).unwrap().doc;
    let me = || Writer::Participant("p-ann".into());
    let before = ann.version();
    ann.set_vote("r-7", &cards[0], "p-ann", 1).unwrap();
    room.apply_from(&store, 2, me(), vec![ann.export_since(&before).unwrap()])
        .unwrap();
    // A second dot, with one per person: refused, and not on disk.
    let before = ann.version();
    ann.set_vote("r-7", &cards[1], "p-ann", 1).unwrap();
    let refused = room.apply_from(&store, 2, me(), vec![ann.export_since(&before).unwrap()]);
    assert!(
        matches!(refused, Err(Refusal::Invalid(ref why)) if why.contains("per person")),
        "{refused:?}"
    );
    let stored = store.load_map(&room.map_id).unwrap().doc.view();
    let votes = |id: &str| stored.cards.iter().find(|c| c.id == id).unwrap().votes;
    assert_eq!((votes(&cards[0]), votes(&cards[1])), (1, 0));
}
