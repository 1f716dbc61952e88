//! One WebSocket connection: decodes `loro-protocol` messages, joins rooms, reassembles
//! fragments, and acknowledges each update only after the room has stored it.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use futures_util::{SinkExt, StreamExt};
use loro_protocol::{decode, BatchId, CrdtType, JoinErrorCode, ProtocolMessage, UpdateStatusCode};
use tokio::sync::mpsc;

use crate::protocol::{self, MAX_MESSAGE_BYTES, MAX_UPDATE_BYTES};
use crate::rooms::{ClientId, Outgoing, Refusal};
use crate::server::AppState;

/// A client that sends nothing (not even its 5-second ping) for this long is gone.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Frames queued for a client before it is considered too slow and dropped.
const QUEUE_DEPTH: usize = 1024;
const MAX_ROOMS_PER_CONNECTION: usize = 64;
const MAX_FRAGMENTS: u64 = 512;

static NEXT_CLIENT: AtomicU64 = AtomicU64::new(1);

pub async fn upgrade(ws: WebSocketUpgrade, State(state): State<Arc<AppState>>) -> Response {
    ws.max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES)
        .on_upgrade(move |socket| connection(socket, state))
}

struct Assembly {
    room_id: String,
    expected: u64,
    total: u64,
    parts: HashMap<u64, Vec<u8>>,
}

struct Connection {
    id: ClientId,
    state: Arc<AppState>,
    tx: mpsc::Sender<Outgoing>,
    joined: HashSet<String>,
    assemblies: HashMap<BatchId, Assembly>,
}

async fn connection(socket: WebSocket, state: Arc<AppState>) {
    let (mut sink, mut stream) = socket.split();
    let (tx, mut rx) = mpsc::channel::<Outgoing>(QUEUE_DEPTH);
    let writer = tokio::spawn(async move {
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
                Outgoing::Close => false,
            };
            if !sent {
                break;
            }
        }
        let _ = sink.close().await;
    });

    let mut conn = Connection {
        id: NEXT_CLIENT.fetch_add(1, Ordering::Relaxed),
        state,
        tx,
        joined: HashSet::new(),
        assemblies: HashMap::new(),
    };
    tracing::debug!(client = conn.id, "connected");
    loop {
        let next = tokio::time::timeout(IDLE_TIMEOUT, stream.next()).await;
        let Ok(Some(Ok(message))) = next else { break };
        let keep_going = match message {
            Message::Text(text) if text.as_str() == "ping" => {
                conn.send(Outgoing::Text("pong")).await
            }
            Message::Text(_) => true,
            Message::Binary(bytes) => conn.handle(&bytes).await,
            Message::Ping(_) | Message::Pong(_) => true,
            Message::Close(_) => false,
        };
        if !keep_going || conn.tx.is_closed() {
            break;
        }
    }
    conn.leave_all().await;
    drop(conn);
    let _ = writer.await;
}

impl Connection {
    async fn send(&self, out: Outgoing) -> bool {
        self.tx.send(out).await.is_ok()
    }

    async fn send_frame(&self, frame: Result<Vec<u8>, crate::HostError>) -> bool {
        match frame {
            Ok(frame) => self.send(Outgoing::Frames(Arc::new(vec![frame]))).await,
            Err(e) => {
                tracing::error!(error = %e, "could not encode a reply");
                false
            }
        }
    }

    /// Handles one binary message; `false` ends the connection.
    async fn handle(&mut self, bytes: &[u8]) -> bool {
        let message = match decode(bytes) {
            Ok(m) => m,
            Err(e) => {
                // A malformed message is dropped; the connection stays usable.
                tracing::warn!(client = self.id, error = %e, "undecodable message");
                return true;
            }
        };
        match message {
            ProtocolMessage::JoinRequest {
                crdt,
                room_id,
                version,
                ..
            } => self.join(crdt, room_id, version).await,
            ProtocolMessage::DocUpdate {
                crdt: CrdtType::Loro,
                room_id,
                updates,
                batch_id,
            } => self.update(room_id, updates, batch_id).await,
            ProtocolMessage::DocUpdateFragmentHeader {
                crdt: CrdtType::Loro,
                room_id,
                batch_id,
                fragment_count,
                total_size_bytes,
            } => {
                if fragment_count == 0
                    || fragment_count > MAX_FRAGMENTS
                    || total_size_bytes > MAX_UPDATE_BYTES
                    || !self.joined.contains(&room_id)
                {
                    let status = if self.joined.contains(&room_id) {
                        UpdateStatusCode::PayloadTooLarge
                    } else {
                        UpdateStatusCode::PermissionDenied
                    };
                    return self
                        .send_frame(protocol::ack(&room_id, batch_id, status))
                        .await;
                }
                self.assemblies.insert(
                    batch_id,
                    Assembly {
                        room_id,
                        expected: fragment_count,
                        total: total_size_bytes,
                        parts: HashMap::new(),
                    },
                );
                true
            }
            ProtocolMessage::DocUpdateFragment {
                crdt: CrdtType::Loro,
                batch_id,
                index,
                fragment,
                ..
            } => self.fragment(batch_id, index, fragment).await,
            ProtocolMessage::Leave { room_id, .. } => {
                if self.joined.remove(&room_id) {
                    self.leave(room_id).await;
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

    async fn join(&mut self, crdt: CrdtType, room_id: String, version: Vec<u8>) -> bool {
        if crdt != CrdtType::Loro {
            let reply = protocol::join_error(
                crdt,
                &room_id,
                JoinErrorCode::AppError,
                "this host only syncs Loro documents",
            );
            return self.send_frame(reply).await;
        }
        if self.joined.len() >= MAX_ROOMS_PER_CONNECTION && !self.joined.contains(&room_id) {
            let reply = protocol::join_error(
                crdt,
                &room_id,
                JoinErrorCode::AppError,
                "too many maps open on one connection",
            );
            return self.send_frame(reply).await;
        }
        let rooms = self.state.rooms.clone();
        let (id, tx, room) = (self.id, self.tx.clone(), room_id.clone());
        let joined =
            tokio::task::spawn_blocking(move || rooms.join(&room, id, &tx, &version)).await;
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
                let reply = protocol::join_error(crdt, &room_id, code, &e.to_string());
                self.send_frame(reply).await
            }
            Err(e) => {
                tracing::error!(error = %e, "join task failed");
                false
            }
        }
    }

    async fn update(&mut self, room_id: String, updates: Vec<Vec<u8>>, batch: BatchId) -> bool {
        if !self.joined.contains(&room_id) {
            let reply = protocol::ack(&room_id, batch, UpdateStatusCode::PermissionDenied);
            return self.send_frame(reply).await;
        }
        let Some(room) = self.state.rooms.get(&room_id) else {
            let reply = protocol::rejoin_suggested(&room_id, "the room was reset");
            return self.send_frame(reply).await;
        };
        let rooms = self.state.rooms.clone();
        let id = self.id;
        let applied =
            tokio::task::spawn_blocking(move || room.apply(rooms.store(), id, updates)).await;
        let status = match applied {
            Ok(Ok(())) => UpdateStatusCode::Ok,
            Ok(Err(Refusal::MissingHistory)) => {
                let ack = protocol::ack(&room_id, batch, UpdateStatusCode::InvalidUpdate);
                let rejoin =
                    protocol::rejoin_suggested(&room_id, "the update needs earlier changes");
                return self.send_frame(ack).await && self.send_frame(rejoin).await;
            }
            Ok(Err(Refusal::Invalid(reason))) => {
                tracing::warn!(client = id, %reason, "refused an update");
                UpdateStatusCode::InvalidUpdate
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
        self.send_frame(protocol::ack(&room_id, batch, status))
            .await
    }

    async fn fragment(&mut self, batch: BatchId, index: u64, fragment: Vec<u8>) -> bool {
        let Some(assembly) = self.assemblies.get_mut(&batch) else {
            return true; // A fragment without its header is dropped.
        };
        if index >= assembly.expected {
            let room = assembly.room_id.clone();
            self.assemblies.remove(&batch);
            let reply = protocol::ack(&room, batch, UpdateStatusCode::InvalidUpdate);
            return self.send_frame(reply).await;
        }
        assembly.parts.insert(index, fragment);
        let received: u64 = assembly.parts.values().map(|p| p.len() as u64).sum();
        if received > assembly.total || received > MAX_UPDATE_BYTES {
            let room = assembly.room_id.clone();
            self.assemblies.remove(&batch);
            let reply = protocol::ack(&room, batch, UpdateStatusCode::PayloadTooLarge);
            return self.send_frame(reply).await;
        }
        if assembly.parts.len() as u64 != assembly.expected {
            return true;
        }
        let Some(assembly) = self.assemblies.remove(&batch) else {
            return true;
        };
        let mut update = Vec::with_capacity(assembly.total as usize);
        for i in 0..assembly.expected {
            if let Some(part) = assembly.parts.get(&i) {
                update.extend_from_slice(part);
            }
        }
        self.update(assembly.room_id, vec![update], batch).await
    }

    async fn leave(&self, room_id: String) {
        let rooms = self.state.rooms.clone();
        let id = self.id;
        let _ = tokio::task::spawn_blocking(move || rooms.leave(&room_id, id)).await;
    }

    async fn leave_all(&mut self) {
        for room_id in std::mem::take(&mut self.joined) {
            self.leave(room_id).await;
        }
        tracing::debug!(client = self.id, "disconnected");
    }
}
