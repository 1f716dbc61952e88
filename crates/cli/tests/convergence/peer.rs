//! A Rust participant of the convergence test: its own Loro replica, a loro-protocol WebSocket to
//! the host, the edits it makes (cards, retyping, ratings, stage reorders) and the acknowledged
//! cards it must find again; and the seeded random numbers that drive it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use loro::{LoroText, ValueOrContainer};
use loro_protocol::{decode, encode, BatchId, CrdtType, ProtocolMessage, UpdateStatusCode};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use wayline_model::{MapDoc, NewCard};

pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

// ---------------------------------------------------------------- a Rust participant

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

pub struct Peer {
    pub label: String,
    pub url: String,
    pub room: String,
    pub doc: MapDoc,
    pub ws: Option<Ws>,
    pub joined: bool,
    pub next_batch: u64,
    /// Cards made here whose storage the host has not acknowledged yet.
    pub unsent: Vec<String>,
    pub in_flight: HashMap<BatchId, Vec<String>>,
    pub acknowledged: Vec<String>,
    pub counter: u64,
}

impl Peer {
    pub fn batch(&mut self) -> BatchId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        self.next_batch = NEXT.fetch_add(1, Ordering::Relaxed);
        BatchId(self.next_batch.to_le_bytes())
    }

    pub fn drop_socket(&mut self) {
        self.ws = None;
        self.joined = false;
        for (_, markers) in self.in_flight.drain() {
            self.unsent.extend(markers);
        }
    }

    pub async fn send(&mut self, msg: &ProtocolMessage) -> bool {
        let Some(ws) = self.ws.as_mut() else {
            return false;
        };
        let ok = ws
            .send(Message::Binary(encode(msg).unwrap().into()))
            .await
            .is_ok();
        if !ok {
            self.drop_socket();
        }
        ok
    }

    pub async fn connect(&mut self) {
        if self.ws.is_some() {
            return;
        }
        let attempt = tokio::time::timeout(
            Duration::from_secs(1),
            tokio_tungstenite::connect_async(self.url.clone()),
        )
        .await;
        if let Ok(Ok((ws, _))) = attempt {
            self.ws = Some(ws);
            self.request_join().await;
        }
    }

    pub async fn request_join(&mut self) {
        self.joined = false;
        let msg = ProtocolMessage::JoinRequest {
            crdt: CrdtType::Loro,
            room_id: self.room.clone(),
            auth: vec![],
            version: self.doc.version(),
        };
        self.send(&msg).await;
    }

    /// Sends `update` as one acknowledged batch carrying every unacknowledged card made here.
    pub async fn push(&mut self, update: Vec<u8>) {
        if update.is_empty() && self.unsent.is_empty() {
            return;
        }
        let batch = self.batch();
        let markers: Vec<String> = self.unsent.drain(..).collect();
        self.in_flight.insert(batch, markers);
        let msg = ProtocolMessage::DocUpdate {
            crdt: CrdtType::Loro,
            room_id: self.room.clone(),
            updates: vec![update],
            batch_id: batch,
        };
        self.send(&msg).await;
    }

    /// Handles what arrived within `wait`.
    pub async fn pump(&mut self, wait: Duration) {
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some(ws) = self.ws.as_mut() else { return };
            let next = match tokio::time::timeout(left, ws.next()).await {
                Err(_) => return,
                Ok(n) => n,
            };
            let bytes = match next {
                Some(Ok(Message::Binary(b))) => b,
                Some(Ok(_)) => continue,
                _ => {
                    self.drop_socket();
                    return;
                }
            };
            let Ok(msg) = decode(&bytes) else { continue };
            match msg {
                ProtocolMessage::JoinResponseOk { version, .. } => {
                    self.joined = true;
                    // Whatever the host lacks (edits made offline) goes in one batch.
                    let ours = self.doc.export_since(&version).unwrap_or_default();
                    let host = loro::VersionVector::decode(&version).unwrap_or_default();
                    if !host.includes_vv(&self.doc.loro().oplog_vv()) || !self.unsent.is_empty() {
                        self.push(ours).await;
                    }
                }
                ProtocolMessage::JoinError { .. } => {
                    self.drop_socket();
                    return;
                }
                ProtocolMessage::DocUpdate { updates, .. } => {
                    for u in updates {
                        if self.doc.import(&u).is_err() {
                            self.request_join().await; // missing history: the backfill brings it
                        }
                    }
                }
                ProtocolMessage::Ack { ref_id, status, .. } => {
                    if let Some(markers) = self.in_flight.remove(&ref_id) {
                        if status == UpdateStatusCode::Ok {
                            self.acknowledged.extend(markers);
                        } else {
                            self.unsent.extend(markers);
                        }
                    }
                }
                ProtocolMessage::RoomError { .. } => self.request_join().await,
                _ => {}
            }
        }
    }

    pub fn card_text(&self, id: &str) -> Option<LoroText> {
        match self.doc.loro().get_map("cards").get(id) {
            Some(ValueOrContainer::Container(loro::Container::Map(m))) => match m.get("text") {
                Some(ValueOrContainer::Container(loro::Container::Text(t))) => Some(t),
                _ => None,
            },
            _ => None,
        }
    }

    /// One random edit, made locally (offline too) and pushed when joined.
    pub async fn edit(&mut self, rng: &mut Rng) {
        let before = self.doc.version();
        let view = self.doc.view();
        let choice = rng.below(100);
        if choice < 40 && !view.stages.is_empty() && !view.lanes.is_empty() {
            self.counter += 1;
            let marker = format!("{}-已确认-{}", self.label, self.counter);
            let stage = &view.stages[rng.below(view.stages.len() as u64) as usize].id;
            let lane = &view.lanes[rng.below(view.lanes.len() as u64) as usize].id;
            self.doc
                .add_card(NewCard {
                    stage,
                    lane,
                    text: &marker,
                    color: "yellow",
                    author: &self.label,
                    ..Default::default()
                })
                .unwrap();
            self.unsent.push(marker);
        } else if choice < 70 && !view.cards.is_empty() {
            let id = view.cards[rng.below(view.cards.len() as u64) as usize]
                .id
                .clone();
            if let Some(t) = self.card_text(&id) {
                let at = if rng.chance(50) { 0 } else { t.len_unicode() };
                t.insert(at, if rng.chance(50) { "改" } else { "y" })
                    .unwrap();
                self.doc.loro().commit();
            }
        } else if choice < 80 && !view.cards.is_empty() && !view.stages.is_empty() {
            let id = view.cards[rng.below(view.cards.len() as u64) as usize]
                .id
                .clone();
            let stage = &view.stages[rng.below(view.stages.len() as u64) as usize].id;
            let lane = &view.lanes[rng.below(view.lanes.len() as u64) as usize].id;
            let _ = self.doc.move_card(&id, stage, lane);
        } else if choice < 92 && !view.stages.is_empty() {
            let stage = &view.stages[rng.below(view.stages.len() as u64) as usize].id;
            let score = rng.below(5) as i64 - 2;
            if let Some(lane) = view
                .lanes
                .iter()
                .find(|l| l.kind == wayline_model::LaneKind::Emotion)
            {
                self.doc
                    .rate_emotion(stage, &lane.id, &self.label, score)
                    .unwrap();
            }
        } else {
            let stages = self.doc.loro().get_movable_list("stages");
            if stages.len() > 1 {
                let from = rng.below(stages.len() as u64) as usize;
                let to = rng.below(stages.len() as u64) as usize;
                stages.mov(from, to).unwrap();
                self.doc.loro().commit();
            }
        }
        if self.joined {
            let update = self.doc.export_since(&before).unwrap();
            self.push(update).await;
        }
    }
}

// ---------------------------------------------------------------- the run
