//! A flood of connections that send nothing, against `wayline serve` started with few open
//! files allowed (`prlimit`, so it cannot raise its own limit): one device gets its share of
//! the workshop's connections and a clear refusal past it, everyone together is held to the
//! listener's bound, and meanwhile another participant joins, the facilitator's page answers and
//! the host writes to its database; once the flood lets go, its device gets in again. Before
//! these bounds, ~1,100 such connections left the host with no open file for anyone.
//!
//! All traffic stays on loopback addresses: 127.0.0.1 (facilitator), 127.0.0.2 (the workshop's
//! listener), 127.0.0.10 and up (the flooding devices).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/mod.rs"]
mod support;

use std::io::{ErrorKind, Read};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use support::{spawn_host_with, wait_listening, ROOM_IP};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// The open files the host process may have.
const OPEN_FILES: u64 = 700;

async fn connect_from(from: &str, to: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket
        .bind(SocketAddr::new(from.parse().unwrap(), 0))
        .unwrap();
    socket.connect(to).await.unwrap()
}

/// One HTTP exchange from `from`; the status and the body.
async fn http_from(from: &str, to: SocketAddr, head: &str, body: &str) -> (u16, String) {
    let mut stream = connect_from(from, to).await;
    let request = format!(
        "{head}\r\nHost: {to}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    // A refused connection may be closed before the request is written; its answer is there.
    let _ = stream.write_all(request.as_bytes()).await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP answer: {answer:?}"));
    let body = answer.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    (status, body.to_owned())
}

/// The connections a flood made and kept, and how many the host turned away (each with its
/// 503 and code).
struct Flood {
    held: Vec<std::net::TcpStream>,
    refused: usize,
}

/// Opens `count` connections from each address in `from` and sends nothing on them. A last,
/// whole request from `probe` is answered only after the host has taken (or turned away) every
/// connection before it, so a flooding connection with no answer by then is one the host holds.
async fn flood(from: &[String], count: usize, to: SocketAddr, probe: &str) -> Flood {
    let mut streams = Vec::new();
    for address in from {
        for _ in 0..count {
            streams.push(connect_from(address, to).await.into_std().unwrap());
        }
    }
    http_from(probe, to, "GET /api/join/ping HTTP/1.1", "").await;
    // Loopback delivers as it sends, but a loaded kernel may hand delivery to another thread:
    // a moment for any answer still on its way.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut held = Vec::new();
    let mut refused = 0;
    for mut stream in streams {
        let mut answer = [0u8; 1024];
        match stream.read(&mut answer) {
            Err(e) if e.kind() == ErrorKind::WouldBlock => held.push(stream),
            Ok(n) => {
                let answer = String::from_utf8_lossy(&answer[..n]);
                assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
                assert!(answer.contains("too_many_connections"), "{answer}");
                refused += 1;
            }
            Err(e) => panic!("a flooding connection failed: {e}"),
        }
    }
    Flood { held, refused }
}

/// The address of a URL the host printed (`http://127.0.0.2:PORT/…`).
fn address_in(url: &str) -> SocketAddr {
    let authority = url.trim_start_matches("http://").split('/').next();
    authority.and_then(|a| a.parse().ok()).unwrap()
}

fn addresses(first: u8, n: u8) -> Vec<String> {
    (first..first + n).map(|i| format!("127.0.0.{i}")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_connections_take_no_more_than_their_share_of_open_files() {
    let dir = tempfile::tempdir().unwrap();
    let host = spawn_host_with(dir.path(), 0, true, Some(OPEN_FILES));
    let facilitator = host.line_starting("http://127.0.0.1:");
    let join = host.line_starting(&format!("http://{ROOM_IP}:"));
    let local = address_in(&facilitator);
    let token = facilitator.rsplit("token=").next().unwrap().to_owned();
    let room = address_in(&join);
    let invite = join.rsplit("#invite=").next().unwrap().to_owned();
    wait_listening(&room.to_string()).await;
    let bounds = wayline_host::connection_budget(OPEN_FILES).workshop;
    let flooding = Instant::now();

    // One device opens far more connections than a browser does.
    let one_device = flood(
        &addresses(10, 1),
        bounds.per_address + 20,
        room,
        "127.0.0.3",
    )
    .await;
    assert_eq!(one_device.held.len(), bounds.per_address);
    assert_eq!(one_device.refused, 20);

    // Another participant joins meanwhile.
    let joining = serde_json::json!({"invite": invite, "participant_id": "participant-b",
        "name": "李华", "color": "#2f6fde"})
    .to_string();
    let (status, session) = http_from("127.0.0.4", room, "POST /api/join HTTP/1.1", &joining).await;
    assert_eq!(status, 200, "{session}");

    // Many devices together reach the listener's bound and no further.
    let devices = u8::try_from(bounds.total / bounds.per_address + 1).unwrap();
    let many = flood(
        &addresses(20, devices),
        bounds.per_address,
        room,
        "127.0.0.5",
    )
    .await;
    assert_eq!(one_device.held.len() + many.held.len(), bounds.total);
    assert!(many.refused > 0);
    // The counts above hold only while the host still keeps the first silent connections, which
    // it lets go after its header timeout (15 s).
    assert!(
        flooding.elapsed() < Duration::from_secs(12),
        "the floods took {:?}: too long for the counts to mean anything",
        flooding.elapsed()
    );

    // The facilitator's page still answers, and the host still writes to its database.
    let bearer = format!("Authorization: Bearer {token}");
    let (status, created) = http_from(
        "127.0.0.1",
        local,
        &format!("POST /api/projects HTTP/1.1\r\n{bearer}"),
        r#"{"name":"满员时的项目"}"#,
    )
    .await;
    assert_eq!(status, 200, "{created}");
    let (status, projects) = http_from(
        "127.0.0.1",
        local,
        &format!("GET /api/projects HTTP/1.1\r\n{bearer}"),
        "",
    )
    .await;
    assert_eq!(status, 200, "{projects}");
    assert!(projects.contains("满员时的项目"), "{projects}");

    // Once the flood lets go, its device gets in again.
    drop(one_device);
    drop(many);
    let deadline = Instant::now() + Duration::from_secs(20);
    let rejoining = joining.replace("participant-b", "participant-c");
    loop {
        let (status, answer) =
            http_from("127.0.0.10", room, "POST /api/join HTTP/1.1", &rejoining).await;
        if status == 200 {
            break;
        }
        assert_eq!(status, 503, "{answer}");
        assert!(
            Instant::now() < deadline,
            "the flood's places were never freed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let log = std::fs::read_dir(dir.path().join("logs"))
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect::<String>();
    assert!(log.contains("turning connections away"), "{log}");
    assert!(!log.contains("Too many open files"), "{log}");
    host.stop();
}
