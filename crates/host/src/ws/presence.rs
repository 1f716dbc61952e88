//! The presence side of a connection: joining a map's presence room and relaying the person's
//! presence updates (`%EPH` messages); the rules live in `crate::presence`.

use std::sync::Arc;

use loro_protocol::{CrdtType, JoinErrorCode};

use super::Connection;
use crate::presence::PresenceRefusal;
use crate::protocol;
use crate::rooms::Outgoing;
use crate::state::{Access, Peer};

impl Connection {
    pub(super) fn join_presence(&mut self, room_id: String) -> bool {
        if self.too_many_rooms(&self.presence, &room_id) {
            return true;
        }
        let access = match self.state.workshop.access(&self.peer, &room_id) {
            Access::Granted(a) => a,
            // The code alone, as an eviction says it (hub.rs): the page has words for each.
            Access::Denied(reason) => {
                let reply = protocol::join_error(
                    CrdtType::LoroEphemeralStore,
                    &room_id,
                    JoinErrorCode::AuthFailed,
                    reason.code(),
                );
                return self.send_frame(reply);
            }
        };
        let own_key = match &self.peer {
            Peer::Facilitator => None,
            Peer::Participant { id, .. } => Some(id.clone()),
        };
        let current = self
            .state
            .presence
            .join(&room_id, self.id, self.handle.clone(), own_key);
        self.presence.insert(room_id.clone());
        let ok = protocol::join_ok(
            CrdtType::LoroEphemeralStore,
            &room_id,
            Vec::new(),
            access.can_edit,
            None,
        );
        if !self.send_frame(ok) {
            return false;
        }
        if current.is_empty() {
            return true;
        }
        match protocol::presence_frames(&room_id, current) {
            Ok(frames) => self.reply(Outgoing::Frames(Arc::new(frames))),
            Err(_) => true,
        }
    }

    pub(super) fn presence_update(&mut self, room_id: String, updates: Vec<Vec<u8>>) -> bool {
        if !self.presence.contains(&room_id) {
            return self.refused();
        }
        for update in updates {
            match self.state.presence.update(&room_id, self.id, update) {
                Ok(()) => {}
                Err(PresenceRefusal::NotJoined) => return self.refused(),
                Err(reason) => {
                    tracing::warn!(client = self.id, ?reason, "refused a presence update");
                    return self.refused();
                }
            }
        }
        true
    }
}
