//! Saved versions over HTTP: a version saved in the map (as the UI saves it, over the sync
//! socket) is compared with now and with another version, and restored as a new map; the sample
//! map brings one.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use loro_protocol::UpdateStatusCode;
use wayline_model::NewCard;

#[tokio::test]
async fn a_saved_version_is_compared_and_restored_as_a_new_map() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let (_, project) = api(&host, "POST", "/api/projects", Some(r#"{"name":"版本"}"#)).await;
    let pid = project["id"].as_str().unwrap().to_owned();
    let body = r#"{"template":"lifecycle","locale":"zh-TW","title":"網店旅程"}"#;
    let (_, map) = api(
        &host,
        "POST",
        &format!("/api/projects/{pid}/maps"),
        Some(body),
    )
    .await;
    let mid = map["id"].as_str().unwrap().to_owned();

    // The template's own version: opportunities came after it, and the NPS moved 31 → 34.
    let mut window = SyncClient::connect(&host, &mid).await;
    let sample = window.doc.view().versions;
    assert_eq!(sample.len(), 1);
    let (status, changes) = api(
        &host,
        "GET",
        &format!("/api/maps/{mid}/changes?from={}", sample[0].id),
        None,
    )
    .await;
    assert_eq!(status, 200, "{changes}");
    assert_eq!(changes["cards_added"].as_array().unwrap().len(), 3);
    let nps = changes["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "nps")
        .unwrap();
    assert_eq!(
        (
            nps["current_before"].as_f64(),
            nps["current_after"].as_f64()
        ),
        (Some(31.0), Some(34.0))
    );

    // A participant's window saves a version, then adds a card.
    let mut saved = String::new();
    let status = window
        .edit(1, |doc| {
            saved = doc.save_version("第二次工作坊", "林", 1, false).unwrap();
        })
        .await;
    assert_eq!(status, UpdateStatusCode::Ok);
    let view = window.doc.view();
    let (stage, lane) = (view.stages[0].id.clone(), view.lanes[0].id.clone());
    window
        .edit(2, |doc| {
            doc.add_card(NewCard {
                stage: &stage,
                lane: &lane,
                text: "新的痛點 𠮷",
                color: "pink",
                author: "林",
                ..Default::default()
            })
            .unwrap();
        })
        .await;
    let (_, changes) = api(
        &host,
        "GET",
        &format!("/api/maps/{mid}/changes?from={saved}"),
        None,
    )
    .await;
    let added = changes["cards_added"].as_array().unwrap();
    assert_eq!(added.len(), 1);
    assert_eq!(added[0]["text"], "新的痛點 𠮷");
    // Between the two versions: what the sample changed after its own version is not in it.
    let (_, between) = api(
        &host,
        "GET",
        &format!("/api/maps/{mid}/changes?from={}&to={saved}", sample[0].id),
        None,
    )
    .await;
    assert_eq!(between["cards_added"].as_array().unwrap().len(), 3);

    // Restored as a new map of the same project, titled after the version, without the new card.
    let (status, restored) = api(
        &host,
        "POST",
        &format!("/api/maps/{mid}/versions/{saved}/restore"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{restored}");
    assert_eq!(restored["title"], "網店旅程（第二次工作坊）");
    assert_eq!(restored["project_id"], pid.as_str());
    assert_eq!(restored["card_count"].as_u64(), Some(19));
    assert_ne!(restored["id"], mid.as_str());

    // An unknown version is named, not a server error.
    let (status, err) = api(
        &host,
        "GET",
        &format!("/api/maps/{mid}/changes?from=nope"),
        None,
    )
    .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (404, Some("not_found")),
        "{err}"
    );
    let (status, _) = api(
        &host,
        "POST",
        &format!("/api/maps/{mid}/versions/nope/restore"),
        None,
    )
    .await;
    assert_eq!(status, 404);
    host.shutdown().await;
}
