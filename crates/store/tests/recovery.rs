//! A data file that cannot be opened — truncated, zero-filled, garbage, damaged in the middle,
//! from a newer Wayline, locked by another program — and the three ways out: the newest good
//! backup, salvage, a new empty file. The damaged file is always kept, byte for byte.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use wayline_model::templates::instantiate;
use wayline_model::{Locale, NewCard};
use wayline_store::{recover, RecoveryChoice, Store, DB_FILE_NAME};

const NOW: i64 = 1_780_000_000_000;

/// Two projects, `maps` maps each with a hundred cards, and a persona; returns the map titles.
fn fill(dir: &Path, maps: usize) -> Vec<String> {
    let store = Store::open(dir).unwrap();
    let mut titles = Vec::new();
    for p in 0..2 {
        let project = store.create_project(&format!("工作坊 {p}")).unwrap();
        store
            .create_persona(
                &project.id,
                &wayline_store::PersonaFields {
                    name: format!("陳小姐 {p}"),
                    ..Default::default()
                },
            )
            .unwrap();
        for m in 0..maps {
            let doc = instantiate("lifecycle", Locale::ZhTw, None, "T", 0).unwrap();
            let title = format!("旅程 {p}-{m}");
            doc.set_title(&title).unwrap();
            let map = store.create_map(&project.id, &doc).unwrap();
            let client = store.load_map(&map.id).unwrap().doc;
            let view = client.view();
            let mut updates = Vec::new();
            for i in 0..100 {
                let before = client.version();
                client
                    .add_card(NewCard {
                        stage: &view.stages[i % 5].id,
                        lane: &view.lanes[0].id,
                        text: &format!(
                            "客戶在第 {i} 步卡住了，需要更清楚的說明 {}",
                            "。".repeat(i % 7)
                        ),
                        color: "green",
                        author: "T",
                        ..Default::default()
                    })
                    .unwrap();
                updates.push(client.export_since(&before).unwrap());
            }
            store.append_updates(&map.id, &updates).unwrap();
            titles.push(title);
        }
    }
    // Everything into the main file, as after a clean quit.
    store
        .read(|c| {
            c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
            Ok(())
        })
        .unwrap();
    titles
}

fn damaged_copy(dir: &Path) -> Vec<u8> {
    std::fs::read(dir.join(DB_FILE_NAME)).unwrap()
}

/// The file set aside by a recovery, byte for byte what it was.
fn assert_kept(dir: &Path, kept_as: Option<&str>, original: &[u8]) {
    let kept = kept_as.expect("the damaged file is kept");
    assert!(kept.contains(".damaged-"), "{kept}");
    assert!(Path::new(kept).starts_with(dir));
    assert_eq!(std::fs::read(kept).unwrap(), original);
}

fn titles_in(dir: &Path) -> Vec<String> {
    let store = Store::open(dir).unwrap();
    let mut out: Vec<String> = store
        .list_projects()
        .unwrap()
        .iter()
        .flat_map(|p| p.maps.iter().map(|m| m.title.clone()))
        .collect();
    out.sort();
    out
}

fn damage(dir: &Path, how: &str) {
    let path = dir.join(DB_FILE_NAME);
    let mut bytes = std::fs::read(&path).unwrap();
    match how {
        "truncated" => bytes.truncate(bytes.len() / 3),
        "zero-filled" => bytes.iter_mut().for_each(|b| *b = 0),
        "garbage" => bytes = (0..bytes.len()).map(|i| (i * 7919 % 251) as u8).collect(),
        _ => unreachable!(),
    }
    std::fs::write(&path, bytes).unwrap();
}

#[test]
fn each_kind_of_damage_is_refused_and_the_newest_good_backup_comes_back() {
    for how in ["truncated", "zero-filled", "garbage"] {
        let dir = tempfile::tempdir().unwrap();
        let titles = fill(dir.path(), 2);
        {
            let store = Store::open(dir.path()).unwrap();
            // An older backup, then the newest one.
            store.backup_now(NOW - 3_600_000).unwrap();
            store.backup_now(NOW).unwrap();
        }
        // A newest backup that is itself damaged is passed over.
        let broken =
            wayline_store::backup_dir(dir.path()).join("wayline-2026-06-01T000000Z.sqlite3");
        std::fs::write(&broken, b"not a database at all").unwrap();

        damage(dir.path(), how);
        let original = damaged_copy(dir.path());
        let err = Store::open(dir.path()).err().expect("refused");
        assert_eq!(err.code(), "corrupt_file", "{how}: {err}");
        assert_eq!(
            damaged_copy(dir.path()),
            original,
            "{how}: refused untouched"
        );

        let outcome = recover(dir.path(), RecoveryChoice::RestoreBackup, NOW).unwrap();
        assert_kept(dir.path(), outcome.kept_as.as_deref(), &original);
        assert_ne!(
            outcome.backup.as_deref(),
            Some("wayline-2026-06-01T000000Z.sqlite3")
        );
        assert_eq!((outcome.projects, outcome.maps), (2, 4), "{how}");
        let mut expected = titles.clone();
        expected.sort();
        assert_eq!(titles_in(dir.path()), expected, "{how}");
    }
}

#[test]
fn salvage_brings_back_the_maps_whose_pages_are_intact() {
    let dir = tempfile::tempdir().unwrap();
    let titles = fill(dir.path(), 6);
    // Pages near the end hold the last maps' updates: zeroing them damages some maps only.
    let path = dir.path().join(DB_FILE_NAME);
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    let pages = bytes.len() / page;
    for p in pages - pages / 6..pages - 1 {
        bytes[p * page..(p + 1) * page]
            .iter_mut()
            .for_each(|b| *b = 0);
    }
    std::fs::write(&path, &bytes).unwrap();
    let original = damaged_copy(dir.path());
    assert!(Store::open(dir.path()).is_err());

    let outcome = recover(dir.path(), RecoveryChoice::Salvage, NOW).unwrap();
    assert_kept(dir.path(), outcome.kept_as.as_deref(), &original);
    assert_eq!(outcome.projects, 2);
    assert_eq!(outcome.maps + outcome.maps_lost, titles.len());
    assert!(outcome.maps >= titles.len() / 2, "{outcome:?}");
    assert_eq!(outcome.personas, 2);

    // What came back opens, passes the integrity check and holds the maps' own cards.
    let store = Store::open(dir.path()).unwrap();
    let ok: String = store
        .read(|c| Ok(c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(ok, "ok");
    let back = titles_in(dir.path());
    assert_eq!(back.len(), outcome.maps);
    for title in &back {
        assert!(titles.contains(title), "{title}");
    }
    // A map whose updates sat partly on a zeroed page comes back with the cards that were read;
    // most maps come back whole.
    let mut whole = 0;
    for project in store.list_projects().unwrap() {
        for map in &project.maps {
            let view = store.load_map(&map.id).unwrap().doc.view();
            assert_eq!(view.stages.len(), 5, "{}", map.title);
            let template_cards = instantiate("lifecycle", Locale::ZhTw, None, "T", 0)
                .unwrap()
                .view()
                .cards
                .len();
            if view.cards.len() == template_cards + 100 {
                whole += 1;
            }
        }
    }
    eprintln!("salvaged: {outcome:?}, {whole} maps whole");
    assert!(
        whole >= titles.len() / 2,
        "{whole} of {} maps whole",
        titles.len()
    );
}

#[test]
fn salvage_of_garbage_gives_an_empty_file_and_keeps_the_garbage() {
    let dir = tempfile::tempdir().unwrap();
    fill(dir.path(), 1);
    damage(dir.path(), "garbage");
    let original = damaged_copy(dir.path());
    let outcome = recover(dir.path(), RecoveryChoice::Salvage, NOW).unwrap();
    assert_kept(dir.path(), outcome.kept_as.as_deref(), &original);
    assert_eq!((outcome.projects, outcome.maps), (0, 0));
    assert!(titles_in(dir.path()).is_empty());
}

#[test]
fn a_newer_file_can_be_set_aside_for_a_new_empty_one() {
    let dir = tempfile::tempdir().unwrap();
    fill(dir.path(), 1);
    Store::open(dir.path())
        .unwrap()
        .read(|c| {
            c.execute_batch("PRAGMA user_version = 999")?;
            Ok(())
        })
        .unwrap();
    assert_eq!(Store::open(dir.path()).err().unwrap().code(), "newer_file");
    let original = damaged_copy(dir.path());
    // Without a backup there is nothing to restore: said, and nothing moves.
    let err = recover(dir.path(), RecoveryChoice::RestoreBackup, NOW).unwrap_err();
    assert!(err.to_string().contains("no usable backup"), "{err}");
    assert_eq!(damaged_copy(dir.path()), original);

    let outcome = recover(dir.path(), RecoveryChoice::StartEmpty, NOW).unwrap();
    assert_kept(dir.path(), outcome.kept_as.as_deref(), &original);
    assert!(titles_in(dir.path()).is_empty());
    // A second recovery in the same second never lands on the first one's copy.
    let again = recover(dir.path(), RecoveryChoice::StartEmpty, NOW).unwrap();
    assert_ne!(again.kept_as, outcome.kept_as);
    assert_eq!(std::fs::read(outcome.kept_as.unwrap()).unwrap(), original);
}

#[test]
fn a_file_locked_by_another_program_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    fill(dir.path(), 1);
    // Another program holding the file exclusively (as some backup and sync tools do).
    let other = rusqlite::Connection::open(dir.path().join(DB_FILE_NAME)).unwrap();
    other
        .execute_batch(
            "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; SELECT count(*) FROM projects;",
        )
        .unwrap();
    let err = Store::open(dir.path()).err().expect("refused while locked");
    assert_eq!(err.code(), "file_locked", "{err}");
    assert!(
        err.to_string().contains("locked by another program"),
        "{err}"
    );
    other.execute_batch("COMMIT").unwrap();
    drop(other);
    assert_eq!(titles_in(dir.path()).len(), 2);
}
