//! A real WebSocket sync client and HTTP helpers for the host's tests.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use loro_protocol::{decode, encode, BatchId, CrdtType, ProtocolMessage, UpdateStatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use wayline_host::{HostConfig, RunningHost};
use wayline_model::MapDoc;

pub async fn start_host(dir: &std::path::Path) -> RunningHost {
    wayline_host::start(HostConfig {
        data_dir: dir.to_owned(),
        port: 0,
        any_port_if_taken: false,
        token: None,
    })
    .await
    .unwrap()
}

/// A raw HTTP/1.1 request, so tests control every header.
pub async fn http(port: u16, request: impl AsRef<[u8]>) -> (u16, String) {
    http_to(&format!("127.0.0.1:{port}"), request).await
}

/// The same, to any loopback address (the workshop listener on 127.0.0.2).
pub async fn http_to(addr: &str, request: impl AsRef<[u8]>) -> (u16, String) {
    let (status, out) = http_bytes_to(addr, request).await;
    (status, String::from_utf8_lossy(&out).into_owned())
}

/// The whole answer as bytes (for one whose body is not text).
#[allow(dead_code)] // used by some test crates only
pub async fn http_bytes(port: u16, request: impl AsRef<[u8]>) -> (u16, Vec<u8>) {
    http_bytes_to(&format!("127.0.0.1:{port}"), request).await
}

async fn http_bytes_to(addr: &str, request: impl AsRef<[u8]>) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    // A host that refuses a large body answers before reading all of it and closes: the rest of
    // the write fails, and the answer is what counts.
    let _ = stream.write_all(request.as_ref()).await;
    let mut out = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&chunk[..n]),
        }
    }
    let status = String::from_utf8_lossy(&out[..out.len().min(16)])
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, out)
}

pub fn request(method: &str, path: &str, port: u16, extra: &[&str], body: Option<&str>) -> String {
    let mut r =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for h in extra {
        r.push_str(h);
        r.push_str("\r\n");
    }
    if let Some(b) = body {
        r.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            b.len()
        ));
        r.push_str("\r\n");
        r.push_str(b);
    } else {
        r.push_str("\r\n");
    }
    r
}

pub async fn api(
    host: &RunningHost,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> (u16, serde_json::Value) {
    let auth = format!("Authorization: Bearer {}", host.token());
    let (status, text) = http(
        host.port(),
        request(method, path, host.port(), &[&auth], body),
    )
    .await;
    let json = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b)
        .and_then(|b| serde_json::from_str(b).ok())
        .unwrap_or(serde_json::Value::Null);
    (status, json)
}

/// Gathers the updates a host's messages carry, whole or in fragments (a large update).
#[derive(Default)]
pub struct Incoming {
    fragments: Vec<Vec<u8>>,
    expected: usize,
}

impl Incoming {
    /// The updates `msg` brings whole or completes; none for other messages or a fragment that
    /// is not the last.
    pub fn updates(&mut self, msg: ProtocolMessage) -> Vec<Vec<u8>> {
        match msg {
            ProtocolMessage::DocUpdate { updates, .. } => updates,
            ProtocolMessage::DocUpdateFragmentHeader { fragment_count, .. } => {
                self.expected = fragment_count as usize;
                self.fragments.clear();
                Vec::new()
            }
            ProtocolMessage::DocUpdateFragment { fragment, .. } => {
                self.fragments.push(fragment);
                if self.fragments.len() == self.expected {
                    vec![std::mem::take(&mut self.fragments).concat()]
                } else {
                    Vec::new()
                }
            }
            _ => Vec::new(),
        }
    }
}

pub struct SyncClient {
    pub ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    pub doc: MapDoc,
    pub room: String,
    /// Whether [`SyncClient::push`] applies the broadcasts that arrive before its
    /// acknowledgement. The host benchmark's participants only edit their own card, so they
    /// read and drop them: their CPU would otherwise be the host's on the same two cores.
    pub imports_broadcasts: bool,
}

pub fn batch(n: u8) -> BatchId {
    BatchId([n; 8])
}

impl SyncClient {
    pub async fn connect(host: &RunningHost, room: &str) -> SyncClient {
        Self::connect_with(host, room, MapDoc::new()).await
    }

    pub async fn connect_with(host: &RunningHost, room: &str, doc: MapDoc) -> SyncClient {
        let url = format!("ws://127.0.0.1:{}/ws?token={}", host.port(), host.token());
        let mut client = Self::open(&url, room, doc).await.unwrap();
        client.join().await;
        client
    }

    /// Opens a socket without joining; the upgrade's HTTP status when it is refused.
    #[allow(dead_code)] // Not every test binary uses it.
    pub async fn open(url: &str, room: &str, doc: MapDoc) -> Result<SyncClient, u16> {
        use tokio_tungstenite::tungstenite::Error;
        match tokio_tungstenite::connect_async(url).await {
            Ok((ws, _)) => Ok(SyncClient {
                ws,
                doc,
                room: room.to_owned(),
                imports_broadcasts: true,
            }),
            Err(Error::Http(resp)) => Err(resp.status().as_u16()),
            Err(e) => panic!("cannot connect to {url}: {e}"),
        }
    }

    /// The next message, or `None` when the host closed the socket.
    #[allow(dead_code)]
    pub async fn recv_or_closed(&mut self) -> Option<ProtocolMessage> {
        loop {
            let msg = tokio::time::timeout(Duration::from_secs(5), self.ws.next())
                .await
                .expect("no message within 5 s");
            match msg {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return None,
                Some(Ok(Message::Binary(b))) => return Some(decode(&b).unwrap()),
                Some(Ok(_)) => {}
            }
        }
    }

    /// Sends raw bytes as one binary message (tests of hostile input).
    #[allow(dead_code)]
    pub async fn send_raw(&mut self, bytes: Vec<u8>) -> bool {
        self.ws.send(Message::Binary(bytes.into())).await.is_ok()
    }

    pub async fn send(&mut self, msg: &ProtocolMessage) {
        self.ws
            .send(Message::Binary(encode(msg).unwrap().into()))
            .await
            .unwrap();
    }

    pub async fn recv(&mut self) -> ProtocolMessage {
        loop {
            let msg = tokio::time::timeout(Duration::from_secs(5), self.ws.next())
                .await
                .expect("no message within 5 s")
                .unwrap()
                .unwrap();
            if let Message::Binary(b) = msg {
                return decode(&b).unwrap();
            }
        }
    }

    /// Joins, applies the backfill, and sends what the host lacks (acknowledged).
    pub async fn join(&mut self) {
        self.send(&ProtocolMessage::JoinRequest {
            crdt: CrdtType::Loro,
            room_id: self.room.clone(),
            auth: vec![],
            version: self.doc.version(),
        })
        .await;
        let host_version = match self.recv().await {
            ProtocolMessage::JoinResponseOk { version, .. } => version,
            other => panic!("expected JoinResponseOk, got {other:?}"),
        };
        let host_vv = loro::VersionVector::decode(&host_version).unwrap();
        let ours_vv = self.doc.loro().oplog_vv();
        if !ours_vv.includes_vv(&host_vv) {
            self.receive_update().await; // The host's backfill comes first.
        }
        if !host_vv.includes_vv(&ours_vv) {
            let ours = self.doc.export_since(&host_version).unwrap();
            assert_eq!(self.push(ours, 200).await, UpdateStatusCode::Ok);
        }
    }

    /// Sends one update as batch `id`, without waiting for anything.
    pub async fn send_update(&mut self, update: Vec<u8>, id: u8) {
        self.send(&ProtocolMessage::DocUpdate {
            crdt: CrdtType::Loro,
            room_id: self.room.clone(),
            updates: vec![update],
            batch_id: batch(id),
        })
        .await;
    }

    /// Sends one update and waits for its acknowledgement, applying broadcasts meanwhile.
    pub async fn push(&mut self, update: Vec<u8>, id: u8) -> UpdateStatusCode {
        self.send_update(update, id).await;
        loop {
            match self.recv().await {
                ProtocolMessage::Ack { ref_id, status, .. } if ref_id == batch(id) => {
                    return status
                }
                ProtocolMessage::DocUpdate { updates, .. } if self.imports_broadcasts => {
                    for u in updates {
                        self.doc.import(&u).unwrap();
                    }
                }
                _ => {}
            }
        }
    }

    /// Pushes an update the host lacks history for: the next message must be the host's rejoin
    /// suggestion, and the one after it the update's answer, whose status is returned.
    #[allow(dead_code)] // Not every test binary uses it.
    pub async fn push_after_rejoin(&mut self, update: Vec<u8>, id: u8) -> UpdateStatusCode {
        self.send_update(update, id).await;
        match self.recv().await {
            ProtocolMessage::RoomError { .. } => {}
            other => panic!("expected a rejoin suggestion first, got {other:?}"),
        }
        match self.recv().await {
            ProtocolMessage::Ack { ref_id, status, .. } if ref_id == batch(id) => status,
            other => panic!("expected the update's answer, got {other:?}"),
        }
    }

    /// Makes a local edit and pushes it.
    #[allow(dead_code)] // Not every test binary uses it.
    pub async fn edit(&mut self, id: u8, f: impl FnOnce(&MapDoc)) -> UpdateStatusCode {
        let before = self.doc.version();
        f(&self.doc);
        let update = self.doc.export_since(&before).unwrap();
        self.push(update, id).await
    }

    /// Receives one update (whole, or in fragments when it is large) and applies it.
    pub async fn receive_update(&mut self) {
        let mut incoming = Incoming::default();
        loop {
            let msg = self.recv().await;
            let updates = incoming.updates(msg);
            if !updates.is_empty() {
                for u in updates {
                    self.doc.import(&u).unwrap();
                }
                return;
            }
        }
    }
}

/// A project with one lifecycle map in `locale`: (project id, map id).
#[allow(dead_code)] // Not every test binary uses it.
pub async fn project_with_map(host: &RunningHost, locale: &str) -> (String, String) {
    let (status, project) = api(host, "POST", "/api/projects", Some(r#"{"name":"工作坊"}"#)).await;
    assert_eq!(status, 200, "{project}");
    let pid = project["id"].as_str().unwrap().to_owned();
    let body = format!(r#"{{"template":"lifecycle","locale":"{locale}","title":null}}"#);
    let (status, map) = api(
        host,
        "POST",
        &format!("/api/projects/{pid}/maps"),
        Some(&body),
    )
    .await;
    assert_eq!(status, 200, "{map}");
    (pid, map["id"].as_str().unwrap().to_owned())
}

/// Adds a card with `text` to the map's first cell; returns its id.
#[allow(dead_code)] // Not every test binary uses it.
pub fn add_card(doc: &wayline_model::MapDoc, text: &str) -> String {
    let view = doc.view();
    doc.add_card(wayline_model::NewCard {
        stage: &view.stages[0].id,
        lane: &view.lanes[0].id,
        text,
        color: "yellow",
        author: "T",
        ..Default::default()
    })
    .unwrap()
}

/// A gzip body inflated.
#[allow(dead_code)] // used by some test crates only
pub fn inflate(gzip: &[u8]) -> Vec<u8> {
    let mut inflated = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(gzip), &mut inflated).unwrap();
    inflated
}

/// The header (lower-cased) and the body of a whole HTTP/1.1 answer without chunked encoding.
#[allow(dead_code)] // used by some test crates only
pub fn split_head(answer: &[u8]) -> (String, &[u8]) {
    let end = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    (
        String::from_utf8_lossy(&answer[..end]).to_lowercase(),
        &answer[end + 4..],
    )
}
