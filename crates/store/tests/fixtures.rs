//! Data files and map documents of every earlier version (`tests/fixtures/`), opened and brought
//! forward: the store migrates the file, the model upgrades the map, nothing is lost. A newer file
//! is refused and left untouched.
//!
//! The fixtures are committed. `WAYLINE_WRITE_FIXTURES=1 cargo test -p wayline-store --test
//! fixtures -- --ignored` writes them again (only ever needed when a new version is added: then
//! add the new version's fixture and keep the old ones as they are).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use loro::LoroValue;
use wayline_model::lane_data::parse_cell_key;
use wayline_model::templates::instantiate;
use wayline_model::{LaneKind, Locale, MapDoc};
use wayline_store::{Store, StoreError, DB_FILE_NAME};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

const MIGRATIONS: &[&str] = &[
    include_str!("../src/migrations/0001_initial.sql"),
    include_str!("../src/migrations/0002_personas_and_trash.sql"),
    include_str!("../src/migrations/0003_workshops.sql"),
];

/// The sample map as a map of `schema` (1: ratings by display name; 2: ratings by participant
/// id, entries keyed by stage only; 3 is today's).
fn legacy_map(schema: i64) -> MapDoc {
    let doc = instantiate("lifecycle", Locale::ZhTw, None, "主持人", 1_790_000_000_000).unwrap();
    let loro = doc.loro();
    for root in ["emotions", "channels"] {
        let map = loro.get_map(root);
        let entries: Vec<(String, LoroValue)> = map
            .get_value()
            .into_map()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (key, value) in entries {
            let (stage, _lane, rest) = parse_cell_key(&key).unwrap();
            map.insert(&format!("{stage}:{rest}"), value).unwrap();
            map.delete(&key).unwrap();
        }
    }
    let metrics = loro.get_map("metrics");
    for id in metrics.keys().map(|k| k.to_string()).collect::<Vec<_>>() {
        if let Some(loro::ValueOrContainer::Container(loro::Container::Map(m))) = metrics.get(&id) {
            m.delete("lane").unwrap();
        }
    }
    if schema == 1 {
        // The template's sample raters are their own ids, as names were keys in schema 1.
        let participants = loro.get_map("participants");
        for id in participants
            .keys()
            .map(|k| k.to_string())
            .collect::<Vec<_>>()
        {
            participants.delete(&id).unwrap();
        }
    }
    loro.get_map("meta")
        .insert("schema_version", schema)
        .unwrap();
    loro.commit();
    doc
}

/// A data file of `version` (its first `version` migrations) holding one project with the map.
fn write_data_file(path: &Path, version: usize, map: &MapDoc) {
    let _ = std::fs::remove_file(path);
    let conn = rusqlite::Connection::open(path).unwrap();
    for sql in &MIGRATIONS[..version] {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch(&format!("PRAGMA user_version = {version};"))
        .unwrap();
    let now = 1_790_000_000_000_i64;
    conn.execute(
        "INSERT INTO projects (id, name, created_at, updated_at) VALUES ('p1', '舊版專案', ?1, ?1)",
        [now],
    )
    .unwrap();
    let view = map.view();
    let counts = view.counts();
    conn.execute(
        "INSERT INTO maps (id, project_id, created_at, updated_at, title, template, locale,
                           stage_count, lane_count, card_count)
         VALUES ('m1', 'p1', ?1, ?1, ?2, 'lifecycle', 'zh-TW', ?3, ?4, ?5)",
        rusqlite::params![
            now,
            view.title,
            counts.stages as i64,
            counts.lanes as i64,
            counts.cards as i64
        ],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO doc_snapshots (map_id, data, up_to_update, created_at) VALUES ('m1', ?1, 0, ?2)",
        rusqlite::params![map.export_snapshot().unwrap(), now],
    )
    .unwrap();
    conn.execute_batch("PRAGMA journal_mode = DELETE;").unwrap();
}

#[test]
#[ignore = "writes the committed fixtures; run with WAYLINE_WRITE_FIXTURES=1"]
fn write_fixtures() {
    if std::env::var("WAYLINE_WRITE_FIXTURES").is_err() {
        return;
    }
    let dir = fixtures();
    std::fs::create_dir_all(&dir).unwrap();
    for schema in [1, 2] {
        let bytes = legacy_map(schema).export_snapshot().unwrap();
        std::fs::write(dir.join(format!("map-schema-{schema}.loro")), bytes).unwrap();
    }
    // Data files 1 and 2 were written by releases whose maps were schema 1; file 3 by schema 2.
    for (version, schema) in [(1, 1), (2, 1), (3, 2)] {
        write_data_file(
            &dir.join(format!("data-v{version}.sqlite3")),
            version,
            &legacy_map(schema),
        );
    }
}

fn reference() -> wayline_model::MapView {
    instantiate("lifecycle", Locale::ZhTw, None, "主持人", 1_790_000_000_000)
        .unwrap()
        .view()
}

/// What an upgraded map must show: the template's cards, ratings in the first emotion lane,
/// channels in the first channels lane, metrics in the first metrics lane, named raters.
fn assert_like_today(doc: &MapDoc, what: &str) {
    let (now, then) = (doc.view(), reference());
    assert_eq!(now.schema_version, wayline_model::SCHEMA_VERSION, "{what}");
    let texts = |v: &wayline_model::MapView| {
        let mut t: Vec<String> = v.cards.iter().map(|c| c.text.clone()).collect();
        t.sort();
        t
    };
    assert_eq!(texts(&now), texts(&then), "{what}: cards");
    let first = |kind| {
        now.lanes
            .iter()
            .find(|l| l.kind == kind)
            .unwrap()
            .id
            .clone()
    };
    assert_eq!(now.emotions.len(), then.emotions.len(), "{what}: ratings");
    assert!(now
        .emotions
        .iter()
        .all(|e| e.lane == first(LaneKind::Emotion)));
    assert!(now
        .emotions
        .iter()
        .all(|e| now.participant_name(&e.participant) == e.participant));
    assert_eq!(now.channels.len(), then.channels.len(), "{what}: channels");
    assert!(now
        .channels
        .iter()
        .all(|c| c.lane == first(LaneKind::Channels)));
    assert_eq!(now.metrics.len(), then.metrics.len(), "{what}: metrics");
}

#[test]
fn map_documents_of_every_schema_upgrade() {
    for schema in [1, 2] {
        let bytes = std::fs::read(fixtures().join(format!("map-schema-{schema}.loro"))).unwrap();
        let doc = MapDoc::load(Some(&bytes), &[]).unwrap();
        assert_eq!(doc.schema_version(), schema);
        assert!(doc.upgrade().unwrap());
        assert_like_today(&doc, &format!("map schema {schema}"));
    }
}

#[test]
fn data_files_of_every_version_migrate_and_their_maps_upgrade() {
    for version in 1..=3 {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(
            fixtures().join(format!("data-v{version}.sqlite3")),
            dir.path().join(DB_FILE_NAME),
        )
        .unwrap();
        let store = Store::open(dir.path()).unwrap();
        let projects = store.list_projects().unwrap();
        assert_eq!(projects[0].name, "舊版專案", "v{version}");
        assert_eq!(
            projects[0].maps[0].card_count,
            reference().cards.len() as u32
        );
        let doc = store.load_map("m1").unwrap().doc;
        doc.upgrade().unwrap();
        assert_like_today(&doc, &format!("data file v{version}"));
        // The migrated file is today's: a new map can be written to it.
        assert!(store.create_project("新專案").is_ok());
    }
}

#[test]
fn a_newer_data_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE_NAME);
    std::fs::copy(fixtures().join("data-v3.sqlite3"), &path).unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA user_version = 99;").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    match Store::open(dir.path()) {
        Err(e @ StoreError::NewerFile { .. }) => {
            assert!(e.to_string().to_lowercase().contains("newer"), "{e}")
        }
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("a newer file was opened"),
    }
    assert!(
        std::fs::read(&path).unwrap() == before,
        "the file is untouched"
    );
}
