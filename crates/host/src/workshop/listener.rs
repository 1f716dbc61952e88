//! The participants' listener: a second socket on the network address the facilitator chose,
//! serving only the UI, the join routes and the participants' WebSocket. The facilitator's API
//! (catalog, trash, settings, hosting) is not routed here at all; it stays on loopback.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use super::announce::Announcement;
use super::join;
use crate::refusal::Refusal;
use crate::state::hub::Listener;
use crate::state::AppState;
use crate::{assets, ws, HostError};

/// Join requests are a few hundred bytes and a brainstorm's idea a few KiB; anything larger is
/// refused unread.
const MAX_JOIN_BODY: usize = 16 * 1024;

fn routes(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/api/join/code", post(join::redeem_code))
        .route("/api/join/invitation", post(join::open_invitation))
        .route("/api/join", post(join::join))
        .route("/api/participant/session", get(join::session))
        .route("/ws", get(ws::upgrade_participant))
        .merge(crate::brainstorm::routes::participant_routes())
        // Nothing else of the API exists on this door (not even as the UI's page).
        .route("/api/{*rest}", axum::routing::any(not_here))
        .fallback(assets::serve)
        .layer(DefaultBodyLimit::max(MAX_JOIN_BODY))
        .layer(axum::middleware::from_fn(
            crate::error_contract::json_errors,
        ))
        .layer(axum::middleware::from_fn(join::guard))
        .with_state(state)
}

async fn not_here() -> HostError {
    HostError::NotHere
}

/// Parses the address the facilitator picked; only a concrete address, never "all of them".
pub fn parse_address(address: &str) -> Result<IpAddr, HostError> {
    let ip: IpAddr = address
        .trim()
        .parse()
        .map_err(|_| HostError::BadRequest(format!("{address:?} is not a network address")))?;
    if ip.is_unspecified() || ip.is_multicast() {
        return Err(HostError::refused(
            Refusal::AddressNotOne,
            "choose the address of one network interface",
        ));
    }
    if ip == IpAddr::from([127, 0, 0, 1]) || ip == IpAddr::from(std::net::Ipv6Addr::LOCALHOST) {
        return Err(HostError::refused(
            Refusal::AddressLoopback,
            "127.0.0.1 is only this computer; choose the interface of the room's network",
        ));
    }
    Ok(ip)
}

/// Binds `ip`, on `preferred` when it is free (so a restarted host keeps its link), or any port.
pub async fn start(
    state: Arc<AppState>,
    ip: IpAddr,
    preferred: u16,
    announce_as: Option<String>,
) -> Result<Listener, HostError> {
    let mut bound = None;
    for port in [preferred, 0] {
        let addr = SocketAddr::new(ip, port);
        match TcpListener::bind(addr).await {
            Ok(l) => {
                bound = Some(l);
                break;
            }
            Err(e) if port == 0 || e.kind() != std::io::ErrorKind::AddrInUse => {
                return Err(HostError::Listen { addr, source: e })
            }
            Err(_) => {}
        }
    }
    let listener = bound.ok_or_else(|| HostError::Internal("no port to listen on".into()))?;
    let addr = listener.local_addr().map_err(|source| HostError::Listen {
        addr: SocketAddr::new(ip, preferred),
        source,
    })?;
    // One gate for every listener the workshop has had: a listener moved to another address
    // leaves its WebSockets open, and they still hold their files.
    let serving =
        crate::connections::Serving::new(routes(state.clone()), state.workshop_gate.clone());
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let served = crate::connections::serve(listener, serving, async {
            let _ = rx.await;
        })
        .await;
        if let Err(e) = served {
            tracing::warn!(error = %e, "the workshop listener stopped");
        }
    });
    let announcement = announce_as.and_then(|name| Announcement::start(&name, addr));
    tracing::info!(%addr, "workshop listening");
    Ok(Listener {
        addr,
        shutdown: Some(tx),
        task,
        _keep_alive: announcement.map(|a| Box::new(a) as Box<dyn std::any::Any + Send + Sync>),
    })
}
