//! Map previews (the left rail's thumbnails): drawn from the map, the same drawing when asked again
//! for the same version, the map as it now is once the kept drawing is no longer fresh.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use loro_protocol::UpdateStatusCode;
use wayline_host::RunningHost;

/// The preview of map `mid`, as the rail asks for it: (status, the whole answer).
async fn thumbnail(host: &RunningHost, mid: &str) -> (u16, String) {
    let auth = format!("Authorization: Bearer {}", host.token());
    let path = format!("/api/maps/{mid}/thumbnail.svg");
    http(
        host.port(),
        request("GET", &path, host.port(), &[&auth], None),
    )
    .await
}

#[tokio::test]
async fn a_thumbnail_is_drawn_from_the_map() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let (_, mid) = project_with_map(&host, "en").await;
    let (status, text) = thumbnail(&host, &mid).await;
    assert_eq!(status, 200);
    assert!(text.contains("image/svg+xml"));
    assert!(text.contains("<svg") && text.contains("</svg>"));
    host.shutdown().await;
}

#[tokio::test]
async fn a_thumbnail_asked_again_is_the_same_and_follows_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let (_, mid) = project_with_map(&host, "zh-CN").await;
    let (status, first) = thumbnail(&host, &mid).await;
    assert_eq!(status, 200);
    // Asked again for the same version (every tab's catalog refresh): the same drawing.
    assert_eq!(thumbnail(&host, &mid).await.1, first);

    // A participant adds a card: once the drawing is no longer fresh (5 s, THUMBNAIL_FRESH), the
    // next ask draws the map as it now is.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let mut ana = SyncClient::connect(&host, &mid).await;
    let cards_before = first.matches("<rect").count();
    assert_eq!(
        ana.edit(1, |doc| {
            add_card(doc, "客户等待太久 waited too long");
        })
        .await,
        UpdateStatusCode::Ok
    );
    tokio::time::sleep(std::time::Duration::from_millis(5_100)).await;
    let (status, after) = thumbnail(&host, &mid).await;
    assert_eq!(status, 200);
    assert!(
        after.matches("<rect").count() > cards_before,
        "the new card is drawn"
    );
    host.shutdown().await;
}
