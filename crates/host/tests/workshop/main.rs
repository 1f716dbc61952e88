//! Live workshops end to end, on loopback addresses only: the participants' listener on
//! 127.0.0.2, joining by code and by invitation, roles, lock, revoke, end, resume after a
//! restart, presence, and every refusal the threat model (SECURITY.md) lists.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod brainstorm;
#[path = "../common/mod.rs"]
mod common;
mod invitation;
mod restart;
mod support;

use common::*;
use loro::awareness::EphemeralStore;
use loro_protocol::{CrdtType, ProtocolMessage, UpdateStatusCode};
use serde_json::{json, Value};
use support::*;
use tokio::net::TcpStream;
use wayline_model::MapDoc;

#[tokio::test]
async fn a_participant_joins_by_code_and_edits_the_workshop_map_only() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path(), "editor").await;

    // The code, typed loosely, gives the invitation.
    let typed = w.code.to_lowercase().replace('-', " ");
    let (status, inv) = w
        .participant_post("/api/join/code", json!({ "code": typed }))
        .await;
    assert_eq!(status, 200, "{inv}");
    assert_eq!(inv["invite"], w.invite.as_str());

    let token = w.token_of("participant-a1", "王小明").await;
    // The session says who they are and which map they may open.
    let (status, s) = http_at(
        &w.room,
        req(
            "GET",
            "/api/participant/session",
            "wayline.test",
            &[format!("Authorization: Bearer {token}")],
            None,
        ),
    )
    .await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(
        (s["name"].as_str(), s["role"].as_str()),
        (Some("王小明"), Some("editor"))
    );
    assert_eq!(s["map_id"], w.map_id.as_str());

    let mut p = w.socket(&token).await;
    let (write, access) = join_room(&mut p).await.unwrap();
    assert!(write && access["can_edit"] == true);
    let update = card_update(&p.doc, "参与者的卡片");
    assert_eq!(p.push(update, 1).await, UpdateStatusCode::Ok);
    let stored = w.host.store().load_map(&w.map_id).unwrap().doc.view();
    assert!(stored.cards.iter().any(|c| c.text == "参与者的卡片"));

    // Another map of the facilitator's cannot be joined with the participant's token.
    let other = new_map(&w.host).await;
    let mut q = SyncClient::open(&w.ws_url(&token), &other, MapDoc::new())
        .await
        .unwrap();
    // Refused with the code alone, which the page words in the person's language.
    assert_eq!(join_room(&mut q).await.err().as_deref(), Some("other_map"));

    // The facilitator's API is not there on the room's network, nor open to a participant token.
    let (status, _) = http_at(&w.room, req("GET", "/api/projects", &w.room, &[], None)).await;
    assert_eq!(status, 404);
    let port = w.host.port();
    let (status, _) = http_at(
        &format!("127.0.0.1:{port}"),
        req(
            "GET",
            "/api/projects",
            &format!("127.0.0.1:{port}"),
            &[format!("Authorization: Bearer {token}")],
            None,
        ),
    )
    .await;
    assert_eq!(status, 401, "a participant token on the facilitator's API");
    // Nor is the copy of a map that a reopened facilitator's tab fetches, not even of the map
    // the participant works on.
    for map in [&w.map_id, &other] {
        let snapshot = format!("/api/maps/{map}/snapshot");
        let bearer = [format!("Authorization: Bearer {token}")];
        let (status, _) = http_at(&w.room, req("GET", &snapshot, &w.room, &bearer, None)).await;
        assert_eq!(status, 404, "{snapshot} on the room's network");
        let loopback = format!("127.0.0.1:{port}");
        let (status, _) = http_at(&loopback, req("GET", &snapshot, &loopback, &bearer, None)).await;
        assert_eq!(status, 401, "a participant token asking for {snapshot}");
    }
    let (status, _) = http_at(
        &format!("127.0.0.1:{port}"),
        req(
            "GET",
            "/api/projects",
            &format!("wayline.test:{port}"),
            &[format!("Authorization: Bearer {}", w.host.token())],
            None,
        ),
    )
    .await;
    assert_eq!(
        status, 403,
        "the facilitator's API keeps its strict Host check"
    );
}

#[tokio::test]
async fn refuses_missing_wrong_and_foreign_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path(), "editor").await;
    assert_eq!(
        SyncClient::open(&w.ws_url(""), &w.map_id, MapDoc::new())
            .await
            .err(),
        Some(401)
    );
    assert_eq!(
        SyncClient::open(&w.ws_url(&"ab".repeat(32)), &w.map_id, MapDoc::new())
            .await
            .err(),
        Some(401)
    );
    // The launch token is not a participant token.
    assert_eq!(
        SyncClient::open(&w.ws_url(w.host.token()), &w.map_id, MapDoc::new())
            .await
            .err(),
        Some(401)
    );
    // A wrong invitation does not join.
    let body = json!({"invite": "0".repeat(64), "participant_id": "participant-x", "name": "X", "color": "#000000"});
    assert_eq!(w.participant_post("/api/join", body).await.0, 401);
    // A page on another site cannot drive a participant's browser.
    let body = json!({"code": w.code});
    let (status, _) = http_at(
        &w.room,
        req(
            "POST",
            "/api/join/code",
            &w.room,
            &["Origin: http://evil.example".into()],
            Some(&body),
        ),
    )
    .await;
    assert_eq!(status, 403);
    // Same-origin requests by a name (as through `wayline.test`) are fine.
    let host = format!("wayline.test:{}", w.room.rsplit(':').next().unwrap());
    let (status, _) = http_at(
        &w.room,
        req(
            "POST",
            "/api/join/code",
            &host,
            &[format!("Origin: http://{host}")],
            Some(&body),
        ),
    )
    .await;
    assert_eq!(status, 200);
    // Someone else's participant id cannot be taken over without its token.
    w.token_of("participant-a1", "Alice").await;
    assert_eq!(w.join_as("participant-a1", "Mallory").await.0, 403);
    // An oversized join request is refused unread.
    let huge = json!({"invite": w.invite, "participant_id": "participant-b", "name": "x".repeat(40_000), "color": "#000000"});
    assert_eq!(w.participant_post("/api/join", huge).await.0, 413);
}

#[tokio::test]
async fn guessing_the_short_code_locks_the_address_out() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path(), "editor").await;
    for _ in 0..5 {
        let (status, e) = w
            .participant_post("/api/join/code", json!({"code": "ZZZ-ZZZ"}))
            .await;
        assert!(status == 403 || status == 429, "{e}");
    }
    let (status, e) = w
        .participant_post("/api/join/code", json!({"code": w.code}))
        .await;
    assert_eq!(status, 429, "even the right code waits out the lockout");
    assert_eq!(e["code"], "locked_out");
}

#[tokio::test]
async fn viewers_and_a_locked_map_cannot_write_and_roles_change_live() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path(), "viewer").await;
    let token = w.token_of("participant-v1", "Viewer").await;
    let mut v = w.socket(&token).await;
    let (write, access) = join_room(&mut v).await.unwrap();
    assert!(!write);
    assert_eq!(access["role"], "viewer");
    let update = card_update(&v.doc, "不应保存");
    assert_eq!(
        v.push(update.clone(), 1).await,
        UpdateStatusCode::PermissionDenied
    );

    // The facilitator makes them an editor: the host asks them to rejoin, and they can write.
    let (status, _) = w
        .facilitator(
            "PUT",
            "/api/workshop/participants/participant-v1/role",
            Some(json!({"role": "editor"})),
        )
        .await;
    assert_eq!(status, 200);
    match v.recv().await {
        ProtocolMessage::RoomError { .. } => {}
        other => panic!("expected a rejoin request, got {other:?}"),
    }
    let (write, _) = join_room(&mut v).await.unwrap();
    assert!(write);
    assert_eq!(v.push(update, 2).await, UpdateStatusCode::Ok);

    // Locked: read-only for everyone but the facilitator. An edit already on its way when the
    // lock comes (typed before the page learnt of it) is kept; after a moment, nothing is.
    let (status, s) = w
        .facilitator("PATCH", "/api/workshop", Some(json!({"locked": true})))
        .await;
    assert_eq!((status, &s["locked"]), (200, &json!(true)));
    let in_flight = card_update(&v.doc, "锁定前输入的");
    assert_eq!(v.push(in_flight, 3).await, UpdateStatusCode::Ok);
    tokio::time::sleep(wayline_host::LOCK_GRACE + std::time::Duration::from_millis(200)).await;
    let locked = card_update(&v.doc, "锁定时");
    assert_eq!(v.push(locked, 5).await, UpdateStatusCode::PermissionDenied);
    let mut f = SyncClient::connect(&w.host, &w.map_id).await;
    let by_facilitator = card_update(&f.doc, "主持人在锁定时");
    assert_eq!(f.push(by_facilitator, 4).await, UpdateStatusCode::Ok);
}

#[tokio::test]
async fn a_revoked_participant_is_cut_off_and_an_ended_workshop_closes() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path(), "editor").await;
    let t1 = w.token_of("participant-r1", "Revoked").await;
    let t2 = w.token_of("participant-s2", "Stays").await;
    let mut r = w.socket(&t1).await;
    join_room(&mut r).await.unwrap();
    let mut s = w.socket(&t2).await;
    join_room(&mut s).await.unwrap();

    let (status, st) = w
        .facilitator(
            "POST",
            "/api/workshop/participants/participant-r1/revoke",
            None,
        )
        .await;
    assert_eq!(status, 200, "{st}");
    expect_evicted(&mut r, "revoked").await;
    assert_eq!(
        SyncClient::open(&w.ws_url(&t1), &w.map_id, MapDoc::new())
            .await
            .err(),
        Some(403)
    );
    assert_eq!(w.join_as("participant-r1", "Again").await.0, 403);
    let update = card_update(&s.doc, "还在");
    assert_eq!(s.push(update, 1).await, UpdateStatusCode::Ok);

    let (status, _) = w.facilitator("DELETE", "/api/workshop", None).await;
    assert_eq!(status, 200);
    expect_evicted(&mut s, "workshop_ended").await;
    // Every token and the invitation stop working; the room's address is not served any more.
    assert!(TcpStream::connect(&w.room).await.is_err());
    let (status, now) = w.facilitator("GET", "/api/workshop", None).await;
    assert_eq!((status, now), (200, Value::Null));
}

#[tokio::test]
async fn trashed_maps_cannot_be_joined_or_written() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path(), "editor").await;
    let token = w.token_of("participant-t1", "T").await;
    let mut p = w.socket(&token).await;
    join_room(&mut p).await.unwrap();
    let (status, _) = w
        .facilitator("DELETE", &format!("/api/maps/{}", w.map_id), None)
        .await;
    assert_eq!(status, 200);
    match p.recv().await {
        ProtocolMessage::RoomError { .. } => {}
        other => panic!("expected an eviction, got {other:?}"),
    }
    let update = card_update(&p.doc, "进了回收站");
    assert_ne!(p.push(update, 1).await, UpdateStatusCode::Ok);
    let mut f = SyncClient::open(
        &format!(
            "ws://127.0.0.1:{}/ws?token={}",
            w.host.port(),
            w.host.token()
        ),
        &w.map_id,
        MapDoc::new(),
    )
    .await
    .unwrap();
    assert!(join_room(&mut f).await.is_err());
}

#[tokio::test]
async fn hostile_messages_are_refused_without_harm() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path(), "editor").await;
    let token = w.token_of("participant-h1", "Hostile").await;
    let mut p = w.socket(&token).await;
    join_room(&mut p).await.unwrap();

    // Fragment flood: only a few assemblies may be open; a declared 1 TB is refused unread.
    for i in 0..4u8 {
        p.send(&ProtocolMessage::DocUpdateFragmentHeader {
            crdt: CrdtType::Loro,
            room_id: w.map_id.clone(),
            batch_id: batch(100 + i),
            fragment_count: 2,
            total_size_bytes: 1000,
        })
        .await;
    }
    for (id, size) in [(110u8, 1000u64), (111, 1 << 40)] {
        p.send(&ProtocolMessage::DocUpdateFragmentHeader {
            crdt: CrdtType::Loro,
            room_id: w.map_id.clone(),
            batch_id: batch(id),
            fragment_count: 2,
            total_size_bytes: size,
        })
        .await;
        match p.recv().await {
            ProtocolMessage::Ack { ref_id, status, .. } => {
                assert_eq!(ref_id, batch(id));
                assert_ne!(status, UpdateStatusCode::Ok);
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    // Garbage as an update: refused, and the map is untouched.
    assert_eq!(
        p.push(vec![7; 300], 5).await,
        UpdateStatusCode::InvalidUpdate
    );
    let fine = card_update(&p.doc, "之后仍然可以");
    assert_eq!(p.push(fine, 6).await, UpdateStatusCode::Ok);

    // An update that needs history the host never saw is refused without a reload.
    let elsewhere = MapDoc::load(Some(&p.doc.export_snapshot().unwrap()), &[]).unwrap();
    let _never_sent = card_update(&elsewhere, "a");
    let second = card_update(&elsewhere, "b");
    assert_eq!(p.push(second, 7).await, UpdateStatusCode::InvalidUpdate);

    // A message over the size limit closes the socket.
    assert!(p.send_raw(vec![0; 400 * 1024]).await);
    let mut closed = false;
    for _ in 0..10 {
        if p.recv_or_closed().await.is_none() {
            closed = true;
            break;
        }
    }
    assert!(closed);
}

#[tokio::test]
async fn presence_is_shared_only_under_ones_own_key_and_removed_on_leave() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path(), "viewer").await;
    let ta = w.token_of("participant-pa", "Ann").await;
    let tb = w.token_of("participant-pb", "Bo").await;
    let mut a = w.socket(&ta).await;
    let mut b = w.socket(&tb).await;
    for c in [&mut a, &mut b] {
        join_presence(c).await;
    }
    let store = EphemeralStore::new(15_000);
    store.set("participant-pa", "Ann 在看 认知 阶段");
    send_presence(&mut a, store.encode("participant-pa"), 1).await;
    let seen = EphemeralStore::new(15_000);
    match b.recv().await {
        ProtocolMessage::DocUpdate { crdt, updates, .. } => {
            assert_eq!(crdt, CrdtType::LoroEphemeralStore);
            seen.apply(&updates[0]).unwrap();
        }
        other => panic!("expected presence, got {other:?}"),
    }
    assert!(seen.get("participant-pa").is_some());

    // Ann cannot speak for Bo: nothing reaches Bo.
    store.set("participant-pb", "forged");
    send_presence(&mut a, store.encode("participant-pb"), 2).await;
    // Ann leaves: Bo is told her presence is gone (and the forged entry never arrived). Presence
    // is last-write-wins by millisecond timestamp: a deletion stamped in the same millisecond as
    // Ann's entry would be ignored, so she leaves a little later, as a person does.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    drop(a);
    match b.recv().await {
        ProtocolMessage::DocUpdate { updates, .. } => seen.apply(&updates[0]).unwrap(),
        other => panic!("expected presence removal, got {other:?}"),
    }
    assert!(seen.get("participant-pa").is_none());
    assert!(seen.get("participant-pb").is_none());
}

/// Whether the facilitator's participant list shows `pid` as connected.
async fn shown_online(w: &Workshop, pid: &str) -> bool {
    let (status, now) = w.facilitator("GET", "/api/workshop", None).await;
    assert_eq!(status, 200, "{now}");
    let list = now["participants"].as_array().unwrap();
    let entry = list.iter().find(|p| p["id"] == pid).unwrap();
    entry["online"].as_bool().unwrap()
}

/// Polls the facilitator's list until `pid` shows `online`; the deadline only ends a hang.
async fn until_shown(w: &Workshop, pid: &str, online: bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while shown_online(w, pid).await != online {
        assert!(
            std::time::Instant::now() < deadline,
            "{pid} never showed online = {online}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_participant_whose_connections_drop_without_a_goodbye_is_shown_offline() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path(), "editor").await;
    let token = w.token_of("participant-wifi", "王小明").await;
    assert!(!shown_online(&w, "participant-wifi").await);

    // Two tabs of the same person: one going away keeps the person online.
    let mut laptop = w.socket(&token).await;
    let mut phone = w.socket(&token).await;
    for c in [&mut laptop, &mut phone] {
        let (writable, _) = join_room(c).await.unwrap();
        assert!(writable);
    }
    until_shown(&w, "participant-wifi", true).await;

    // Wi-Fi drops: the streams end with no close frame; the host notices at its next read.
    drop(laptop);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert!(shown_online(&w, "participant-wifi").await);
    drop(phone);
    until_shown(&w, "participant-wifi", false).await;

    // Back on the network with the same token: online again, and editing still works.
    let mut again = w.socket(&token).await;
    join_room(&mut again).await.unwrap();
    until_shown(&w, "participant-wifi", true).await;
    let update = card_update(&again.doc, "断线后回来");
    assert_eq!(again.push(update, 1).await, UpdateStatusCode::Ok);
}
