//! Every HTTP error of the API is JSON `{code, message}` with a fitting status, also the ones
//! produced before a handler runs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

// Only the raw-HTTP helpers are used here.
#[allow(dead_code)]
mod common;

use common::*;

fn body_json(text: &str) -> serde_json::Value {
    text.split_once("\r\n\r\n")
        .and_then(|(_, b)| serde_json::from_str(b).ok())
        .unwrap_or(serde_json::Value::Null)
}

#[tokio::test]
async fn errors_are_json_with_a_code_and_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let host = start_host(dir.path()).await;
    let port = host.port();
    let auth = format!("Authorization: Bearer {}", host.token());

    // An unknown API route is a 404, not the UI's page.
    let (status, json) = api(&host, "GET", "/api/no/such/thing", None).await;
    assert_eq!(status, 404);
    assert_eq!(json["code"], "not_found", "{json}");

    // A wrong method.
    let (status, text) = http(
        port,
        request("DELETE", "/api/projects", port, &[&auth], None),
    )
    .await;
    assert_eq!(status, 405, "{text}");
    let json = body_json(&text);
    assert_eq!(json["code"], "method_not_allowed", "{json}");
    assert!(text.to_lowercase().contains("allow:"), "{text}");

    // A malformed query string.
    let (status, json) = api(&host, "GET", "/api/maps/x/export?paper=a4", None).await;
    assert_eq!(status, 400, "{json}");
    assert_eq!(json["code"], "bad_request", "{json}");
    assert!(!json["message"].as_str().unwrap_or("").is_empty());

    // A malformed JSON body.
    let (status, json) = api(&host, "POST", "/api/projects", Some("{not json")).await;
    assert_eq!(status, 400, "{json}");
    assert_eq!(json["code"], "bad_request");

    // A persona picture just over the limit gets the store's own message; a far larger body is
    // cut off before it is read, still as JSON.
    let (_, project) = api(&host, "POST", "/api/projects", Some(r#"{"name":"圖片"}"#)).await;
    let pid = project["id"].as_str().unwrap();
    let (_, persona) = api(
        &host,
        "POST",
        &format!("/api/projects/{pid}/personas"),
        Some(r#"{"name":"王芳","role":"","age":"","goals":"","frustrations":"","quote":"","needs":""}"#),
    )
    .await;
    let persona_id = persona["id"].as_str().unwrap_or("missing");
    for (size, code) in [
        (2 * 1024 * 1024 + 10, "invalid_input"),
        (8 * 1024 * 1024, "too_large"),
    ] {
        let picture = "x".repeat(size);
        let (status, text) = http(
            port,
            request(
                "PUT",
                &format!("/api/personas/{persona_id}/picture"),
                port,
                &[&auth],
                Some(&picture),
            ),
        )
        .await;
        let json = body_json(&text);
        assert!(status == 413 || status == 422, "{status} {json}");
        assert_eq!(json["code"], code, "{size}: {json}");
    }
    host.shutdown().await;
}
