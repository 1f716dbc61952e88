//! The workshop is announced on the local network and found by "Join workshop", without any
//! token in the announcement. Multicast needs a network of the test's own: `make test` runs this
//! inside a fresh network namespace whose loopback carries multicast (scripts/test.sh), so
//! nothing leaves the machine. Outside such a namespace it is skipped (`--ignored` runs it).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)] // The shared helpers serve several test files.
mod common;

use common::*;

#[tokio::test]
#[ignore = "needs multicast on loopback: run inside the namespace scripts/test.sh makes"]
async fn a_hosted_workshop_is_announced_and_found_without_its_token() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let (_, project) = api(&host, "POST", "/api/projects", Some(r#"{"name":"门店"}"#)).await;
    let pid = project["id"].as_str().unwrap();
    let body = r#"{"template":"lifecycle","locale":"zh-TW","title":"門市工作坊"}"#;
    let (_, map) = api(
        &host,
        "POST",
        &format!("/api/projects/{pid}/maps"),
        Some(body),
    )
    .await;
    let map_id = map["id"].as_str().unwrap();
    let start = format!(r#"{{"map_id":"{map_id}","address":"127.0.0.2","default_role":"editor"}}"#);
    let (status, w) = api(&host, "POST", "/api/workshop", Some(&start)).await;
    assert_eq!(status, 200, "{w}");
    let invite = w["join_url"]
        .as_str()
        .unwrap()
        .rsplit('=')
        .next()
        .unwrap()
        .to_owned();

    let mut found = serde_json::Value::Null;
    for _ in 0..5 {
        let (status, list) = api(&host, "GET", "/api/network/workshops", None).await;
        assert_eq!(status, 200);
        if list.as_array().is_some_and(|l| !l.is_empty()) {
            found = list;
            break;
        }
    }
    let text = found.to_string();
    assert!(found[0]["name"] == "門市工作坊", "{text}");
    assert_eq!(found[0]["port"], w["port"]);
    assert_eq!(found[0]["address"], "127.0.0.2");
    assert!(!text.contains(&invite) && !text.contains(host.token()));
}
