//! The accept loop on loopback addresses: a silent client is let go, one address gets its share
//! and a clear refusal past it, a WebSocket keeps its place until it closes, and stopping does
//! not wait for clients that send nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use axum::extract::ws::WebSocketUpgrade;
use axum::extract::ConnectInfo;
use axum::routing::get;
use axum::Router;
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::oneshot;

use super::gate::{ConnectionBounds, Gate};
use super::serve::{serve, Serving};

/// A bound on how long a test waits for what must happen, so that a defect fails the test
/// rather than hanging it; nothing is asserted about the time taken.
const HANG_GUARD: Duration = Duration::from_secs(20);

/// The stall timeout of the listeners under test: short, so a stall is seen quickly.
const STALL: Duration = Duration::from_millis(500);

/// A response far larger than the sockets' buffers, so a client that reads none of it stalls
/// the host's write.
const LARGE: usize = 64 * 1024 * 1024;

struct Served {
    addr: SocketAddr,
    gate: Gate,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn served(bounds: ConnectionBounds, header_read_timeout: Duration) -> Served {
    let app = Router::new()
        .route(
            "/",
            get(|ConnectInfo(peer): ConnectInfo<SocketAddr>| async move { peer.ip().to_string() }),
        )
        .route("/large", get(|| async { vec![b'x'; LARGE] }))
        .route(
            "/echo",
            axum::routing::post(|body: axum::body::Bytes| async move { body.len().to_string() }),
        )
        .route(
            "/ws",
            get(|ws: WebSocketUpgrade| async move {
                ws.on_upgrade(
                    |mut socket| async move { while let Some(Ok(_)) = socket.recv().await {} },
                )
            }),
        );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let gate = Gate::new(bounds);
    let mut serving = Serving::new(app, gate.clone());
    serving.header_read_timeout = header_read_timeout;
    serving.stall_timeout = STALL;
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve(listener, serving, async {
        let _ = stopped.await;
    }));
    Served {
        addr,
        gate,
        stop: Some(stop),
        task,
    }
}

async fn connect_from(from: &str, to: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket
        .bind(SocketAddr::new(from.parse().unwrap(), 0))
        .unwrap();
    socket.connect(to).await.unwrap()
}

/// Sends a whole GET and returns the whole answer (the request asks to close).
async fn get_root(stream: &mut TcpStream) -> String {
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: here\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    read_to_end(stream).await
}

async fn read_to_end(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    tokio::time::timeout(HANG_GUARD, stream.read_to_end(&mut answer))
        .await
        .expect("the host neither answered nor closed")
        .unwrap_or_default();
    String::from_utf8_lossy(&answer).into_owned()
}

/// Waits until the gate counts `open` connections from `from`.
async fn until_open(gate: &Gate, from: &str, open: usize) {
    let address: IpAddr = from.parse().unwrap();
    tokio::time::timeout(HANG_GUARD, async {
        while gate.open(address).1 != open {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .unwrap_or_else(|_| panic!("{from} never had {open} connections open"));
}

fn bounds(total: usize, per_address: usize) -> ConnectionBounds {
    ConnectionBounds { total, per_address }
}

#[tokio::test]
async fn a_request_is_served_with_the_address_it_came_from() {
    let s = served(bounds(8, 4), Duration::from_secs(15)).await;
    let mut stream = connect_from("127.0.0.5", s.addr).await;
    let answer = get_root(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("127.0.0.5"), "{answer}");
}

#[tokio::test]
async fn a_client_that_never_finishes_its_header_is_let_go() {
    let s = served(bounds(8, 4), Duration::from_millis(300)).await;
    let mut silent = connect_from("127.0.0.6", s.addr).await;
    silent.write_all(b"GET / HTTP/1.1\r\nHo").await.unwrap();
    // Closed by the host (hyper answers 408 first, or just closes).
    let answer = read_to_end(&mut silent).await;
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    until_open(&s.gate, "127.0.0.6", 0).await;
}

#[tokio::test]
async fn one_address_past_its_share_is_refused_and_others_still_get_in() {
    let s = served(bounds(8, 2), Duration::from_secs(15)).await;
    let _first = connect_from("127.0.0.7", s.addr).await;
    let _second = connect_from("127.0.0.7", s.addr).await;
    until_open(&s.gate, "127.0.0.7", 2).await;

    let mut third = connect_from("127.0.0.7", s.addr).await;
    let answer = read_to_end(&mut third).await;
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(
        answer.contains("\"code\":\"too_many_connections\""),
        "{answer}"
    );
    assert!(answer.contains("retry-after: 5"), "{answer}");

    let mut other = connect_from("127.0.0.8", s.addr).await;
    assert!(get_root(&mut other).await.starts_with("HTTP/1.1 200"));

    // A place freed is a place taken again.
    drop(_first);
    until_open(&s.gate, "127.0.0.7", 1).await;
    let mut again = connect_from("127.0.0.7", s.addr).await;
    assert!(get_root(&mut again).await.starts_with("HTTP/1.1 200"));
}

#[tokio::test]
async fn everyone_together_is_held_to_the_total() {
    let s = served(bounds(3, 2), Duration::from_secs(15)).await;
    let mut held = Vec::new();
    for from in ["127.0.0.9", "127.0.0.10", "127.0.0.11"] {
        held.push(connect_from(from, s.addr).await);
        until_open(&s.gate, from, 1).await;
    }
    let mut fourth = connect_from("127.0.0.12", s.addr).await;
    assert!(read_to_end(&mut fourth).await.starts_with("HTTP/1.1 503"));
}

#[tokio::test]
async fn a_websocket_keeps_its_place_until_it_closes() {
    let s = served(bounds(8, 1), Duration::from_secs(15)).await;
    let stream = connect_from("127.0.0.13", s.addr).await;
    let url = format!("ws://{}/ws", s.addr);
    let (mut socket, _) = tokio_tungstenite::client_async(url, stream).await.unwrap();
    // The HTTP connection has become a WebSocket; its place is still taken.
    until_open(&s.gate, "127.0.0.13", 1).await;
    let mut second = connect_from("127.0.0.13", s.addr).await;
    assert!(read_to_end(&mut second).await.starts_with("HTTP/1.1 503"));

    socket.close(None).await.unwrap();
    while socket.next().await.is_some() {}
    drop(socket);
    until_open(&s.gate, "127.0.0.13", 0).await;
}

#[tokio::test]
async fn stopping_does_not_wait_for_silent_clients() {
    let mut s = served(bounds(8, 4), Duration::from_secs(600)).await;
    let mut silent = connect_from("127.0.0.14", s.addr).await;
    until_open(&s.gate, "127.0.0.14", 1).await;
    s.stop.take().unwrap().send(()).unwrap();
    tokio::time::timeout(HANG_GUARD, &mut s.task)
        .await
        .expect("the listener did not stop")
        .unwrap()
        .unwrap();
    // The silent connection was closed, not kept until its header came.
    assert_eq!(read_to_end(&mut silent).await, "");
    until_open(&s.gate, "127.0.0.14", 0).await;
}

#[tokio::test]
async fn a_body_that_never_comes_is_not_waited_for() {
    let s = served(bounds(8, 4), Duration::from_secs(15)).await;
    let mut stream = connect_from("127.0.0.15", s.addr).await;
    stream
        .write_all(b"POST /echo HTTP/1.1\r\nHost: here\r\nContent-Length: 100\r\n\r\nonly this")
        .await
        .unwrap();
    read_to_end(&mut stream).await;
    until_open(&s.gate, "127.0.0.15", 0).await;
}

#[tokio::test]
async fn a_response_nobody_reads_is_not_waited_for() {
    let s = served(bounds(8, 4), Duration::from_secs(15)).await;
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    socket
        .bind(SocketAddr::new("127.0.0.16".parse().unwrap(), 0))
        .unwrap();
    let mut stream = socket.connect(s.addr).await.unwrap();
    stream
        .write_all(b"GET /large HTTP/1.1\r\nHost: here\r\n\r\n")
        .await
        .unwrap();
    // Nothing is read: the host's write waits on a shut window until the stall closes it.
    until_open(&s.gate, "127.0.0.16", 1).await;
    until_open(&s.gate, "127.0.0.16", 0).await;
    drop(stream);
}

#[tokio::test]
async fn a_slow_but_steady_body_is_read_whole() {
    let s = served(bounds(8, 4), Duration::from_secs(15)).await;
    let mut stream = connect_from("127.0.0.17", s.addr).await;
    stream
        .write_all(
            b"POST /echo HTTP/1.1\r\nHost: here\r\nConnection: close\r\nContent-Length: 6\r\n\r\n",
        )
        .await
        .unwrap();
    // Each byte comes well within the stall timeout, the whole takes longer than it.
    for byte in b"abcdef" {
        tokio::time::sleep(STALL / 4).await;
        stream.write_all(&[*byte]).await.unwrap();
    }
    let answer = read_to_end(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("\r\n6"), "{answer}");
}
