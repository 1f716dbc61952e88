//! One WebSocket connection: decodes `loro-protocol` messages, joins map rooms and presence
//! rooms, reassembles fragments, checks what the peer may do on every join and update, and
//! acknowledges each update only after the room has stored it.
//!
//! Two doors lead here: the facilitator's (loopback, launch token, checked by `auth::guard`) and
//! the participants' (the workshop listener, a participant token in the query).

pub(crate) mod limits;
mod presence;
#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use loro_protocol::{BatchId, CrdtType, JoinErrorCode, ProtocolMessage, UpdateStatusCode};
use tokio::sync::mpsc;
use wayline_model::Writer;

use crate::protocol::{self, MAX_MESSAGE_BYTES};
use crate::rooms::{ClientHandle, ClientId, JoinGrant, Outgoing, Refusal};
use crate::state::AppState;
use crate::state::{Access, Peer};
use limits::{Assemblies, FragmentOutcome, RateLimit, Verdict};

/// A client that sends nothing (not even its 5-second ping) for this long is gone; its presence
/// disappears with it.
const IDLE_TIMEOUT: Duration = Duration::from_secs(12);
/// Frames queued for a client before it is considered too slow and disconnected.
const QUEUE_DEPTH: usize = 1024;
const MAX_ROOMS_PER_CONNECTION: usize = 64;

static NEXT_CLIENT: AtomicU64 = AtomicU64::new(1);

/// The facilitator's socket (behind the launch-token guard).
pub async fn upgrade(ws: WebSocketUpgrade, State(state): State<Arc<AppState>>) -> Response {
    accept(ws, state, Peer::Facilitator)
}

#[derive(serde::Deserialize)]
pub struct TokenQuery {
    token: Option<String>,
}

/// A participant's socket: the participant token must still work.
pub async fn upgrade_participant(
    ws: WebSocketUpgrade,
    State(state): State<Arc<AppState>>,
    Query(q): Query<TokenQuery>,
) -> Response {
    let token = q.token.unwrap_or_default();
    match state.workshop.authenticate(&token) {
        Ok(peer) => accept(ws, state, peer),
        Err(e) => e.into_response(),
    }
}

fn accept(ws: WebSocketUpgrade, state: Arc<AppState>, peer: Peer) -> Response {
    ws.max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES)
        .on_upgrade(move |socket| connection(socket, state, peer))
}

struct Connection {
    id: ClientId,
    peer: Peer,
    state: Arc<AppState>,
    handle: ClientHandle,
    joined: HashSet<String>,
    presence: HashSet<String>,
    assemblies: Assemblies,
    rate: RateLimit,
    refusals_in_a_row: u32,
}

async fn connection(socket: WebSocket, state: Arc<AppState>, peer: Peer) {
    let (mut sink, mut stream) = socket.split();
    let (tx, mut rx) = mpsc::channel::<Outgoing>(QUEUE_DEPTH);
    let mut writer = tokio::spawn(async move {
        while let Some(out) = rx.recv().await {
            let sent = match out {
                Outgoing::Frames(frames) => {
                    let mut ok = true;
                    for frame in frames.iter() {
                        if sink
                            .send(Message::Binary(frame.clone().into()))
                            .await
                            .is_err()
                        {
                            ok = false;
                            break;
                        }
                    }
                    ok
                }
                Outgoing::Text(text) => sink.send(Message::Text(text.into())).await.is_ok(),
            };
            if !sent {
                break;
            }
        }
        let _ = sink.close().await;
    });

    let handle = ClientHandle::new(tx);
    let kill = handle.kill.clone();
    let mut conn = Connection {
        id: NEXT_CLIENT.fetch_add(1, Ordering::Relaxed),
        peer,
        state,
        handle,
        joined: HashSet::new(),
        presence: HashSet::new(),
        assemblies: Assemblies::default(),
        rate: RateLimit::new(Instant::now()),
        refusals_in_a_row: 0,
    };
    conn.state
        .workshop
        .connected(conn.id, &conn.peer, &conn.handle);
    tracing::debug!(client = conn.id, "connected");
    loop {
        let next = tokio::select! {
            _ = kill.notified() => {
                tracing::debug!(client = conn.id, "disconnected by the host");
                break;
            }
            next = tokio::time::timeout(IDLE_TIMEOUT, stream.next()) => next,
        };
        let Ok(Some(Ok(message))) = next else { break };
        let keep_going = match message {
            Message::Text(text) if text.as_str() == "ping" => conn.reply(Outgoing::Text("pong")),
            Message::Text(_) => true,
            Message::Binary(bytes) => conn.handle_binary(&bytes).await,
            Message::Ping(_) | Message::Pong(_) => true,
            Message::Close(_) => false,
        };
        // A writer that has stopped (the client closed its side, say a page reloaded right after
        // an edit) does not end the loop: the frames the client sent before are still read and
        // applied, until its stream ends.
        if !keep_going {
            break;
        }
    }
    conn.leave_all().await;
    conn.state.workshop.disconnected(conn.id);
    drop(conn);
    // A writer stuck on a client that stopped reading is not waited for long.
    if tokio::time::timeout(Duration::from_secs(2), &mut writer)
        .await
        .is_err()
    {
        writer.abort();
    }
}

impl Connection {
    pub(super) fn send_frame(&self, frame: Result<Vec<u8>, crate::HostError>) -> bool {
        match frame {
            Ok(frame) => self.reply(Outgoing::Frames(Arc::new(vec![frame]))),
            Err(e) => {
                tracing::error!(error = %e, "could not encode a reply");
                false
            }
        }
    }

    /// Queues a reply. A client too slow to take its replies is disconnected (`false`); one that
    /// is gone gets none, and what it sent before going is still applied (`true`).
    pub(super) fn reply(&self, out: Outgoing) -> bool {
        self.handle.send_or_disconnect(out) || self.handle.is_gone()
    }

    fn ack(&self, room_id: &str, batch: BatchId, status: UpdateStatusCode) -> bool {
        self.send_frame(protocol::ack(room_id, batch, status))
    }

    /// Counts a refused update; too many in a row close the connection.
    pub(super) fn refused(&mut self) -> bool {
        self.refusals_in_a_row += 1;
        self.refusals_in_a_row <= limits::MAX_REFUSALS_IN_A_ROW
    }

    /// Handles one binary message; `false` ends the connection.
    async fn handle_binary(&mut self, bytes: &[u8]) -> bool {
        let now = Instant::now();
        for (batch, room) in self.assemblies.expire(now) {
            if !self.ack(&room, batch, UpdateStatusCode::FragmentTimeout) {
                return false;
            }
        }
        let message = match crate::protocol::decode_checked(bytes) {
            Ok(m) => m,
            Err(e) => {
                // A malformed message is dropped; the connection stays usable.
                tracing::warn!(client = self.id, error = %e, "undecodable message");
                return self.refused();
            }
        };
        match self.rate.check(bytes.len(), now) {
            Verdict::Allow => {}
            Verdict::Close => {
                tracing::warn!(
                    client = self.id,
                    "closing a connection that floods the host"
                );
                return false;
            }
            Verdict::Refuse => {
                return match &message {
                    ProtocolMessage::DocUpdate {
                        crdt: CrdtType::Loro,
                        room_id,
                        batch_id,
                        ..
                    }
                    | ProtocolMessage::DocUpdateFragmentHeader {
                        crdt: CrdtType::Loro,
                        room_id,
                        batch_id,
                        ..
                    } => self.ack(room_id, *batch_id, UpdateStatusCode::RateLimited),
                    _ => true,
                };
            }
        }
        match message {
            ProtocolMessage::JoinRequest {
                crdt: CrdtType::Loro,
                room_id,
                version,
                ..
            } => self.join(room_id, version).await,
            ProtocolMessage::JoinRequest {
                crdt: CrdtType::LoroEphemeralStore,
                room_id,
                ..
            } => self.join_presence(room_id),
            ProtocolMessage::JoinRequest { crdt, room_id, .. } => {
                let reply = protocol::join_error(
                    crdt,
                    &room_id,
                    JoinErrorCode::AppError,
                    "this host only syncs Loro documents and presence",
                );
                self.send_frame(reply)
            }
            ProtocolMessage::DocUpdate {
                crdt: CrdtType::Loro,
                room_id,
                updates,
                batch_id,
            } => self.update(room_id, updates, batch_id).await,
            ProtocolMessage::DocUpdate {
                crdt: CrdtType::LoroEphemeralStore,
                room_id,
                updates,
                ..
            } => self.presence_update(room_id, updates),
            ProtocolMessage::DocUpdateFragmentHeader {
                crdt: CrdtType::Loro,
                room_id,
                batch_id,
                fragment_count,
                total_size_bytes,
            } => {
                if !self.may_write(&room_id) {
                    return self.ack(&room_id, batch_id, UpdateStatusCode::PermissionDenied)
                        && self.refused();
                }
                match self.assemblies.start(
                    batch_id,
                    room_id.clone(),
                    fragment_count,
                    total_size_bytes,
                    now,
                ) {
                    Ok(()) => true,
                    Err(status) => self.ack(&room_id, batch_id, status) && self.refused(),
                }
            }
            ProtocolMessage::DocUpdateFragment {
                crdt: CrdtType::Loro,
                batch_id,
                index,
                fragment,
                ..
            } => match self.assemblies.add(batch_id, index, fragment) {
                FragmentOutcome::Pending | FragmentOutcome::Unknown => true,
                FragmentOutcome::Refused { room_id, status } => {
                    self.ack(&room_id, batch_id, status) && self.refused()
                }
                FragmentOutcome::Complete { room_id, update } => {
                    self.update(room_id, vec![update], batch_id).await
                }
            },
            ProtocolMessage::Leave {
                crdt: CrdtType::Loro,
                room_id,
            } => {
                if self.joined.remove(&room_id) {
                    self.leave(room_id).await;
                }
                true
            }
            ProtocolMessage::Leave {
                crdt: CrdtType::LoroEphemeralStore,
                room_id,
            } => {
                if self.presence.remove(&room_id) {
                    self.state.presence.leave(&room_id, self.id);
                }
                true
            }
            ProtocolMessage::Ack { status, .. } => {
                if status != UpdateStatusCode::Ok {
                    tracing::warn!(client = self.id, ?status, "a client refused an update");
                }
                true
            }
            other => {
                tracing::debug!(client = self.id, message = ?std::mem::discriminant(&other), "ignored message");
                true
            }
        }
    }

    fn may_write(&self, room_id: &str) -> bool {
        self.joined.contains(room_id) && self.state.workshop.may_write(&self.peer, room_id)
    }

    pub(super) fn too_many_rooms(&self, joined: &HashSet<String>, room_id: &str) -> bool {
        joined.len() >= MAX_ROOMS_PER_CONNECTION && !joined.contains(room_id)
    }

    async fn join(&mut self, room_id: String, version: Vec<u8>) -> bool {
        if self.too_many_rooms(&self.joined, &room_id) {
            let reply = protocol::join_error(
                CrdtType::Loro,
                &room_id,
                JoinErrorCode::AppError,
                "too many maps open on one connection",
            );
            return self.send_frame(reply);
        }
        let access = match self.state.workshop.access(&self.peer, &room_id) {
            Access::Granted(a) => a,
            // The code alone, as an eviction says it (hub.rs): the page has words for each.
            Access::Denied(reason) => {
                let reply = protocol::join_error(
                    CrdtType::Loro,
                    &room_id,
                    JoinErrorCode::AuthFailed,
                    reason.code(),
                );
                return self.send_frame(reply);
            }
        };
        let grant = JoinGrant {
            can_edit: access.can_edit,
            access,
        };
        let rooms = self.state.rooms.clone();
        let (id, handle, room) = (self.id, self.handle.clone(), room_id.clone());
        let joined =
            tokio::task::spawn_blocking(move || rooms.join(&room, id, &handle, &version, &grant))
                .await;
        match joined {
            Ok(Ok(_)) => {
                self.joined.insert(room_id);
                true
            }
            Ok(Err(e)) => {
                let code = if e.code() == "not_found" {
                    JoinErrorCode::Unknown
                } else {
                    JoinErrorCode::AppError
                };
                // The code, which the page words (the English sentence goes to the log).
                tracing::warn!(error = %e, map = %room_id, "a map could not be joined");
                let reply = protocol::join_error(CrdtType::Loro, &room_id, code, e.code());
                self.send_frame(reply)
            }
            Err(e) => {
                tracing::error!(error = %e, "join task failed");
                false
            }
        }
    }

    async fn update(&mut self, room_id: String, updates: Vec<Vec<u8>>, batch: BatchId) -> bool {
        if !self.joined.contains(&room_id) {
            return self.ack(&room_id, batch, UpdateStatusCode::PermissionDenied) && self.refused();
        }
        if !self.may_write(&room_id) {
            tracing::info!(client = self.id, room = %room_id, "refused an update without write permission");
            return self.ack(&room_id, batch, UpdateStatusCode::PermissionDenied) && self.refused();
        }
        let Some(room) = self.state.rooms.get(&room_id) else {
            // The room was closed under a joined client: the map went to the trash.
            self.joined.remove(&room_id);
            return self.ack(&room_id, batch, UpdateStatusCode::PermissionDenied) && self.refused();
        };
        let rooms = self.state.rooms.clone();
        let id = self.id;
        let writer = match &self.peer {
            Peer::Facilitator => Writer::Facilitator,
            Peer::Participant { id, .. } => Writer::Participant(id.clone()),
        };
        let applying = room.clone();
        let applied = tokio::task::spawn_blocking(move || {
            applying.apply_from(rooms.store(), id, writer, updates)
        })
        .await;
        let alive = self.answer_update(&room_id, batch, applied);
        // Compaction runs after the acknowledgement is queued, without holding this connection
        // (`rooms/compaction.rs`).
        if room.take_compaction_due() {
            let rooms = self.state.rooms.clone();
            tokio::task::spawn_blocking(move || room.compact_due(rooms.store()));
        }
        alive
    }

    /// Acknowledges an update batch with how it fared (and asks for a rejoin when the host lacks
    /// the history it needs). `false` when the connection should close.
    fn answer_update(
        &mut self,
        room_id: &str,
        batch: BatchId,
        applied: Result<Result<(), Refusal>, tokio::task::JoinError>,
    ) -> bool {
        let id = self.id;
        let status = match applied {
            Ok(Ok(())) => {
                self.refusals_in_a_row = 0;
                UpdateStatusCode::Ok
            }
            Ok(Err(Refusal::MissingHistory)) => {
                // The rejoin goes first: a client tells an update refused for its history (sent
                // again after the join) from one refused for its content (set aside) by whether
                // it was asked to rejoin before the answer (ui/src/sync/room.ts).
                let rejoin =
                    protocol::rejoin_suggested(room_id, "the update needs earlier changes");
                return self.send_frame(rejoin)
                    && self.ack(room_id, batch, UpdateStatusCode::InvalidUpdate)
                    && self.refused();
            }
            Ok(Err(Refusal::Invalid(reason))) => {
                tracing::warn!(client = id, %reason, "refused an update");
                return self.ack(room_id, batch, UpdateStatusCode::InvalidUpdate) && self.refused();
            }
            Ok(Err(Refusal::Storage(reason))) => {
                tracing::error!(client = id, %reason, "could not store an update");
                UpdateStatusCode::AppError
            }
            Err(e) => {
                tracing::error!(error = %e, "update task failed");
                UpdateStatusCode::AppError
            }
        };
        self.ack(room_id, batch, status)
    }

    async fn leave(&self, room_id: String) {
        let rooms = self.state.rooms.clone();
        let id = self.id;
        let _ = tokio::task::spawn_blocking(move || rooms.leave(&room_id, id)).await;
    }

    async fn leave_all(&mut self) {
        for room_id in std::mem::take(&mut self.presence) {
            self.state.presence.leave(&room_id, self.id);
        }
        for room_id in std::mem::take(&mut self.joined) {
            self.leave(room_id).await;
        }
        tracing::debug!(client = self.id, "disconnected");
    }
}

/// A connection whose task ends without `leave_all` (a panic, an aborted task) still leaves its
/// presence rooms and the list of who is online: its presence would otherwise stay (entries are
/// kept up to a week) and be sent to every newcomer. After `leave_all` this changes nothing.
impl Drop for Connection {
    fn drop(&mut self) {
        for room_id in std::mem::take(&mut self.presence) {
            self.state.presence.leave(&room_id, self.id);
        }
        self.state.workshop.disconnected(self.id);
    }
}
