//! The accept loop both listeners share: each connection is admitted through the listener's
//! [`Gate`], has Nagle's algorithm off, and gets a bounded time to send each request's header,
//! so that a client that opens connections and sends nothing (or a byte at a time) cannot keep
//! them, and the open files they hold, for long.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::connect_info::ConnectInfo;
use axum::http::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tower::ServiceExt;

use super::gate::{Admitted, Gate};
use super::stall::{StallGuard, STALL_TIMEOUT};
use crate::error::HostError;
use crate::refusal::Refusal;

/// How long a client has to send a request's header, from the moment the host waits for it: on
/// a new connection, and between requests on a kept-alive one (an idle connection is closed
/// then; browsers open another without the page noticing). A header is one packet on any
/// network a workshop meets.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(15);

/// How long stopping waits for requests under way to finish before it lets them go.
const STOP_GRACE: Duration = Duration::from_secs(5);

/// After an accept fails for want of resources (no open files left), the loop waits this long
/// before it tries again, rather than spinning; connections closing meanwhile free files.
const ACCEPT_RETRY: Duration = Duration::from_millis(100);

/// How often a listener says in the log that it turns connections away, or cannot accept them,
/// at most.
const LOG_EVERY: Duration = Duration::from_secs(10);

/// What a listener serves and within which bounds.
pub struct Serving {
    pub app: Router,
    pub gate: Gate,
    pub header_read_timeout: Duration,
    pub stall_timeout: Duration,
}

impl Serving {
    pub fn new(app: Router, gate: Gate) -> Serving {
        Serving {
            app,
            gate,
            header_read_timeout: HEADER_READ_TIMEOUT,
            stall_timeout: STALL_TIMEOUT,
        }
    }
}

/// Serves `listener` until `stop` completes, then lets requests under way finish (for up to
/// [`STOP_GRACE`]). WebSockets already handed over end with their rooms, not here.
pub async fn serve(
    listener: TcpListener,
    serving: Serving,
    stop: impl Future<Output = ()> + Send,
) -> io::Result<()> {
    let (stopping, _) = watch::channel(false);
    let mut stop = std::pin::pin!(stop);
    let mut turned_away = Throttled::default();
    let mut failed_accepts = Throttled::default();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(e) if is_this_connections_error(&e) => continue,
            Err(e) => {
                if let Some(times) = failed_accepts.due() {
                    tracing::warn!(error = %e, times, "could not accept connections; trying again");
                }
                tokio::time::sleep(ACCEPT_RETRY).await;
                continue;
            }
        };
        // Acknowledgements and broadcasts are small frames: with Nagle's algorithm on, the
        // kernel holds each back until the peer has acknowledged the previous segment, and a
        // peer's delayed ACK makes that up to 40 ms, most of an edit's round trip on a quiet
        // network (`host_bench`: ~800 against ~1,900 acknowledged edits a second).
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(error = %e, "could not turn off Nagle's algorithm");
        }
        match serving.gate.admit(peer.ip()) {
            Ok(admission) => spawn_connection(
                Admitted::new(stream, admission),
                peer,
                &serving,
                stopping.subscribe(),
            ),
            Err(crowded) => {
                turn_away(stream);
                if let Some(times) = turned_away.due() {
                    let (open, open_from_this_address) = serving.gate.open(peer.ip());
                    let bounds = serving.gate.bounds();
                    tracing::warn!(
                        %peer,
                        ?crowded,
                        times,
                        open,
                        open_from_this_address,
                        bound = bounds.total,
                        bound_per_address = bounds.per_address,
                        "turning connections away"
                    );
                }
            }
        }
    }
    drop(listener);
    let _ = stopping.send(true);
    let _ = tokio::time::timeout(STOP_GRACE, stopping.closed()).await;
    Ok(())
}

fn spawn_connection(
    stream: Admitted<TcpStream>,
    peer: SocketAddr,
    serving: &Serving,
    mut stopping: watch::Receiver<bool>,
) {
    let app = serving
        .app
        .clone()
        .map_request(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            request.map(Body::new)
        });
    let header_read_timeout = serving.header_read_timeout;
    let stream = StallGuard::new(stream, serving.stall_timeout);
    tokio::spawn(async move {
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(header_read_timeout);
        let connection = builder
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app))
            .with_upgrades();
        let mut connection = std::pin::pin!(connection);
        tokio::select! {
            served = connection.as_mut() => {
                log_ended(served, peer);
                return;
            }
            _ = stopping.wait_for(|stop| *stop) => connection.as_mut().graceful_shutdown(),
        }
        log_ended(connection.await, peer);
    });
}

fn log_ended(served: Result<(), hyper::Error>, peer: SocketAddr) {
    if let Err(e) = served {
        tracing::debug!(%peer, error = %e, "connection ended");
    }
}

/// Errors that concern only the connection being accepted (it was reset before the host took
/// it): the next accept is unaffected.
fn is_this_connections_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// The answer to a connection over a bound: an HTTP 503 with the host's `{code, message}`,
/// written only if the socket takes it at once (a turned-away client is not waited for). What
/// the client has sent already is read and dropped, and the host says it is done writing before
/// it closes: closing with unread bytes makes the kernel reset the connection, and a client that
/// gets the reset first (Windows does) shows a network error instead of the answer. The socket
/// is written directly, not through tokio, which may not know yet that it is writable.
fn turn_away(stream: TcpStream) {
    use std::io::{Read, Write};
    let Ok(stream) = stream.into_std() else {
        return;
    };
    let _ = (&stream).write(busy_response());
    let mut sent = [0u8; 4096];
    for _ in 0..16 {
        match (&stream).read(&mut sent) {
            Ok(n) if n > 0 => {}
            _ => break,
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Write);
}

fn busy_response() -> &'static [u8] {
    static RESPONSE: OnceLock<Vec<u8>> = OnceLock::new();
    RESPONSE.get_or_init(|| {
        let why = Refusal::TooManyConnections;
        let error = HostError::refused(
            why,
            "the host holds as many connections as it takes; try again in a moment",
        );
        let body = serde_json::to_string(&error.to_api()).unwrap_or_default();
        let status = why.status();
        format!(
            "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
             retry-after: 5\r\nconnection: close\r\n\r\n{}",
            status.as_u16(),
            status.canonical_reason().unwrap_or(""),
            body.len(),
            body
        )
        .into_bytes()
    })
}

/// Something the log says at most once every [`LOG_EVERY`], with how often it happened.
#[derive(Default)]
struct Throttled {
    since: Option<Instant>,
    count: u64,
}

impl Throttled {
    /// Counts one more; the count to log when it is time to say it again.
    fn due(&mut self) -> Option<u64> {
        self.count += 1;
        let now = Instant::now();
        if self
            .since
            .is_some_and(|since| now.duration_since(since) < LOG_EVERY)
        {
            return None;
        }
        self.since = Some(now);
        Some(std::mem::take(&mut self.count))
    }
}
