//! The rooms' pipeline against a real SQLite file: many clients at once, a batch imported while
//! the previous one commits, a failed commit refusing the batches queued behind it (and those
//! rebuilt while it failed), and joiners served only what is on disk. The store's connection is
//! held by the test to keep a commit "in progress".

#![allow(clippy::unwrap_used)]

use std::sync::mpsc;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use loro_protocol::ProtocolMessage;
use wayline_store::Store;

use super::tests::{card_update, new_room};
use super::{lock, ClientHandle, JoinGrant, Outgoing, Refusal, Room};

/// Holds the store's only connection until the returned sender is used (or dropped): no commit
/// can start meanwhile.
fn hold_store(store: &Arc<Store>) -> (mpsc::Sender<()>, JoinHandle<()>) {
    let (release, released) = mpsc::channel::<()>();
    let (held, is_held) = mpsc::channel();
    let holder = store.clone();
    let thread = std::thread::spawn(move || {
        holder
            .read(|_| {
                held.send(()).unwrap();
                let _ = released.recv();
                Ok(())
            })
            .unwrap();
    });
    is_held.recv().unwrap();
    (release, thread)
}

/// Waits (up to 10 s) until `room` has `n` batches imported and waiting for their commit.
fn wait_in_flight(room: &Room, n: usize) {
    for _ in 0..10_000 {
        if lock(&room.state).in_flight == n {
            return;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    panic!("never {n} batches in flight");
}

fn apply_on_thread(
    store: &Arc<Store>,
    room: &Arc<Room>,
    client: u64,
    update: Vec<u8>,
) -> JoinHandle<Result<(), Refusal>> {
    let (store, room) = (store.clone(), room.clone());
    std::thread::spawn(move || room.apply(&store, client, vec![update]))
}

/// Makes the disk refuse exactly `update` (as a full disk or an I/O error would).
fn refuse_on_disk(store: &Store, update: &[u8]) {
    store
        .read(|conn| {
            conn.execute_batch(&format!(
                "CREATE TEMP TRIGGER refuse BEFORE INSERT ON doc_updates \
                 WHEN length(NEW.data) = {} BEGIN SELECT RAISE(ABORT, 'refused'); END;",
                update.len()
            ))?;
            Ok(())
        })
        .unwrap();
}

/// A participant's update setting the workshop timer: refused only once imported and checked.
fn participant_timer(store: &Store, room: &Room) -> Vec<u8> {
    use wayline_model::workshop_timer::Timer;
    let participant = store.load_map(&room.map_id).unwrap().doc;
    let before = participant.version();
    participant
        .set_timer(Some(&Timer {
            duration_ms: 60_000,
            ends_at: None,
            remaining_ms: 60_000,
            label: "偷偷计时".into(),
        }))
        .unwrap();
    participant.export_since(&before).unwrap()
}

fn card_texts(room: &Room) -> Vec<String> {
    let state = lock(&room.state);
    state.doc.view().cards.into_iter().map(|c| c.text).collect()
}

#[test]
fn batches_are_imported_while_the_one_before_commits_and_share_the_next_commit() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let room = new_room(&store);
    let texts = ["甲：广告", "乙：门店", "丙：客服热线"];
    let updates: Vec<Vec<u8>> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| card_update(&store.load_map(&room.map_id).unwrap().doc, i, text))
        .collect();

    let (release, holder) = hold_store(&store);
    let writes_before = store.writes();
    let mut applying = Vec::new();
    for (i, update) in updates.into_iter().enumerate() {
        applying.push(apply_on_thread(&store, &room, i as u64 + 1, update));
        // With the room held through its batch's commit, the second could not even be checked
        // before the first was on disk.
        wait_in_flight(&room, i + 1);
    }
    release.send(()).unwrap();
    holder.join().unwrap();
    for a in applying {
        a.join().unwrap().unwrap();
    }

    // The first batch's commit was under way alone; the two queued behind it shared the next.
    assert_eq!(store.writes() - writes_before, 2);
    let stored = store.load_map(&room.map_id).unwrap();
    let on_disk: Vec<String> = stored
        .doc
        .view()
        .cards
        .into_iter()
        .map(|c| c.text)
        .collect();
    for text in texts {
        assert!(on_disk.contains(&text.to_owned()), "{text}");
    }
    let state = lock(&room.state);
    assert_eq!((state.in_flight, state.in_flight_bytes), (0, 0));
    assert_eq!(state.last_update, stored.last_update);
    assert_eq!(state.since_compact, stored.pending_updates);
    assert_eq!(state.stored_bytes, stored.stored_bytes);
}

#[test]
fn a_failed_commit_refuses_the_batches_queued_behind_it_and_the_room_reloads() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let room = new_room(&store);
    let failing = card_update(&store.load_map(&room.map_id).unwrap().doc, 0, "写不进去");
    let behind = card_update(
        &store.load_map(&room.map_id).unwrap().doc,
        1,
        "排在后面的卡片，文字更长一些",
    );
    assert_ne!(failing.len(), behind.len());
    // The disk refuses exactly the first update (as a full disk or an I/O error would).
    refuse_on_disk(&store, &failing);

    let (release, holder) = hold_store(&store);
    let a = apply_on_thread(&store, &room, 1, failing.clone());
    wait_in_flight(&room, 1);
    let b = apply_on_thread(&store, &room, 2, behind.clone());
    wait_in_flight(&room, 2);
    release.send(()).unwrap();
    holder.join().unwrap();
    assert!(matches!(a.join().unwrap(), Err(Refusal::Storage(_))));
    match b.join().unwrap() {
        Err(Refusal::Storage(why)) => assert!(why.contains("just before"), "{why}"),
        other => panic!("{other:?}"),
    }
    // Neither is on disk nor in the room, which reloaded what the file holds.
    assert_eq!(store.update_count(&room.map_id).unwrap(), 0);
    let texts = card_texts(&room);
    assert!(!texts
        .iter()
        .any(|t| t == "写不进去" || t.starts_with("排在后面")));

    // The client sends it again, on a fresh chain: stored.
    room.apply(&store, 2, vec![behind]).unwrap();
    assert!(card_texts(&room).iter().any(|t| t.starts_with("排在后面")));
    let stored = store.load_map(&room.map_id).unwrap();
    assert!(stored
        .doc
        .view()
        .cards
        .iter()
        .any(|c| c.text.starts_with("排在后面")));
    assert!(!stored.doc.view().cards.iter().any(|c| c.text == "写不进去"));
    assert_eq!(lock(&room.state).last_update, stored.last_update);
}

#[test]
fn a_joiner_waits_for_the_batch_in_flight_and_receives_it_from_disk() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let room = new_room(&store);
    let update = card_update(
        &store.load_map(&room.map_id).unwrap().doc,
        0,
        "加入前的卡片",
    );

    let (release, holder) = hold_store(&store);
    let a = apply_on_thread(&store, &room, 1, update);
    wait_in_flight(&room, 1);
    let (tx, mut rx) = tokio::sync::mpsc::channel(16);
    let joining = {
        let room = room.clone();
        std::thread::spawn(move || {
            let grant = JoinGrant {
                can_edit: true,
                access: crate::wire::workshop::RoomAccess {
                    role: wayline_store::Role::Facilitator,
                    locked: false,
                    can_edit: true,
                    now_ms: 0,
                },
            };
            room.join(2, &ClientHandle::new(tx), &[], &grant).unwrap()
        })
    };
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        !joining.is_finished(),
        "joined before the batch was on disk"
    );
    release.send(()).unwrap();
    holder.join().unwrap();
    a.join().unwrap().unwrap();
    assert!(joining.join().unwrap());

    // What the joiner received holds the card.
    let joiner = wayline_model::MapDoc::new();
    let mut fragments = Vec::new();
    while let Ok(Outgoing::Frames(frames)) = rx.try_recv() {
        for frame in frames.iter() {
            match crate::protocol::decode_checked(frame).unwrap() {
                ProtocolMessage::DocUpdate { updates, .. } => {
                    for update in updates {
                        joiner.import(&update).unwrap();
                    }
                }
                ProtocolMessage::DocUpdateFragment { fragment, .. } => {
                    fragments.extend(fragment);
                }
                _ => {}
            }
        }
    }
    if !fragments.is_empty() {
        joiner.import(&fragments).unwrap();
    }
    assert!(joiner.view().cards.iter().any(|c| c.text == "加入前的卡片"));
}

#[test]
fn an_update_refused_after_import_waits_for_the_batch_in_flight_before_the_room_reloads() {
    use wayline_model::Writer;

    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let room = new_room(&store);
    let accepted = card_update(&store.load_map(&room.map_id).unwrap().doc, 0, "先到的卡片");
    // A participant may not run the timer: refused only once imported and checked.
    let refused = participant_timer(&store, &room);

    let (release, holder) = hold_store(&store);
    let a = apply_on_thread(&store, &room, 1, accepted);
    wait_in_flight(&room, 1);
    let b = {
        let (store, room) = (store.clone(), room.clone());
        std::thread::spawn(move || {
            room.apply_from(&store, 2, Writer::Participant("p-2".into()), vec![refused])
        })
    };
    // The refusal rebuilds the replica from disk: it waits until the batch in flight is there,
    // or the reload would drop it.
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        !b.is_finished(),
        "reloaded before the batch in flight was stored"
    );
    release.send(()).unwrap();
    holder.join().unwrap();
    a.join().unwrap().unwrap();
    assert!(matches!(b.join().unwrap(), Err(Refusal::Invalid(_))));

    let state = lock(&room.state);
    assert_eq!(state.doc.timer(), None);
    assert!(state
        .doc
        .view()
        .cards
        .iter()
        .any(|c| c.text == "先到的卡片"));
    assert!(!state.settling);
    let stored = store.load_map(&room.map_id).unwrap();
    assert_eq!(state.last_update, stored.last_update);
    assert_eq!(state.since_compact, stored.pending_updates);
}

#[test]
fn concurrent_clients_are_stored_in_shared_transactions_and_every_answer_is_right() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let room = new_room(&store);
    let template_cards = store.load_map(&room.map_id).unwrap().doc.view().cards.len();
    let writes_before = store.writes();

    const CLIENTS: u64 = 8;
    const EDITS: usize = 25;
    let threads: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (store, room) = (store.clone(), room.clone());
            std::thread::spawn(move || {
                let client = store.load_map(&room.map_id).unwrap().doc;
                for i in 0..EDITS {
                    let update = card_update(&client, i, &format!("客户 {c} 的卡片 {i}"));
                    room.apply(&store, c, vec![update]).unwrap();
                    // Every fifth edit is followed by bytes that are no update: refused,
                    // alone, without costing the others in its batch.
                    if i % 5 == 0 {
                        let bad = room.apply(&store, c, vec![b"junk".to_vec()]);
                        assert!(matches!(bad, Err(Refusal::Invalid(_))));
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let total = CLIENTS as usize * EDITS;
    let transactions = store.writes() - writes_before;
    eprintln!("{total} updates stored in {transactions} transactions");
    assert!(transactions as usize <= total);

    // Everything acknowledged is on disk, once.
    let stored = store.load_map(&room.map_id).unwrap().doc.view();
    assert_eq!(stored.cards.len(), template_cards + total);
    for c in 0..CLIENTS {
        for i in 0..EDITS {
            let text = format!("客户 {c} 的卡片 {i}");
            assert!(stored.cards.iter().any(|card| card.text == text), "{text}");
        }
    }
}

#[test]
fn updates_accepted_before_a_rebuild_that_saw_a_failed_commit_are_refused_not_stored() {
    use wayline_model::Writer;

    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let room = new_room(&store);
    let failing = card_update(&store.load_map(&room.map_id).unwrap().doc, 0, "写不进去");
    let accepted = card_update(
        &store.load_map(&room.map_id).unwrap().doc,
        1,
        "同一批里先被接受的卡片",
    );
    let touched = participant_timer(&store, &room);
    refuse_on_disk(&store, &failing);

    let (release, holder) = hold_store(&store);
    let a = apply_on_thread(&store, &room, 1, failing);
    wait_in_flight(&room, 1);
    // One batch: an update accepted, then one refused after import, which rebuilds the replica
    // once the batch in flight is answered — and that one fails.
    let (c, d) = {
        let _room_held = lock(&room.state);
        let c = apply_on_thread(&store, &room, 2, accepted);
        // In this order: the accepted one first.
        while room.queue.waiting() < 1 {
            std::thread::sleep(Duration::from_millis(1));
        }
        let d = {
            let (store, room) = (store.clone(), room.clone());
            std::thread::spawn(move || {
                room.apply_from(&store, 3, Writer::Participant("p-3".into()), vec![touched])
            })
        };
        while room.queue.waiting() < 2 {
            std::thread::sleep(Duration::from_millis(1));
        }
        (c, d)
    };
    std::thread::sleep(Duration::from_millis(50));
    release.send(()).unwrap();
    holder.join().unwrap();
    assert!(matches!(a.join().unwrap(), Err(Refusal::Storage(_))));
    assert!(matches!(d.join().unwrap(), Err(Refusal::Invalid(_))));
    // The accepted one may have built on the failed one: refused, for its client to send again.
    match c.join().unwrap() {
        Err(Refusal::Storage(why)) => assert!(why.contains("just before"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(store.update_count(&room.map_id).unwrap(), 0);
    assert!(!card_texts(&room).iter().any(|t| t.starts_with("同一批")));
    assert!(!lock(&room.state).settling);
}
