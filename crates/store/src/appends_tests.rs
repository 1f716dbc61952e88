//! The shared commit against real SQLite files: rounds shared by several maps, each caller's own
//! last id, and failures that cost one call or the whole round.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use wayline_model::templates::instantiate;
use wayline_model::{Locale, NewCard};

use crate::{AppendChain, Store, StoreError};

fn store_with_maps(dir: &std::path::Path, maps: usize) -> (Arc<Store>, Vec<String>) {
    let store = Store::open(dir).unwrap();
    let project = store.create_project("P").unwrap();
    let ids = (0..maps)
        .map(|_| {
            let doc = instantiate("lifecycle", Locale::ZhCn, None, "T", 0).unwrap();
            store.create_map(&project.id, &doc).unwrap().id
        })
        .collect();
    (Arc::new(store), ids)
}

/// The stored bytes of a row, by id.
fn row(store: &Store, id: i64) -> (String, Vec<u8>) {
    store
        .read(|conn| {
            Ok(conn.query_row(
                "SELECT map_id, data FROM doc_updates WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap()
}

/// Queues the calls in this order, then waits for each on a thread of its own: the first to
/// wait leads one round holding them all; returns their answers.
fn one_round(
    store: &Arc<Store>,
    calls: Vec<(String, Vec<Vec<u8>>)>,
) -> Vec<Result<i64, StoreError>> {
    let queued: Vec<_> = calls
        .into_iter()
        .map(|(map, updates)| store.queue_append(&map, updates, None))
        .collect();
    let threads: Vec<_> = queued
        .into_iter()
        .map(|queued| {
            let caller = store.clone();
            std::thread::spawn(move || caller.finish_append(queued))
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

#[test]
fn concurrent_appends_of_several_maps_share_transactions_and_get_their_own_last_id() {
    let dir = tempfile::tempdir().unwrap();
    let (store, maps) = store_with_maps(dir.path(), 4);
    let writes_before = store.writes();

    const THREADS_PER_MAP: usize = 3;
    const CALLS: usize = 30;
    let threads: Vec<_> = (0..maps.len() * THREADS_PER_MAP)
        .map(|t| {
            let (store, map) = (store.clone(), maps[t % maps.len()].clone());
            std::thread::spawn(move || {
                let client = store.load_map(&map).unwrap().doc;
                let view = client.view();
                let mut answers = Vec::new();
                for i in 0..CALLS {
                    // One to three updates per call, each a new card.
                    let updates: Vec<Vec<u8>> = (0..1 + i % 3)
                        .map(|u| {
                            let before = client.version();
                            client
                                .add_card(NewCard {
                                    stage: &view.stages[i % 5].id,
                                    lane: &view.lanes[0].id,
                                    text: &format!("线程 {t} 的卡片 {i}.{u}"),
                                    color: "green",
                                    author: "T",
                                    ..Default::default()
                                })
                                .unwrap();
                            client.export_since(&before).unwrap()
                        })
                        .collect();
                    let last = store.append_updates(&map, &updates).unwrap();
                    answers.push((last, updates.last().unwrap().clone()));
                }
                (map, answers)
            })
        })
        .collect();
    let answers: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();

    let calls = maps.len() * THREADS_PER_MAP * CALLS;
    let transactions = (store.writes() - writes_before) as usize;
    assert!(
        transactions < calls,
        "{transactions} transactions for {calls} calls"
    );
    // Each caller's last id is the row of its own last update.
    for (map, answers) in &answers {
        for (last, update) in answers {
            assert_eq!(&row(&store, *last), &(map.clone(), update.clone()));
        }
    }

    // Everything is there after reopening: every card, of every thread, in its map.
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    for (m, map) in maps.iter().enumerate() {
        let view = store.load_map(map).unwrap().doc.view();
        for t in (m..maps.len() * THREADS_PER_MAP).step_by(maps.len()) {
            for i in 0..CALLS {
                for u in 0..1 + i % 3 {
                    let text = format!("线程 {t} 的卡片 {i}.{u}");
                    assert!(view.cards.iter().any(|c| c.text == text), "{text}");
                }
            }
        }
    }
}

#[test]
fn a_call_for_a_missing_map_fails_alone_and_the_others_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    let (store, maps) = store_with_maps(dir.path(), 2);
    let writes_before = store.writes();
    let answers = one_round(
        &store,
        vec![
            (maps[0].clone(), vec![b"a1".to_vec(), b"a2".to_vec()]),
            ("no-such-map".into(), vec![b"x".to_vec()]),
            (maps[1].clone(), vec![b"b1".to_vec()]),
        ],
    );
    assert_eq!(store.writes() - writes_before, 1);
    assert!(matches!(
        answers[1],
        Err(StoreError::NotFound { what: "map", .. })
    ));
    let a = *answers[0].as_ref().unwrap();
    let b = *answers[2].as_ref().unwrap();
    assert_eq!(row(&store, a), (maps[0].clone(), b"a2".to_vec()));
    assert_eq!(row(&store, b), (maps[1].clone(), b"b1".to_vec()));
    assert_eq!(store.update_count(&maps[0]).unwrap(), 2);
    assert_eq!(store.update_count(&maps[1]).unwrap(), 1);
    assert_eq!(store.update_count("no-such-map").unwrap(), 0);
}

#[test]
fn a_failing_shared_transaction_answers_every_caller_with_its_error_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (store, maps) = store_with_maps(dir.path(), 3);
    // A file that may grow by a few pages only: the small calls fit, the large one (queued
    // last, after the others' rows are written) does not.
    store
        .read(|conn| {
            let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
            conn.pragma_update(None, "max_page_count", pages + 8)?;
            Ok(())
        })
        .unwrap();
    let writes_before = store.writes();
    let answers = one_round(
        &store,
        vec![
            (maps[0].clone(), vec![b"small".to_vec(); 3]),
            (maps[1].clone(), vec![b"small".to_vec()]),
            (maps[2].clone(), vec![vec![7u8; 1024 * 1024]]),
        ],
    );
    for answer in &answers {
        let e = answer.as_ref().unwrap_err();
        assert!(matches!(e, StoreError::Shared(_)), "{e:?}");
        assert_eq!(e.code(), "disk_full");
    }
    assert_eq!(store.writes(), writes_before);
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    for map in &maps {
        assert_eq!(
            store.update_count(map).unwrap(),
            0,
            "rows of {map} were kept"
        );
    }
    // The file takes writes again once there is room.
    let last = store
        .append_updates(&maps[0], &[b"later".to_vec()])
        .unwrap();
    assert_eq!(row(&store, last), (maps[0].clone(), b"later".to_vec()));
}

#[test]
fn once_a_call_of_a_chain_fails_its_later_calls_are_refused_unwritten() {
    let dir = tempfile::tempdir().unwrap();
    let (store, maps) = store_with_maps(dir.path(), 2);
    let chain = Arc::new(AppendChain::default());
    // Queued in this order, written in one round by the first caller to wait.
    let failing = store.queue_append("no-such-map", vec![b"x".to_vec()], Some(chain.clone()));
    let after = store.queue_append(&maps[0], vec![b"builds on x".to_vec()], Some(chain.clone()));
    let other = store.queue_append(&maps[1], vec![b"b1".to_vec()], None);
    assert!(matches!(
        store.finish_append(failing),
        Err(StoreError::NotFound { .. })
    ));
    let refused = store.finish_append(after).unwrap_err();
    assert!(matches!(refused, StoreError::EarlierChangeFailed));
    assert_eq!(refused.code(), "storage");
    let b = store.finish_append(other).unwrap();
    assert_eq!(row(&store, b), (maps[1].clone(), b"b1".to_vec()));
    assert_eq!(store.update_count(&maps[0]).unwrap(), 0);

    // A later round refuses the broken chain's calls too; a new chain is written.
    assert!(chain.is_broken());
    let later = store.queue_append(&maps[0], vec![b"later".to_vec()], Some(chain.clone()));
    assert!(matches!(
        store.finish_append(later),
        Err(StoreError::EarlierChangeFailed)
    ));
    let fresh = Arc::new(AppendChain::default());
    let queued = store.queue_append(&maps[0], vec![b"fresh".to_vec()], Some(fresh.clone()));
    let last = store.finish_append(queued).unwrap();
    assert_eq!(row(&store, last), (maps[0].clone(), b"fresh".to_vec()));
    assert!(!fresh.is_broken());
}

#[test]
fn a_failed_shared_transaction_breaks_the_chains_of_every_call_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let (store, maps) = store_with_maps(dir.path(), 2);
    let pages: i64 = store
        .read(|conn| Ok(conn.query_row("PRAGMA page_count", [], |r| r.get(0))?))
        .unwrap();
    store
        .read(|conn| Ok(conn.pragma_update(None, "max_page_count", pages + 8)?))
        .unwrap();
    let (a, b) = (
        Arc::new(AppendChain::default()),
        Arc::new(AppendChain::default()),
    );
    let small = store.queue_append(&maps[0], vec![b"small".to_vec()], Some(a.clone()));
    let large = store.queue_append(&maps[1], vec![vec![7u8; 1024 * 1024]], Some(b.clone()));
    assert_eq!(store.finish_append(small).unwrap_err().code(), "disk_full");
    assert_eq!(store.finish_append(large).unwrap_err().code(), "disk_full");
    assert!(a.is_broken() && b.is_broken());
    // With room again, the broken chains stay refused: what they would append builds on rows
    // that were never stored.
    store
        .read(|conn| Ok(conn.pragma_update(None, "max_page_count", 1_073_741_823)?))
        .unwrap();
    let queued = store.queue_append(&maps[0], vec![b"next".to_vec()], Some(a));
    assert!(matches!(
        store.finish_append(queued),
        Err(StoreError::EarlierChangeFailed)
    ));
    assert_eq!(store.update_count(&maps[0]).unwrap(), 0);
}
