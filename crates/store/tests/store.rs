//! Storage behaviour against real SQLite files in temporary folders.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use wayline_model::templates::instantiate;
use wayline_model::{Locale, MapDoc, NewCard};
use wayline_store::{Settings, Store, StoreError, DB_FILE_NAME};

fn lifecycle(locale: Locale) -> MapDoc {
    instantiate("lifecycle", locale, None, "Tester", 0).unwrap()
}

#[test]
fn projects_and_maps_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let (project_id, map_id) = {
        let store = Store::open(dir.path()).unwrap();
        let project = store.create_project("  客户旅程工作坊 ").unwrap();
        assert_eq!(project.name, "客户旅程工作坊");
        let map = store
            .create_map(&project.id, &lifecycle(Locale::ZhTw))
            .unwrap();
        assert_eq!(map.title, "顧客生命週期旅程");
        assert_eq!((map.stage_count, map.lane_count), (5, 10));
        (project.id, map.id)
    };
    let store = Store::open(dir.path()).unwrap();
    let projects = store.list_projects().unwrap();
    assert_eq!(projects.len(), 1);
    assert_eq!(projects[0].id, project_id);
    assert_eq!(projects[0].maps[0].id, map_id);
    let loaded = store.load_map(&map_id).unwrap();
    assert_eq!(loaded.doc.view().stages[0].title, "觸達");
}

#[test]
fn appended_updates_are_replayed_and_compacted() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let project = store.create_project("P").unwrap();
    let map = store
        .create_map(&project.id, &lifecycle(Locale::En))
        .unwrap();

    // A client edits its own replica and sends the updates one by one.
    let client = store.load_map(&map.id).unwrap().doc;
    let view = client.view();
    let mut last = 0;
    for i in 0..20 {
        let before = client.version();
        client
            .add_card(NewCard {
                stage: &view.stages[i % 5].id,
                lane: &view.lanes[0].id,
                text: &format!("卡片 {i}"),
                color: "green",
                author: "T",
                ..Default::default()
            })
            .unwrap();
        last = store
            .append_updates(&map.id, &[client.export_since(&before).unwrap()])
            .unwrap();
    }
    assert_eq!(store.update_count(&map.id).unwrap(), 20);
    let loaded = store.load_map(&map.id).unwrap();
    assert_eq!(loaded.doc.view(), client.view());
    assert_eq!(loaded.last_update, last);

    store
        .compact(
            &map.id,
            &loaded.doc.export_snapshot().unwrap(),
            loaded.last_update,
        )
        .unwrap();
    assert_eq!(store.update_count(&map.id).unwrap(), 0);
    let reloaded = store.load_map(&map.id).unwrap();
    assert_eq!(reloaded.doc.view(), client.view());
    assert_eq!(reloaded.pending_updates, 0);
}

#[test]
fn a_compaction_finishing_late_never_puts_an_older_snapshot_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let project = store.create_project("P").unwrap();
    let map = store
        .create_map(&project.id, &lifecycle(Locale::ZhCn))
        .unwrap();
    let client = store.load_map(&map.id).unwrap().doc;
    let view = client.view();
    let add = |text: &str| {
        let before = client.version();
        client
            .add_card(NewCard {
                stage: &view.stages[0].id,
                lane: &view.lanes[0].id,
                text,
                color: "green",
                author: "T",
                ..Default::default()
            })
            .unwrap();
        let update = client.export_since(&before).unwrap();
        store.append_updates(&map.id, &[update]).unwrap()
    };
    // Two compactions export at different moments; the later one commits first.
    let first_up_to = add("第一张");
    let first = client.export_snapshot().unwrap();
    let second_up_to = add("第二张");
    let second = client.export_snapshot().unwrap();
    assert!(store.compact(&map.id, &second, second_up_to).unwrap());
    assert!(!store.compact(&map.id, &first, first_up_to).unwrap());
    let texts: Vec<String> = store
        .load_map(&map.id)
        .unwrap()
        .doc
        .view()
        .cards
        .into_iter()
        .map(|c| c.text)
        .collect();
    assert!(texts.contains(&"第二张".to_string()), "{texts:?}");
}

#[test]
fn a_damaged_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE_NAME);
    let garbage = b"this is not a database, it is a shopping list: milk, eggs".repeat(100);
    std::fs::write(&path, &garbage).unwrap();
    let err = Store::open(dir.path()).err().unwrap();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert_eq!(err.code(), "corrupt_file");
    assert!(err.to_string().contains("Nothing was changed"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}

#[test]
fn a_file_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        store.create_project("keep me").unwrap();
    }
    {
        let conn = rusqlite::Connection::open(dir.path().join(DB_FILE_NAME)).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let err = Store::open(dir.path()).err().unwrap();
    assert!(matches!(err, StoreError::NewerFile { .. }), "{err}");
    // Put the version back: the data is still there.
    {
        let conn = rusqlite::Connection::open(dir.path().join(DB_FILE_NAME)).unwrap();
        conn.pragma_update(None, "user_version", Store::schema_version() as i64)
            .unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.list_projects().unwrap()[0].name, "keep me");
}

#[test]
fn settings_are_validated_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.settings().unwrap(), Settings::default());
    let zh = Settings {
        language: "zh-TW".into(),
        theme: "dark".into(),
    };
    assert_eq!(store.save_settings(&zh).unwrap(), zh);
    let bad = Settings {
        language: "klingon".into(),
        theme: "dark".into(),
    };
    assert!(matches!(
        store.save_settings(&bad),
        Err(StoreError::Invalid(_))
    ));
    drop(store);
    assert_eq!(Store::open(dir.path()).unwrap().settings().unwrap(), zh);
}

#[test]
fn bad_catalog_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert!(matches!(
        store.create_project("   "),
        Err(StoreError::Invalid(_))
    ));
    assert!(store.create_project(&"名".repeat(201)).is_err());
    assert!(matches!(
        store.create_map("no-such-project", &lifecycle(Locale::En)),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.load_map("nope"),
        Err(StoreError::NotFound { .. })
    ));
    assert!(store.rename_project("nope", "x").is_err());
    assert!(store.list_projects().unwrap().is_empty());
}

#[test]
fn a_file_of_the_first_schema_is_upgraded_with_its_maps() {
    let dir = tempfile::tempdir().unwrap();
    let doc = lifecycle(Locale::ZhCn);
    {
        // A data file exactly as the first release wrote it.
        let conn = rusqlite::Connection::open(dir.path().join(DB_FILE_NAME)).unwrap();
        conn.execute_batch(include_str!("../src/migrations/0001_initial.sql"))
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO projects (id, name, created_at, updated_at) VALUES ('p1', '旧项目', 1, 1)",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO maps (id, project_id, created_at, updated_at, title) VALUES ('m1', 'p1', 1, 1, '客户生命周期旅程')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO doc_snapshots (map_id, data, up_to_update, created_at) VALUES ('m1', ?1, 0, 1)",
            [doc.export_snapshot().unwrap()],
        )
        .unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let projects = store.list_projects().unwrap();
    assert_eq!(projects[0].name, "旧项目");
    assert_eq!(projects[0].maps[0].id, "m1");
    assert_eq!(store.load_map("m1").unwrap().doc.view(), doc.view());
    // The new tables work on the upgraded file.
    let persona = store
        .create_persona(
            "p1",
            &wayline_store::PersonaFields {
                name: "陈先生".into(),
                role: String::new(),
                goals: String::new(),
                frustrations: String::new(),
                quote: String::new(),
            },
        )
        .unwrap();
    assert_eq!(store.personas("p1").unwrap()[0].id, persona.id);
    store.trash_map("m1").unwrap();
    assert!(store.list_projects().unwrap()[0].maps.is_empty());
    assert_eq!(store.trashed_maps().unwrap()[0].map.id, "m1");
}

#[test]
fn persona_pictures_must_be_images_of_reasonable_size() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let project = store.create_project("P").unwrap();
    let fields = wayline_store::PersonaFields {
        name: "Ana".into(),
        role: "Buyer".into(),
        goals: String::new(),
        frustrations: String::new(),
        quote: String::new(),
    };
    let persona = store.create_persona(&project.id, &fields).unwrap();
    assert!(
        store
            .set_persona_picture(&persona.id, Some(&png_of(800, 600)))
            .unwrap()
            .has_picture
    );
    // Pixel size counts, not only bytes: a small file may declare a huge image.
    let err = store
        .set_persona_picture(&persona.id, Some(&png_of(30_000, 30_000)))
        .unwrap_err();
    assert!(err.to_string().contains("4096 × 4096 pixels"), "{err}");
    // A signature followed by nothing readable.
    let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];
    assert!(store.set_persona_picture(&persona.id, Some(&jpeg)).is_err());
    assert!(matches!(
        store.set_persona_picture(&persona.id, Some(b"GIF89a....")),
        Err(StoreError::Invalid(_))
    ));
    let mut huge = vec![0xFF, 0xD8, 0xFF];
    huge.resize(wayline_store::MAX_PICTURE_BYTES + 1, 0);
    assert!(store.set_persona_picture(&persona.id, Some(&huge)).is_err());
    assert_eq!(store.persona_picture(&persona.id).unwrap().1, "image/png");
    assert!(
        !store
            .set_persona_picture(&persona.id, None)
            .unwrap()
            .has_picture
    );
}

/// The first bytes of a PNG of `width` × `height` pixels: what the picture checks read.
fn png_of(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(width.to_be_bytes());
    png.extend(height.to_be_bytes());
    png.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png
}
