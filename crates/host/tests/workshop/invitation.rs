//! The join page's invitation: the map's title, the colours worn on the map, and the colour the
//! host suggests to each person asking (held for their browser, so two people arriving at once
//! start on different colours).

use super::support::*;
use loro::awareness::EphemeralStore;
use serde_json::{json, Value};

#[tokio::test]
async fn a_links_invitation_names_the_map_and_the_colours_worn_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path(), "editor").await;
    let (status, inv) = w
        .participant_post("/api/join/invitation", json!({ "invite": w.invite }))
        .await;
    assert_eq!(status, 200, "{inv}");
    assert_eq!(inv["invite"], w.invite.as_str());
    assert!(!inv["map_title"].as_str().unwrap_or_default().is_empty());
    assert_eq!(inv["colors_in_use"], json!([]));

    // Ann is on the map, in purple.
    let token = w.token_of("participant-pa", "Ann").await;
    let mut a = w.socket(&token).await;
    join_presence(&mut a).await;
    let store = EphemeralStore::new(15_000);
    let purple = vec![("color".to_owned(), "#7B5EA7".into())];
    store.set("participant-pa", loro::LoroValue::Map(purple.into()));
    send_presence(&mut a, store.encode("participant-pa"), 1).await;
    let mut worn = Value::Null;
    for _ in 0..100 {
        let (_, inv) = w
            .participant_post("/api/join/invitation", json!({ "invite": w.invite }))
            .await;
        worn = inv["colors_in_use"].clone();
        if worn != json!([]) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(worn, json!(["#7b5ea7"]));

    // A wrong or missing invitation is told nothing.
    let wrong = json!({ "invite": "0".repeat(64) });
    assert_eq!(
        w.participant_post("/api/join/invitation", wrong).await.0,
        401
    );
    assert_eq!(
        w.participant_post("/api/join/invitation", json!({}))
            .await
            .0,
        400
    );
}

#[tokio::test]
async fn two_people_on_the_join_page_at_once_are_started_on_different_colours() {
    let dir = tempfile::tempdir().unwrap();
    let w = workshop(dir.path(), "editor").await;
    let ask = |pid: &'static str| {
        let body = json!({ "invite": w.invite, "participant_id": pid });
        let w = &w;
        async move {
            let (status, inv) = w.participant_post("/api/join/invitation", body).await;
            assert_eq!(status, 200, "{inv}");
            inv["suggested_color"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        }
    };
    // Both open the page before either joins: nobody wears anything yet.
    let ann = ask("browser-ann").await;
    let (status, by_code) = w
        .participant_post(
            "/api/join/code",
            json!({ "code": w.code, "participant_id": "browser-ben" }),
        )
        .await;
    assert_eq!(status, 200, "{by_code}");
    let ben = by_code["suggested_color"].as_str().unwrap_or_default();
    assert_eq!(ann, "#d32f2f");
    assert_eq!(ben, "#b45309");
    // Ann reloads the page: still hers.
    assert_eq!(ask("browser-ann").await, ann);

    // Ann joins in the colour she was offered; it is no longer held as an offer but counted as
    // hers, so a third person is started on the next one, and Ann coming back on hers.
    let join =
        json!({"invite": w.invite, "participant_id": "browser-ann", "name": "Ann", "color": ann});
    assert_eq!(w.participant_post("/api/join", join).await.0, 200);
    assert_eq!(ask("browser-cai").await, "#2e7d32");
    assert_eq!(ask("browser-ann").await, ann);

    // An ask without an id (or a malformed one) is answered, not held.
    let anonymous = json!({ "invite": w.invite, "participant_id": "x" });
    let (_, inv) = w.participant_post("/api/join/invitation", anonymous).await;
    assert_eq!(inv["suggested_color"], "#00838f");
    let (_, inv) = w
        .participant_post("/api/join/invitation", json!({ "invite": w.invite }))
        .await;
    assert_eq!(inv["suggested_color"], "#00838f");
}
