//! The catalog API beyond projects: map rename (through the room), duplicate, trash and personas
//! with pictures (map previews: thumbnails.rs).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

#[tokio::test]
async fn renaming_a_map_reaches_open_windows_and_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let (_, mid) = project_with_map(&host, "zh-CN").await;
    let mut window = SyncClient::connect(&host, &mid).await;
    let (status, map) = api(
        &host,
        "PATCH",
        &format!("/api/maps/{mid}"),
        Some(r#"{"title":"现状旅程"}"#),
    )
    .await;
    assert_eq!(status, 200, "{map}");
    assert_eq!(map["title"], "现状旅程");
    window.receive_update().await;
    assert_eq!(window.doc.title(), "现状旅程");
    let (status, err) = api(
        &host,
        "PATCH",
        &format!("/api/maps/{mid}"),
        Some(r#"{"title":"  "}"#),
    )
    .await;
    assert_eq!((status, err["code"].as_str()), (422, Some("invalid_input")));
    host.shutdown().await;
}

#[tokio::test]
async fn maps_go_to_the_trash_come_back_and_can_be_duplicated() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let (pid, mid) = project_with_map(&host, "zh-TW").await;

    let (status, copy) = api(&host, "POST", &format!("/api/maps/{mid}/duplicate"), None).await;
    assert_eq!(status, 200, "{copy}");
    assert_eq!(copy["title"], "顧客生命週期旅程（副本）");
    assert_eq!(copy["card_count"].as_u64(), Some(19));
    assert_ne!(copy["id"], mid.as_str());

    assert_eq!(
        api(&host, "DELETE", &format!("/api/maps/{mid}"), None)
            .await
            .0,
        200
    );
    let (_, projects) = api(&host, "GET", "/api/projects", None).await;
    let maps = projects[0]["maps"].as_array().unwrap();
    assert_eq!(maps.len(), 1, "the trashed map leaves the list");
    let (_, trash) = api(&host, "GET", "/api/trash", None).await;
    assert_eq!(trash[0]["map"]["id"], mid.as_str());
    assert_eq!(trash[0]["project_name"], "工作坊");

    let (status, restored) = api(&host, "POST", &format!("/api/maps/{mid}/restore"), None).await;
    assert_eq!(status, 200);
    assert_eq!(restored["id"], mid.as_str());
    let (_, projects) = api(&host, "GET", "/api/projects", None).await;
    assert_eq!(projects[0]["maps"].as_array().unwrap().len(), 2);

    // Deleting for good works only from the trash.
    assert_eq!(
        api(&host, "DELETE", &format!("/api/trash/{mid}"), None)
            .await
            .0,
        404
    );
    api(&host, "DELETE", &format!("/api/maps/{mid}"), None).await;
    assert_eq!(
        api(&host, "DELETE", &format!("/api/trash/{mid}"), None)
            .await
            .0,
        200
    );
    let (_, trash) = api(&host, "GET", "/api/trash", None).await;
    assert!(trash.as_array().unwrap().is_empty());
    let _ = pid;
    host.shutdown().await;
}

#[tokio::test]
async fn personas_with_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let (pid, _) = project_with_map(&host, "en").await;
    let fields = r#"{"name":"王芳","role":"上班族","goals":"快速买到合适的跑鞋","frustrations":"尺码不准","quote":"我没时间退货。"}"#;
    let (status, persona) = api(
        &host,
        "POST",
        &format!("/api/projects/{pid}/personas"),
        Some(fields),
    )
    .await;
    assert_eq!(status, 200, "{persona}");
    let id = persona["id"].as_str().unwrap().to_owned();
    assert_eq!(persona["has_picture"], false);

    // A PNG picture is stored in the data file and served back.
    let png: &[u8] = &png_of(64, 48);
    let auth = format!("Authorization: Bearer {}", host.token());
    let mut req = format!(
        "PUT /api/personas/{id}/picture HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n{auth}\r\nContent-Type: image/png\r\nContent-Length: {}\r\n\r\n",
        png.len(),
        p = host.port()
    )
    .into_bytes();
    req.extend_from_slice(png);
    let (status, text) = http(host.port(), req).await;
    assert_eq!(status, 200, "{text}");
    assert!(text.contains(r#""has_picture":true"#));
    let path = format!("/api/personas/{id}/picture");
    let (status, text) = http(
        host.port(),
        request("GET", &path, host.port(), &[&auth], None),
    )
    .await;
    assert_eq!(status, 200);
    assert!(text.contains("content-type: image/png"));

    // Something that is not an image is refused; the old picture stays.
    let (status, err) = api(&host, "PUT", &path, Some("{\"not\":\"an image\"}")).await;
    assert_eq!((status, err["code"].as_str()), (422, Some("invalid_input")));

    let (status, list) = api(&host, "GET", &format!("/api/projects/{pid}/personas"), None).await;
    assert_eq!(status, 200);
    assert_eq!(list[0]["name"], "王芳");
    assert_eq!(list[0]["has_picture"], true);
    let renamed = fields.replace("王芳", "Wang Fang");
    let (_, updated) = api(
        &host,
        "PATCH",
        &format!("/api/personas/{id}"),
        Some(&renamed),
    )
    .await;
    assert_eq!(updated["name"], "Wang Fang");
    let (status, _) = api(
        &host,
        "POST",
        &format!("/api/projects/{pid}/personas"),
        Some(r#"{"name":"","role":"","goals":"","frustrations":"","quote":""}"#),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        api(&host, "DELETE", &format!("/api/personas/{id}"), None)
            .await
            .0,
        200
    );
    assert_eq!(api(&host, "GET", &path, None).await.0, 404);
    host.shutdown().await;
}

#[tokio::test]
async fn a_saved_bundle_re_seeds_a_host_and_a_damaged_one_changes_nothing() {
    let source = tempfile::tempdir().unwrap();
    let bundle = {
        let host = start_host(source.path()).await;
        let (project, _) = project_with_map(&host, "zh-TW").await;
        // The project's bundle as the UI downloads it.
        let (status, body) = api(
            &host,
            "GET",
            &format!("/api/projects/{project}/bundle"),
            None,
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["format"], "wayline-bundle", "{body}");
        let (status, _) = api(&host, "GET", "/api/projects/no-such-project/bundle", None).await;
        assert_eq!(status, 404);
        host.shutdown().await;
        serde_json::to_vec(&body).unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let send = |body: Vec<u8>| {
        let mut r = format!(
            "POST /api/bundles HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nAuthorization: Bearer {token}\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n",
            body.len(),
            port = host.port(),
            token = host.token()
        )
        .into_bytes();
        r.extend(body);
        r
    };
    let mut damaged = bundle.clone();
    let at = damaged.len() / 2;
    damaged[at] ^= 0x20;
    let (status, _) = http(host.port(), send(damaged)).await;
    assert_eq!(status, 422, "a damaged bundle is refused");
    assert_eq!(host.store().list_projects().unwrap().len(), 0);
    let (status, body) = http(host.port(), send(bundle)).await;
    assert_eq!(status, 200, "{body}");
    let projects = host.store().list_projects().unwrap();
    assert_eq!(projects.len(), 1);
    assert_eq!(projects[0].maps.len(), 1);
}

#[tokio::test]
async fn the_host_backs_the_data_file_up_on_quit_when_it_changed() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let (status, _) = api(&host, "POST", "/api/projects", Some(r#"{"name":"備份"}"#)).await;
    assert_eq!(status, 200);
    host.shutdown().await;
    let backups = wayline_store::list_backups(dir.path());
    assert_eq!(backups.len(), 1, "{backups:?}");

    // The backup is a complete data file with the project in it.
    let copy = tempfile::tempdir().unwrap();
    std::fs::copy(
        &backups[0].path,
        copy.path().join(wayline_store::DB_FILE_NAME),
    )
    .unwrap();
    let store = wayline_store::Store::open(copy.path()).unwrap();
    assert!(store
        .list_projects()
        .unwrap()
        .iter()
        .any(|p| p.name == "備份"));

    // Nothing changed: no new backup.
    let again = start_host(dir.path()).await;
    again.shutdown().await;
    assert_eq!(wayline_store::list_backups(dir.path()).len(), 1);
}

#[tokio::test]
async fn the_map_list_catches_up_with_updates_stored_just_before_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let (map_id, expected) = {
        // What a crash leaves: updates on disk whose projection was never refreshed.
        let store = wayline_store::Store::open(dir.path()).unwrap();
        let project = store.create_project("當機").unwrap();
        let doc = wayline_model::templates::instantiate(
            "lifecycle",
            wayline_model::Locale::ZhTw,
            None,
            "T",
            0,
        )
        .unwrap();
        let map = store.create_map(&project.id, &doc).unwrap();
        let view = doc.view();
        let before = doc.version();
        for i in 0..3 {
            doc.add_card(wayline_model::NewCard {
                stage: &view.stages[0].id,
                lane: &view.lanes[0].id,
                text: &format!("當機前的卡片 {i}"),
                color: "yellow",
                author: "T",
                ..Default::default()
            })
            .unwrap();
        }
        doc.set_title("當機後的標題").unwrap();
        store
            .append_updates(&map.id, &[doc.export_since(&before).unwrap()])
            .unwrap();
        (map.id, view.cards.len() + 3)
    };
    let host = start_host(dir.path()).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (_, projects) = api(&host, "GET", "/api/projects", None).await;
        let map = projects
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| p["maps"].as_array().cloned().unwrap_or_default())
            .find(|m| m["id"] == map_id.as_str())
            .unwrap();
        if map["card_count"] == expected && map["title"] == "當機後的標題" {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "still stale: {map}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    host.shutdown().await;
}

#[tokio::test]
async fn a_project_goes_to_the_trash_with_its_maps_and_old_trash_empties_itself() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let (project, map) = project_with_map(&host, "zh-TW").await;

    let (status, _) = api(
        &host,
        "POST",
        &format!("/api/projects/{project}/trash"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (_, projects) = api(&host, "GET", "/api/projects", None).await;
    assert!(
        !projects.to_string().contains(&project),
        "gone from the list"
    );
    let (_, trashed) = api(&host, "GET", "/api/trash/projects", None).await;
    assert_eq!(trashed[0]["project"]["id"], project.as_str());
    assert_eq!(trashed[0]["project"]["maps"][0]["id"], map.as_str());
    // Its maps cannot be opened or joined while it is in the trash.
    assert!(!host_can_open(&host, &map).await);

    let (status, _) = api(
        &host,
        "POST",
        &format!("/api/projects/{project}/restore"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert!(host_can_open(&host, &map).await);

    // Trashed 31 days ago: the trash empties itself of it.
    api(
        &host,
        "POST",
        &format!("/api/projects/{project}/trash"),
        None,
    )
    .await;
    host.shutdown().await;
    {
        let store = wayline_store::Store::open(dir.path()).unwrap();
        let day = 24 * 3600 * 1000;
        let now = wayline_store::now_ms();
        assert_eq!(
            store.empty_old_trash(now + 29 * day).unwrap().projects,
            0,
            "not yet 30 days"
        );
        assert_eq!(store.empty_old_trash(now + 31 * day).unwrap().projects, 1);
        assert!(store.trashed_projects().unwrap().is_empty());
    }
}

/// Whether a client may join the map's room.
async fn host_can_open(host: &wayline_host::RunningHost, map: &str) -> bool {
    let url = format!("ws://127.0.0.1:{}/ws?token={}", host.port(), host.token());
    let Ok(mut client) = SyncClient::open(&url, map, wayline_model::MapDoc::new()).await else {
        return false;
    };
    client
        .send(&loro_protocol::ProtocolMessage::JoinRequest {
            crdt: loro_protocol::CrdtType::Loro,
            room_id: map.to_owned(),
            auth: vec![],
            version: vec![],
        })
        .await;
    matches!(
        client.recv().await,
        loro_protocol::ProtocolMessage::JoinResponseOk { .. }
    )
}

#[tokio::test]
async fn a_map_comes_back_out_of_a_backup_as_a_new_map() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let (project, map) = project_with_map(&host, "zh-TW").await;
    let (status, backup) = api(&host, "POST", "/api/backups", None).await;
    assert_eq!(status, 200, "{backup}");
    let name = backup["name"].as_str().unwrap().to_owned();
    assert!(backup.get("path").is_none(), "no local path goes to the UI");

    // The map is lost: trashed and purged.
    api(&host, "DELETE", &format!("/api/maps/{map}"), None).await;
    let (status, _) = api(&host, "DELETE", &format!("/api/trash/{map}"), None).await;
    assert_eq!(status, 200);

    let (_, list) = api(&host, "GET", "/api/backups", None).await;
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["name"] == name.as_str()));
    let (status, contents) = api(&host, "GET", &format!("/api/backups/{name}"), None).await;
    assert_eq!(status, 200, "{contents}");
    assert!(
        contents.to_string().contains(&map),
        "the backup shows the lost map"
    );

    let (status, restored) = api(
        &host,
        "POST",
        &format!("/api/backups/{name}/maps/{map}/restore"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{restored}");
    assert_eq!(restored["project_id"], project.as_str());
    assert!(
        restored["title"].as_str().unwrap().ends_with("（已還原）"),
        "{restored}"
    );
    assert!(restored["card_count"].as_u64().unwrap() > 0);
    assert!(host_can_open(&host, restored["id"].as_str().unwrap()).await);

    // Only backups of the list can be read, by name.
    let (status, json) = api(&host, "GET", "/api/backups/..%2F..%2Fetc%2Fpasswd", None).await;
    assert_eq!(status, 404, "{json}");
    host.shutdown().await;
}

/// The first bytes of a PNG of `width` × `height` pixels: what the picture checks read.
fn png_of(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(width.to_be_bytes());
    png.extend(height.to_be_bytes());
    png.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png
}

#[tokio::test]
async fn diagnostics_name_the_version_and_the_data_files_health_without_card_text() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let (_, map) = project_with_map(&host, "zh-TW").await;
    let (status, body) = api(&host, "GET", "/api/diagnostics", None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert!(body["data_file"]
        .as_str()
        .unwrap()
        .starts_with("ok: integrity ok"));
    assert!(!body.to_string().contains(&map), "no map ids or contents");
    // Without the launch token, nothing.
    let (status, _) = http(
        host.port(),
        format!(
            "GET /api/diagnostics HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            host.port()
        ),
    )
    .await;
    assert_eq!(status, 401);
    host.shutdown().await;
}
