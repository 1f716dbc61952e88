//! The host end to end: access control, the catalog API, and sync rooms with real WebSocket
//! clients, including restarts from SQLite alone.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use loro_protocol::{CrdtType, ProtocolMessage, UpdateStatusCode};
use wayline_model::MapDoc;

#[tokio::test]
async fn rejects_requests_without_the_token_or_from_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let port = host.port();
    let (status, body) = http(port, request("GET", "/api/projects", port, &[], None)).await;
    assert_eq!(status, 401);
    assert!(body.contains(r#""code":"unauthorized""#), "{body}");
    let wrong = "Authorization: Bearer 0000";
    assert_eq!(
        http(port, request("GET", "/api/projects", port, &[wrong], None))
            .await
            .0,
        401
    );
    let (status, page) = http(port, request("GET", "/", port, &[], None)).await;
    assert_eq!(status, 401);
    assert!(page.contains("?token="));

    let auth = format!("Authorization: Bearer {}", host.token());
    // DNS rebinding: a right token under a foreign Host name is refused.
    let mut r = request("GET", "/api/projects", port, &[&auth], None);
    r = r.replace(&format!("Host: 127.0.0.1:{port}"), "Host: evil.example:80");
    assert_eq!(http(port, r).await.0, 403);
    let evil = "Origin: http://evil.example";
    assert_eq!(
        http(
            port,
            request("GET", "/api/projects", port, &[&auth, evil], None)
        )
        .await
        .0,
        403
    );

    // The desktop window's origin is allowed, with CORS headers.
    let tauri = "Origin: tauri://localhost";
    let (status, text) = http(
        port,
        request("GET", "/api/projects", port, &[&auth, tauri], None),
    )
    .await;
    assert_eq!(status, 200);
    assert!(text
        .to_lowercase()
        .contains("access-control-allow-origin: tauri://localhost"));
    let (status, _) = http(
        port,
        request("OPTIONS", "/api/projects", port, &[tauri], None),
    )
    .await;
    assert_eq!(status, 204);

    // The browser address sets a cookie that later requests may use.
    let path = format!("/?token={}", host.token());
    let (_, page) = http(port, request("GET", &path, port, &[], None)).await;
    assert!(page.contains("wayline_token="), "{page}");
    let cookie = format!("Cookie: wayline_token={}", host.token());
    assert_eq!(
        http(
            port,
            request("GET", "/api/projects", port, &[&cookie], None)
        )
        .await
        .0,
        200
    );

    // A WebSocket without the token is refused.
    let url = format!("ws://127.0.0.1:{port}/ws");
    assert!(tokio_tungstenite::connect_async(url).await.is_err());
    host.shutdown().await;
}

#[tokio::test]
async fn catalog_api_creates_projects_and_maps_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let (pid, mid) = project_with_map(&host, "zh-CN").await;
    let (status, projects) = api(&host, "GET", "/api/projects", None).await;
    assert_eq!(status, 200);
    assert_eq!(projects[0]["id"], pid.as_str());
    assert_eq!(projects[0]["name"], "工作坊");
    let map = &projects[0]["maps"][0];
    assert_eq!(map["id"], mid.as_str());
    assert_eq!(map["title"], "客户生命周期旅程");
    assert_eq!(map["stage_count"], 5);
    assert_eq!(map["lane_count"], 10);

    let (status, err) = api(&host, "POST", "/api/projects", Some(r#"{"name":"  "}"#)).await;
    assert_eq!(status, 422);
    assert_eq!(err["code"], "invalid_input");
    let (status, err) = api(&host, "POST", "/api/projects", Some("{not json")).await;
    assert_eq!(status, 400);
    assert_eq!(err["code"], "bad_request");
    let bad_locale = r#"{"template":"lifecycle","locale":"fr","title":null}"#;
    let (status, _) = api(
        &host,
        "POST",
        &format!("/api/projects/{pid}/maps"),
        Some(bad_locale),
    )
    .await;
    assert_eq!(status, 400);
    let (status, err) = api(
        &host,
        "POST",
        "/api/projects/nope/maps",
        Some(r#"{"template":"lifecycle","locale":"en","title":null}"#),
    )
    .await;
    assert_eq!((status, err["code"].as_str()), (404, Some("not_found")));

    let (_, session) = api(&host, "GET", "/api/session", None).await;
    assert!(session["browser_url"]
        .as_str()
        .unwrap()
        .contains(host.token()));
    let (_, settings) = api(
        &host,
        "PUT",
        "/api/settings",
        Some(r#"{"language":"zh-TW","theme":"dark"}"#),
    )
    .await;
    assert_eq!(settings["language"], "zh-TW");
    let (_, templates) = api(&host, "GET", "/api/templates", None).await;
    assert_eq!(templates[0]["id"], "lifecycle");
    host.shutdown().await;
}

#[tokio::test]
async fn an_acknowledged_edit_reaches_the_other_client_and_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let (_, mid) = project_with_map(&host, "zh-TW").await;
    let mut a = SyncClient::connect(&host, &mid).await;
    let mut b = SyncClient::connect(&host, &mid).await;
    assert_eq!(
        a.doc.view().stages[0].title,
        "觸達",
        "joining backfills the map"
    );

    let mut card = String::new();
    let status = a
        .edit(1, |doc| card = add_card(doc, "客服電話等太久\n第二行"))
        .await;
    assert_eq!(status, UpdateStatusCode::Ok);
    b.receive_update().await;
    assert_eq!(a.doc.view(), b.doc.view());
    assert!(b.doc.view().cards.iter().any(|c| c.id == card));

    // Restart from SQLite alone: the acknowledged card is there.
    drop((a, b));
    host.shutdown().await;
    let host = start_host(dir.path()).await;
    let c = SyncClient::connect(&host, &mid).await;
    let text = c
        .doc
        .view()
        .cards
        .into_iter()
        .find(|c| c.id == card)
        .unwrap()
        .text;
    assert_eq!(text, "客服電話等太久\n第二行");
    let (_, projects) = api(&host, "GET", "/api/projects", None).await;
    assert_eq!(
        projects[0]["maps"][0]["card_count"].as_u64().unwrap() as usize,
        c.doc.view().cards.len()
    );
    host.shutdown().await;
}

#[tokio::test]
async fn a_rejoining_client_with_concurrent_offline_edits_converges() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let (_, mid) = project_with_map(&host, "en").await;
    let mut a = SyncClient::connect(&host, &mid).await;
    // B goes offline with a copy and edits it while A keeps editing through the host.
    let offline = MapDoc::load(Some(&a.doc.export_snapshot().unwrap()), &[]).unwrap();
    add_card(&offline, "offline idea");
    a.edit(1, |doc| {
        add_card(doc, "online idea");
    })
    .await;
    let b = SyncClient::connect_with(&host, &mid, offline).await;
    // B got A's card in the backfill and sent its own; A receives B's.
    a.receive_update().await;
    let texts = |doc: &MapDoc| {
        let mut t: Vec<String> = doc.view().cards.into_iter().map(|c| c.text).collect();
        t.sort();
        t
    };
    assert_eq!(texts(&a.doc), texts(&b.doc));
    assert!(texts(&a.doc).contains(&"offline idea".to_owned()));
    assert!(texts(&a.doc).contains(&"online idea".to_owned()));
    host.shutdown().await;
}

/// The update that `write` makes to a copy of `client`'s map, written past the UI's checks.
fn forged_update(client: &MapDoc, write: impl FnOnce(&loro::LoroDoc)) -> Vec<u8> {
    let forged = MapDoc::load(Some(&client.export_snapshot().unwrap()), &[]).unwrap();
    let at = forged.version();
    write(forged.loro());
    forged.loro().commit();
    forged.export_since(&at).unwrap()
}

/// What a client writes inside a parked topic's mergeable child (whose id reads like a root's)
/// is checked as the topic, a checked root written as another type is refused, and so is a card
/// past its length.
#[tokio::test]
async fn writes_hidden_in_mergeable_children_other_root_types_or_overlong_cards_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let (_, mid) = project_with_map(&host, "zh-TW").await;
    let mut a = SyncClient::connect(&host, &mid).await;
    // A topic in a mergeable child (its id reads like a root's), accepted while valid, then
    // made too long by a later update: still checked as the topic.
    let merged = forged_update(&a.doc, |doc| {
        let item = doc
            .get_map("parking")
            .ensure_mergeable_map("merged")
            .unwrap();
        item.insert("text", "好的").unwrap();
        item.insert("author", "林").unwrap();
        item.insert("created_at", 1).unwrap();
    });
    assert_eq!(a.push(merged.clone(), 1).await, UpdateStatusCode::Ok);
    a.doc.import(&merged).unwrap();
    let grown_topic = forged_update(&a.doc, |doc| {
        let item = doc
            .get_map("parking")
            .ensure_mergeable_map("merged")
            .unwrap();
        let long = "停".repeat(wayline_model::schema::MAX_PARKING_TEXT_CHARS + 1);
        item.insert("text", long.as_str()).unwrap();
    });
    assert_eq!(
        a.push(grown_topic, 2).await,
        UpdateStatusCode::InvalidUpdate
    );
    // The parking lot written as text, which would hide the map from the checks.
    let hidden = forged_update(&a.doc, |doc| {
        doc.get_text("parking").insert(0, "掩護").unwrap();
    });
    assert_eq!(a.push(hidden, 3).await, UpdateStatusCode::InvalidUpdate);
    // A card longer than the UI lets anyone type, written past it.
    let card = a.doc.view().cards[0].id.clone();
    let long_card = forged_update(&a.doc, |doc| {
        let Some(loro::ValueOrContainer::Container(loro::Container::Map(c))) =
            doc.get_map("cards").get(&card)
        else {
            panic!("no card {card}")
        };
        let Some(loro::ValueOrContainer::Container(loro::Container::Text(text))) = c.get("text")
        else {
            panic!("card {card} has no text")
        };
        let long = "长".repeat(wayline_model::schema::MAX_CARD_TEXT_CHARS + 1);
        text.insert(0, &long).unwrap();
    });
    assert_eq!(a.push(long_card, 4).await, UpdateStatusCode::InvalidUpdate);
    let b = SyncClient::connect(&host, &mid).await;
    let parking = b.doc.view().parking;
    assert_eq!(parking.len(), 1);
    assert_eq!(parking[0].text, "好的");
}

#[tokio::test]
async fn bad_updates_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let (_, mid) = project_with_map(&host, "en").await;
    let mut a = SyncClient::connect(&host, &mid).await;
    let before = a.doc.view();

    assert_eq!(
        a.push(b"garbage".to_vec(), 1).await,
        UpdateStatusCode::InvalidUpdate
    );
    // A snapshot: a participant sends updates only.
    assert_eq!(
        a.push(a.doc.export_snapshot().unwrap(), 1).await,
        UpdateStatusCode::InvalidUpdate
    );
    // A change block claiming ~2^47 dependencies (found by fuzzing): loro would reserve memory
    // for them all and abort the process; refused, and the host goes on.
    let forged = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fuzz/corpus/update/oom-loro-update-header"
    ))
    .unwrap();
    assert_eq!(a.push(forged, 1).await, UpdateStatusCode::InvalidUpdate);

    // An update that depends on an edit the host never saw.
    let fork = MapDoc::load(Some(&a.doc.export_snapshot().unwrap()), &[]).unwrap();
    let v0 = fork.version();
    add_card(&fork, "first");
    let v1 = fork.version();
    add_card(&fork, "second");
    let second_only = fork.export_since(&v1).unwrap();
    // The rejoin is asked for before the answer: that is how a client tells a refusal for
    // missing history (sent again after the join) from one for content (set aside).
    assert_eq!(
        a.push_after_rejoin(second_only, 2).await,
        UpdateStatusCode::InvalidUpdate
    );
    let _ = v0;

    // A metric value no kind allows (an NPS of 1000), written past the UI's own check.
    let forged = MapDoc::load(Some(&a.doc.export_snapshot().unwrap()), &[]).unwrap();
    let at = forged.version();
    let (metric_id, _) = forged.to_json()["metrics"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, m)| m["kind"] == "nps")
        .map(|(id, m)| (id.clone(), m.clone()))
        .expect("the template has an NPS tile");
    match forged.loro().get_map("metrics").get(&metric_id) {
        Some(loro::ValueOrContainer::Container(loro::Container::Map(m))) => {
            m.insert("current", 1000.0).unwrap()
        }
        other => panic!("metric {metric_id}: {other:?}"),
    }
    forged.loro().commit();
    assert_eq!(
        a.push(forged.export_since(&at).unwrap(), 4).await,
        UpdateStatusCode::InvalidUpdate
    );

    // An action with a status no release knows and a date that is no date, written past the UI.
    let action = forged_update(&a.doc, |doc| {
        let action = doc
            .get_map("actions")
            .insert_container("forged", loro::LoroMap::new())
            .unwrap();
        action.insert("title", "偽造的行動").unwrap();
        action.insert("status", "finished").unwrap();
        action.insert("due", "明天").unwrap();
    });
    assert_eq!(a.push(action, 6).await, UpdateStatusCode::InvalidUpdate);
    // A saved version pointing at history the map does not have (reading it would fail).
    let version = forged_update(&a.doc, |doc| {
        let version = doc
            .get_map("versions")
            .insert_container("forged", loro::LoroMap::new())
            .unwrap();
        version.insert("name", "偽造的版本").unwrap();
        version.insert("frontiers", "99999@12345").unwrap();
    });
    assert_eq!(a.push(version, 9).await, UpdateStatusCode::InvalidUpdate);
    // A parked topic longer than any the UI writes, and one without an author.
    let too_long = forged_update(&a.doc, |doc| {
        let item = doc
            .get_map("parking")
            .insert_container("forged", loro::LoroMap::new())
            .unwrap();
        let text = item
            .insert_container("text", loro::LoroText::new())
            .unwrap();
        let long = "停".repeat(wayline_model::schema::MAX_PARKING_TEXT_CHARS + 1);
        text.insert(0, &long).unwrap();
        item.insert("author", "林").unwrap();
        item.insert("created_at", 1).unwrap();
    });
    assert_eq!(a.push(too_long, 10).await, UpdateStatusCode::InvalidUpdate);
    let anonymous = forged_update(&a.doc, |doc| {
        let item = doc
            .get_map("parking")
            .insert_container("anonymous", loro::LoroMap::new())
            .unwrap();
        item.insert("text", "誰寫的？").unwrap();
    });
    assert_eq!(a.push(anonymous, 11).await, UpdateStatusCode::InvalidUpdate);
    // A map past a size limit (61 stages), however it was written.
    let grown = MapDoc::load(Some(&a.doc.export_snapshot().unwrap()), &[]).unwrap();
    let at = grown.version();
    let stages = grown.loro().get_movable_list("stages");
    for i in 0..wayline_model::schema::MAX_STAGES_PER_MAP {
        let stage = stages.push_container(loro::LoroMap::new()).unwrap();
        stage.insert("id", format!("extra{i}").as_str()).unwrap();
        stage.insert("title", "多").unwrap();
    }
    grown.loro().commit();
    assert_eq!(
        a.push(grown.export_since(&at).unwrap(), 5).await,
        UpdateStatusCode::InvalidUpdate
    );

    // Updates to a room the client has not joined are refused.
    a.send(&ProtocolMessage::DocUpdate {
        crdt: CrdtType::Loro,
        room_id: "other".into(),
        updates: vec![vec![1, 2, 3]],
        batch_id: batch(3),
    })
    .await;
    assert!(matches!(
        a.recv().await,
        ProtocolMessage::Ack {
            status: UpdateStatusCode::PermissionDenied,
            ..
        }
    ));

    // Joining a map that does not exist is an error, not a crash.
    a.send(&ProtocolMessage::JoinRequest {
        crdt: CrdtType::Loro,
        room_id: "missing".into(),
        auth: vec![],
        version: vec![],
    })
    .await;
    assert!(matches!(a.recv().await, ProtocolMessage::JoinError { .. }));

    drop(a);
    let c = SyncClient::connect(&host, &mid).await;
    assert_eq!(
        c.doc.view(),
        before,
        "nothing of the refused updates was kept"
    );
    host.shutdown().await;
}

#[tokio::test]
async fn a_second_host_on_the_same_folder_or_port_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let err = wayline_host::start(wayline_host::HostConfig {
        data_dir: dir.path().to_owned(),
        port: 0,
        any_port_if_taken: false,
        token: None,
    })
    .await
    .err()
    .unwrap();
    assert_eq!(err.code(), "folder_in_use");
    assert!(err.to_string().contains(&host.base_url()), "{err}");
    let info = wayline_host::read_running_host(dir.path()).unwrap();
    assert_eq!(info.token, host.token());

    let other = tempfile::tempdir().unwrap();
    let err = wayline_host::start(wayline_host::HostConfig {
        data_dir: other.path().to_owned(),
        port: host.port(),
        any_port_if_taken: false,
        token: None,
    })
    .await
    .err()
    .unwrap();
    assert_eq!(err.code(), "port_in_use");
    assert!(err.to_string().contains("--port"));
    // The desktop app takes any free port instead when its usual one is taken.
    let third = tempfile::tempdir().unwrap();
    let fallback = wayline_host::start(wayline_host::HostConfig {
        data_dir: third.path().to_owned(),
        port: host.port(),
        any_port_if_taken: true,
        token: None,
    })
    .await
    .unwrap();
    assert_ne!(fallback.port(), host.port());
    fallback.shutdown().await;
    host.shutdown().await;
    assert!(
        wayline_host::read_running_host(dir.path()).is_none(),
        "the lock is released"
    );
}
