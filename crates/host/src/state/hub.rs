//! The live workshop in memory: who holds which token, who is connected, and what each
//! connection may do with a map. Every room join and every update asks [`Hub::access`], so roles,
//! the lock, revocation and the end of a workshop are enforced by the host itself.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use wayline_store::{Participant, Role, Store, Workshop};

use crate::refusal::Refusal;
use crate::rooms::{ClientHandle, ClientId, Outgoing};
use crate::wire::workshop::{ParticipantInfo, RoomAccess};
use crate::{protocol, HostError};

/// The participants' listener of a running workshop (made by `workshop::listener`): stopping it
/// closes the port and withdraws the local-network announcement.
pub struct Listener {
    pub addr: std::net::SocketAddr,
    pub(crate) shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    pub(crate) task: tokio::task::JoinHandle<()>,
    /// Kept alive as long as the listener (the DNS-SD announcement, withdrawn when dropped).
    pub(crate) _keep_alive: Option<Box<dyn std::any::Any + Send + Sync>>,
}

impl Listener {
    /// Stops accepting and returns once the listening socket is closed, so that a listener bound
    /// next may take the same address and port.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.task.abort();
        if let Err(e) = (&mut self.task).await {
            if e.is_panic() {
                tracing::error!(addr = %self.addr, "the workshop listener had panicked");
            }
        }
    }
}

/// Who is on the other end of a connection or request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Peer {
    /// The facilitator: the launch token, over loopback only.
    Facilitator,
    /// Someone who joined the workshop with the invitation.
    Participant { id: String, token: String },
}

/// What a peer may do in a map's room.
#[derive(Debug)]
pub enum Access {
    Granted(RoomAccess),
    Denied(HostError),
}

/// How long after a lock an editor's update is still kept (it was typed before the lock reached
/// their page: a round trip and a rejoin, well under a second on a room network).
pub const LOCK_GRACE: Duration = Duration::from_secs(3);

pub(crate) struct Active {
    pub workshop: Workshop,
    /// When the facilitator locked the map (none while it is not locked, or locked before this
    /// host started): edits already on their way then are still kept (see [`LOCK_GRACE`]).
    pub locked_at: Option<Instant>,
    pub map_title: String,
    pub participants: HashMap<String, Participant>,
    /// Colours suggested on the join page to people who have not joined yet.
    pub color_offers: crate::state::color_offers::ColorOffers,
    pub listener: Option<Listener>,
    pub listen_error: Option<String>,
}

impl Active {
    fn by_token(&self, token: &str) -> Option<&Participant> {
        self.participants
            .values()
            .find(|p| crate::state::codes::same(&p.token, token))
    }
}

struct Online {
    participant: String,
    handle: ClientHandle,
}

#[derive(Default)]
pub(crate) struct Inner {
    pub active: Option<Active>,
    online: HashMap<ClientId, Online>,
}

impl Inner {
    /// The active workshop's participants with whether each is connected, in joining order.
    pub fn participant_infos(&self) -> Vec<ParticipantInfo> {
        let Some(active) = self.active.as_ref() else {
            return Vec::new();
        };
        let mut out: Vec<ParticipantInfo> = active
            .participants
            .values()
            .map(|p| ParticipantInfo {
                id: p.id.clone(),
                name: p.name.clone(),
                color: p.color.clone(),
                role: p.role,
                revoked: p.revoked,
                online: self.online.values().any(|o| o.participant == p.id),
                joined_at: p.joined_at,
            })
            .collect();
        out.sort_by(|a, b| a.joined_at.cmp(&b.joined_at).then(a.id.cmp(&b.id)));
        out
    }
}

pub struct Hub {
    inner: Mutex<Inner>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Default for Hub {
    fn default() -> Self {
        Hub::new()
    }
}

impl Hub {
    pub fn new() -> Hub {
        Hub {
            inner: Mutex::new(Inner::default()),
        }
    }

    pub(crate) fn inner(&self) -> MutexGuard<'_, Inner> {
        lock(&self.inner)
    }

    /// Makes `workshop` the active one (at start, or when the facilitator starts hosting).
    pub(crate) fn activate(&self, store: &Store, workshop: Workshop) -> Result<(), HostError> {
        let participants = store
            .participants(&workshop.id)?
            .into_iter()
            .map(|p| (p.id.clone(), p))
            .collect();
        let map_title = store
            .map_summary(&workshop.map_id)
            .map(|m| m.title)
            .unwrap_or_default();
        let mut inner = self.inner();
        let listener = inner.active.take().and_then(|a| a.listener);
        inner.active = Some(Active {
            workshop,
            locked_at: None,
            map_title,
            participants,
            color_offers: Default::default(),
            listener,
            listen_error: None,
        });
        Ok(())
    }

    /// The participant a token belongs to, if the token still works.
    pub fn authenticate(&self, token: &str) -> Result<Peer, HostError> {
        let inner = self.inner();
        let active = inner.active.as_ref().ok_or(HostError::WorkshopEnded)?;
        let p = active.by_token(token).ok_or(HostError::Unauthorized)?;
        if p.revoked {
            return Err(HostError::Revoked);
        }
        Ok(Peer::Participant {
            id: p.id.clone(),
            token: p.token.clone(),
        })
    }

    /// What `peer` may do in the room of `map_id` right now.
    pub fn access(&self, peer: &Peer, map_id: &str) -> Access {
        let (id, token) = match peer {
            Peer::Facilitator => {
                return Access::Granted(RoomAccess {
                    role: Role::Facilitator,
                    locked: self
                        .inner()
                        .active
                        .as_ref()
                        .is_some_and(|a| a.workshop.map_id == map_id && a.workshop.locked),
                    can_edit: true,
                    now_ms: 0,
                })
            }
            Peer::Participant { id, token } => (id, token),
        };
        let inner = self.inner();
        let Some(active) = inner.active.as_ref() else {
            return Access::Denied(HostError::WorkshopEnded);
        };
        let Some(p) = active
            .participants
            .get(id)
            .filter(|p| crate::state::codes::same(&p.token, token))
        else {
            return Access::Denied(HostError::WorkshopEnded);
        };
        if p.revoked {
            return Access::Denied(HostError::Revoked);
        }
        if active.workshop.map_id != map_id {
            return Access::Denied(HostError::refused(
                Refusal::OtherMap,
                "this invitation opens another map",
            ));
        }
        let locked = active.workshop.locked;
        Access::Granted(RoomAccess {
            role: p.role,
            locked,
            can_edit: p.role != Role::Viewer && !locked,
            now_ms: 0,
        })
    }

    /// Whether `peer` may write an update to the room of `map_id` now: as [`Hub::access`] says,
    /// and also, for an editor, during the first [`LOCK_GRACE`] of a lock — an edit typed before
    /// the lock reached this person's page may still be on its way, and the lock must not lose
    /// it. The page learns of the lock by rejoining and stops writing itself.
    pub fn may_write(&self, peer: &Peer, map_id: &str) -> bool {
        match self.access(peer, map_id) {
            Access::Granted(a) if a.can_edit => true,
            Access::Granted(a) => {
                a.locked
                    && a.role != Role::Viewer
                    && self
                        .inner()
                        .active
                        .as_ref()
                        .and_then(|active| active.locked_at)
                        .is_some_and(|at| at.elapsed() < LOCK_GRACE)
            }
            Access::Denied(_) => false,
        }
    }

    /// Remembers a participant's connection so that it can be closed or told to rejoin.
    pub fn connected(&self, client: ClientId, peer: &Peer, handle: &ClientHandle) {
        if let Peer::Participant { id, .. } = peer {
            self.inner().online.insert(
                client,
                Online {
                    participant: id.clone(),
                    handle: handle.clone(),
                },
            );
        }
    }

    pub fn disconnected(&self, client: ClientId) {
        self.inner().online.remove(&client);
    }

    /// Whether a connection is on the list of who is online.
    #[cfg(test)]
    pub(crate) fn is_connected(&self, client: ClientId) -> bool {
        self.inner().online.contains_key(&client)
    }

    /// Closes every connection of one participant (`Some`) or of all participants (`None`).
    pub fn disconnect(&self, participant: Option<&str>) {
        let mut inner = self.inner();
        inner.online.retain(|_, o| {
            let hit = participant.is_none_or(|p| p == o.participant);
            if hit {
                o.handle.disconnect();
            }
            !hit
        });
    }

    /// Tells participants' connections why they are being cut off (`reason` is an error code
    /// such as `workshop_ended` or `revoked`, which the UI turns into words), then closes them.
    /// The frame is queued before the close, so the client reads it first.
    pub fn evict(&self, participant: Option<&str>, map_id: &str, reason: &str) {
        if let Ok(frame) = protocol::evicted(map_id, reason) {
            let frames = Arc::new(vec![frame]);
            let inner = self.inner();
            for o in inner.online.values() {
                if participant.is_none_or(|p| p == o.participant) {
                    let _ = o.handle.try_send(Outgoing::Frames(frames.clone()));
                }
            }
        }
        self.disconnect(participant);
    }

    /// Asks participants' connections to rejoin the map, so that they learn their new
    /// permission (after a role change or a lock).
    pub fn ask_to_rejoin(&self, participant: Option<&str>, map_id: &str) {
        let frames = match protocol::rejoin_suggested(map_id, "your permissions changed") {
            Ok(f) => Arc::new(vec![f]),
            Err(e) => {
                tracing::error!(error = %e, "could not encode a rejoin request");
                return;
            }
        };
        let inner = self.inner();
        for o in inner.online.values() {
            if participant.is_none_or(|p| p == o.participant)
                && !o.handle.try_send(Outgoing::Frames(frames.clone()))
            {
                o.handle.disconnect();
            }
        }
    }
}
