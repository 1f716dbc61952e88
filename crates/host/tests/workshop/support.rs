//! What the workshop tests share: the participants' loopback address, raw HTTP to either
//! listener, starting a workshop on a fresh host, joining a room or its presence, sending presence
//! and waiting for an eviction.

use loro_protocol::{CrdtType, ProtocolMessage};
use serde_json::{json, Value};
use wayline_host::RunningHost;
use wayline_model::{MapDoc, NewCard};

use crate::common::*;

/// The participants' side listens here (a loopback address other than the facilitator's).
pub const ROOM_IP: &str = "127.0.0.2";

pub async fn http_at(addr: &str, request: String) -> (u16, Value) {
    let (status, text) = http_to(addr, request).await;
    let body = text
        .split_once("\r\n\r\n")
        .and_then(|(_, b)| serde_json::from_str(b).ok())
        .unwrap_or(Value::Null);
    (status, body)
}

pub fn req(
    method: &str,
    path: &str,
    host: &str,
    headers: &[String],
    body: Option<&Value>,
) -> String {
    let mut r = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for h in headers {
        r.push_str(h);
        r.push_str("\r\n");
    }
    match body {
        Some(b) => {
            let b = b.to_string();
            r.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{b}",
                b.len()
            ));
        }
        None => r.push_str("\r\n"),
    }
    r
}

pub struct Workshop {
    pub host: RunningHost,
    pub map_id: String,
    /// `127.0.0.2:PORT`
    pub room: String,
    pub invite: String,
    pub code: String,
}

/// A zh-CN lifecycle map in a new project: its id.
pub async fn new_map(host: &RunningHost) -> String {
    project_with_map(host, "zh-CN").await.1
}

pub async fn start_workshop(host: RunningHost, map_id: String, role: &str) -> Workshop {
    let body = json!({"map_id": map_id, "address": ROOM_IP, "default_role": role}).to_string();
    let (status, w) = api(&host, "POST", "/api/workshop", Some(&body)).await;
    assert_eq!(status, 200, "{w}");
    let room = format!("{}:{}", w["address"].as_str().unwrap(), w["port"]);
    let join_url = w["join_url"].as_str().unwrap();
    assert!(join_url.starts_with(&format!("http://{room}/#invite=")));
    assert!(
        !join_url.contains(host.token()),
        "the launch token never leaves"
    );
    assert!(w["qr_svg"].as_str().unwrap().contains("<svg"));
    let invite = join_url.rsplit('=').next().unwrap().to_owned();
    assert!(invite.len() >= 32, "at least 128 bits");
    Workshop {
        code: w["short_code"].as_str().unwrap().to_owned(),
        host,
        map_id,
        room,
        invite,
    }
}

pub async fn workshop(dir: &std::path::Path, role: &str) -> Workshop {
    let host = start_host(dir).await;
    let map_id = new_map(&host).await;
    start_workshop(host, map_id, role).await
}

impl Workshop {
    pub async fn participant_post(&self, path: &str, body: Value) -> (u16, Value) {
        http_at(&self.room, req("POST", path, &self.room, &[], Some(&body))).await
    }

    pub async fn join_as(&self, pid: &str, name: &str) -> (u16, Value) {
        let body =
            json!({"invite": self.invite, "participant_id": pid, "name": name, "color": "#2f6fde"});
        self.participant_post("/api/join", body).await
    }

    pub async fn token_of(&self, pid: &str, name: &str) -> String {
        let (status, s) = self.join_as(pid, name).await;
        assert_eq!(status, 200, "{s}");
        s["participant_token"].as_str().unwrap().to_owned()
    }

    pub fn ws_url(&self, token: &str) -> String {
        format!("ws://{}/ws?token={token}", self.room)
    }

    pub async fn socket(&self, token: &str) -> SyncClient {
        SyncClient::open(&self.ws_url(token), &self.map_id, MapDoc::new())
            .await
            .unwrap()
    }

    pub async fn facilitator(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let b = body.map(|b| b.to_string());
        api(&self.host, method, path, b.as_deref()).await
    }
}

/// Joins the map room; returns the join answer's permission and access description.
pub async fn join_room(c: &mut SyncClient) -> Result<(bool, Value), String> {
    c.send(&ProtocolMessage::JoinRequest {
        crdt: CrdtType::Loro,
        room_id: c.room.clone(),
        auth: vec![],
        version: c.doc.version(),
    })
    .await;
    loop {
        match c.recv().await {
            ProtocolMessage::JoinResponseOk {
                permission, extra, ..
            } => {
                let access: Value = serde_json::from_slice(&extra.unwrap_or_default()).unwrap();
                c.receive_update().await; // the map's content
                return Ok((permission == loro_protocol::Permission::Write, access));
            }
            ProtocolMessage::JoinError { message, .. } => return Err(message),
            _ => {}
        }
    }
}

/// Joins the map's presence room (`%EPH`) and waits for the host's yes.
pub async fn join_presence(c: &mut SyncClient) {
    c.send(&ProtocolMessage::JoinRequest {
        crdt: CrdtType::LoroEphemeralStore,
        room_id: c.room.clone(),
        auth: vec![],
        version: vec![],
    })
    .await;
    assert!(matches!(
        c.recv().await,
        ProtocolMessage::JoinResponseOk { .. }
    ));
}

/// Sends one encoded presence update to the map's presence room.
pub async fn send_presence(c: &mut SyncClient, update: Vec<u8>, n: u8) {
    c.send(&ProtocolMessage::DocUpdate {
        crdt: CrdtType::LoroEphemeralStore,
        room_id: c.room.clone(),
        updates: vec![update],
        batch_id: batch(n),
    })
    .await;
}

/// The host says why (`RoomError(evicted)` with the error code), then closes the socket at once.
pub async fn expect_evicted(c: &mut SyncClient, reason: &str) {
    match c.recv_or_closed().await {
        Some(ProtocolMessage::RoomError { code, message, .. }) => {
            assert_eq!(code, loro_protocol::RoomErrorCode::Evicted);
            assert_eq!(message, reason);
        }
        other => panic!("expected an eviction, got {other:?}"),
    }
    assert!(c.recv_or_closed().await.is_none(), "the socket closes");
}

pub fn card_update(doc: &MapDoc, text: &str) -> Vec<u8> {
    let before = doc.version();
    let view = doc.view();
    doc.add_card(NewCard {
        stage: &view.stages[0].id,
        lane: &view.lanes[0].id,
        text,
        color: "yellow",
        author: "P",
        ..Default::default()
    })
    .unwrap();
    doc.export_since(&before).unwrap()
}
