//! A tab reopening a map fetches it while its script starts (`GET /api/maps/{id}/snapshot`: the
//! snapshot's length, the snapshot, the cards as JSON) and then joins holding it: the snapshot is
//! the map as the host has it (Chinese text and all), the JSON its cards map as Loro gives it, the
//! join brings only what changed since, and the route answers only the facilitator's token and
//! only for maps that are not in the trash.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use loro_protocol::UpdateStatusCode;
use wayline_host::RunningHost;
use wayline_model::MapDoc;

/// Splits the answer's body into the snapshot and the cards JSON.
fn parts(body: &[u8]) -> (&[u8], serde_json::Value) {
    let length = u32::from_le_bytes(body[..4].try_into().unwrap()) as usize;
    let snapshot = &body[4..4 + length];
    (
        snapshot,
        serde_json::from_slice(&body[4 + length..]).unwrap(),
    )
}

/// The snapshot of map `mid`: (status, head, body).
async fn snapshot(host: &RunningHost, mid: &str, token: &str) -> (u16, String, Vec<u8>) {
    let auth = format!("Authorization: Bearer {token}");
    let path = format!("/api/maps/{mid}/snapshot");
    let (status, answer) = http_bytes(
        host.port(),
        request("GET", &path, host.port(), &[&auth], None),
    )
    .await;
    let (head, body) = split_head(&answer);
    (status, head, body.to_vec())
}

#[tokio::test]
async fn the_snapshot_is_the_map_and_the_join_after_it_brings_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let (_, mid) = project_with_map(&host, "zh-TW").await;
    let mut ana = SyncClient::connect(&host, &mid).await;
    let first = "顧客等太久 waited too long";
    assert_eq!(
        ana.edit(1, |doc| {
            add_card(doc, first);
        })
        .await,
        UpdateStatusCode::Ok
    );

    let (status, head, body) = snapshot(&host, &mid, host.token()).await;
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("application/octet-stream"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("cache-control: no-store"),
        "{head}"
    );
    let (snapshot, cards) = parts(&body);
    let fetched = MapDoc::load(Some(snapshot), &[]).unwrap();
    assert_eq!(
        fetched.view(),
        ana.doc.view(),
        "the snapshot is the map as it is"
    );
    let expected = serde_json::to_value(
        ana.doc
            .loro()
            .get_map(wayline_model::schema::CARDS)
            .get_deep_value(),
    )
    .unwrap();
    assert_eq!(cards, expected);
    let added = cards
        .as_object()
        .unwrap()
        .values()
        .find(|card| card["text"] == first)
        .expect("the new card, its text as a string");
    assert!(added["placement"]["stage"].is_string());
    assert_eq!(cards.as_object().unwrap().len(), fetched.view().cards.len());

    // An edit after the snapshot was taken: the join of the tab holding the snapshot brings it.
    let second = "退貨流程不清楚 returns unclear";
    assert_eq!(
        ana.edit(2, |doc| {
            add_card(doc, second);
        })
        .await,
        UpdateStatusCode::Ok
    );
    let tab = SyncClient::connect_with(&host, &mid, fetched).await;
    let texts: Vec<String> = tab.doc.view().cards.into_iter().map(|c| c.text).collect();
    assert!(texts.iter().any(|t| t == first) && texts.iter().any(|t| t == second));
    assert_eq!(tab.doc.view(), ana.doc.view());
    host.shutdown().await;
}

#[tokio::test]
async fn only_the_facilitator_gets_a_snapshot_and_only_of_a_live_map() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let (_, mid) = project_with_map(&host, "zh-CN").await;

    let (status, _, _) = snapshot(&host, &mid, "not-the-token").await;
    assert_eq!(status, 401);

    let (status, _, body) = snapshot(&host, "no-such-map", host.token()).await;
    assert_eq!(status, 404);
    let error: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(error["code"], "not_found", "{error}");

    let (status, _) = api(&host, "DELETE", &format!("/api/maps/{mid}"), None).await;
    assert_eq!(status, 200);
    let (status, _, _) = snapshot(&host, &mid, host.token()).await;
    assert_eq!(status, 404, "a map in the trash is not handed out");
    host.shutdown().await;
}
