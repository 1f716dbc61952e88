//! Presence (who is here, which card each person edits, their viewport for follow mode) relayed
//! over loro-protocol's ephemeral messages (`%EPH`). The host keeps one Loro `EphemeralStore` per
//! map so a newcomer sees everyone at once, lets a participant write only their own key, and
//! deletes a connection's keys the moment it leaves or drops. Never persisted.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

use loro::awareness::EphemeralStore;
use loro::LoroValue;

use crate::protocol;
use crate::rooms::{ClientHandle, ClientId, Outgoing};

/// How old, by the host's clock, an entry may be stamped and still be kept (the UI's
/// `ENTRY_MAX_AGE_MS`). Loro's store drops what was stamped more than its timeout ago, and a
/// participant whose laptop clock is slow stamps everything in the past: with a timeout of
/// seconds they would be missing from what a newcomer is sent. The host removes a member's
/// entries when its connection ends, and browsers decide who is here by when they last heard
/// from each, so nobody needs the stamps to forget anyone.
pub const ENTRY_MAX_AGE_MS: i64 = 7 * 24 * 3_600_000;
/// One presence message: a name, a colour, a card id and a viewport fit in far less.
pub const MAX_PRESENCE_BYTES: usize = 8 * 1024;

struct Member {
    handle: ClientHandle,
    /// The only key this member may write (a participant's id); `None`: any key (facilitator).
    own_key: Option<String>,
    keys: HashSet<String>,
}

struct PresenceRoom {
    store: EphemeralStore,
    members: HashMap<ClientId, Member>,
}

#[derive(Default)]
pub struct Presence {
    rooms: Mutex<HashMap<String, PresenceRoom>>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum PresenceRefusal {
    TooLarge,
    Unreadable,
    /// Someone tried to write another person's presence.
    NotYours,
    NotJoined,
}

/// `#` and six hex digits, as the join page and the presence state write a colour.
pub fn is_color(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|x| x.is_ascii_hexdigit())
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn send_to_others(room_id: &str, room: &PresenceRoom, from: Option<ClientId>, bytes: Vec<u8>) {
    let frames = match protocol::presence_frames(room_id, bytes) {
        Ok(f) => Arc::new(f),
        Err(e) => {
            tracing::error!(error = %e, "could not encode presence");
            return;
        }
    };
    // A member that cannot take it is disconnected, and stays a member until its connection
    // ends and leaves: only `leave` deletes its presence, so none is left behind for newcomers.
    for (id, m) in &room.members {
        if Some(*id) != from {
            m.handle
                .send_or_disconnect(Outgoing::Frames(frames.clone()));
        }
    }
}

impl Presence {
    /// Adds a member and returns everyone's current presence for it.
    pub fn join(
        &self,
        room_id: &str,
        client: ClientId,
        handle: ClientHandle,
        own_key: Option<String>,
    ) -> Vec<u8> {
        let mut rooms = lock(&self.rooms);
        let room = rooms
            .entry(room_id.to_owned())
            .or_insert_with(|| PresenceRoom {
                store: EphemeralStore::new(ENTRY_MAX_AGE_MS),
                members: HashMap::new(),
            });
        room.store.remove_outdated();
        room.members.insert(
            client,
            Member {
                handle,
                own_key,
                keys: HashSet::new(),
            },
        );
        if room.store.keys().is_empty() {
            Vec::new()
        } else {
            room.store.encode_all()
        }
    }

    /// The colours people on the map `room_id` are shown in now (its presence entries' `color`),
    /// each once: someone joining is offered another.
    pub fn colors(&self, room_id: &str) -> Vec<String> {
        let mut rooms = lock(&self.rooms);
        let Some(room) = rooms.get_mut(room_id) else {
            return Vec::new();
        };
        room.store.remove_outdated();
        let mut colors: Vec<String> = room
            .store
            .get_all_states()
            .values()
            .filter_map(|state| match state {
                LoroValue::Map(fields) => match fields.get("color") {
                    Some(LoroValue::String(c)) if is_color(c) => Some(c.to_lowercase()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        colors.sort();
        colors.dedup();
        colors
    }

    /// Applies a member's presence update and relays it to the others.
    pub fn update(
        &self,
        room_id: &str,
        client: ClientId,
        bytes: Vec<u8>,
    ) -> Result<(), PresenceRefusal> {
        if bytes.len() > MAX_PRESENCE_BYTES {
            return Err(PresenceRefusal::TooLarge);
        }
        // Read the keys in a scratch store first, so a forged key never reaches the room.
        let scratch = EphemeralStore::new(i64::MAX);
        scratch
            .apply(&bytes)
            .map_err(|_| PresenceRefusal::Unreadable)?;
        let keys: Vec<String> = scratch.get_all_states().into_keys().collect();
        let mut rooms = lock(&self.rooms);
        let room = rooms.get_mut(room_id).ok_or(PresenceRefusal::NotJoined)?;
        let member = room
            .members
            .get_mut(&client)
            .ok_or(PresenceRefusal::NotJoined)?;
        if let Some(own) = &member.own_key {
            if keys.iter().any(|k| k != own) {
                return Err(PresenceRefusal::NotYours);
            }
        }
        member.keys.extend(keys);
        room.store
            .apply(&bytes)
            .map_err(|_| PresenceRefusal::Unreadable)?;
        send_to_others(room_id, room, Some(client), bytes);
        Ok(())
    }

    /// Removes a member and tells the others that its presence is gone.
    pub fn leave(&self, room_id: &str, client: ClientId) {
        let mut rooms = lock(&self.rooms);
        let Some(room) = rooms.get_mut(room_id) else {
            return;
        };
        let Some(member) = room.members.remove(&client) else {
            return;
        };
        // A key still written by another connection of the same person stays.
        let still_used: HashSet<&String> = room.members.values().flat_map(|m| &m.keys).collect();
        let gone: Vec<String> = member
            .keys
            .iter()
            .filter(|k| !still_used.contains(k))
            .cloned()
            .collect();
        for key in gone {
            room.store.delete(&key);
            let bytes = room.store.encode(&key);
            send_to_others(room_id, room, None, bytes);
        }
        if room.members.is_empty() {
            rooms.remove(room_id);
        }
    }
}

/// A presence entry `key` → `name`, encoded as a tab sends it (for tests here and of connections).
#[cfg(test)]
pub(crate) fn presence_of(key: &str, name: &str) -> Vec<u8> {
    let s = EphemeralStore::new(ENTRY_MAX_AGE_MS);
    s.set(key, name);
    s.encode(key)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use tokio::sync::mpsc;

    fn member() -> (ClientHandle, mpsc::Receiver<Outgoing>) {
        let (tx, rx) = mpsc::channel(16);
        (ClientHandle::new(tx), rx)
    }

    /// Where an encoded single entry's stamp starts: right after its value `value` (postcard puts
    /// the stamp, a zigzag varint, last).
    fn stamp_at(bytes: &[u8], value: &[u8]) -> usize {
        bytes
            .windows(value.len())
            .rposition(|w| w == value)
            .map(|i| i + value.len())
            .unwrap()
    }

    fn stamp_of(bytes: &[u8], value: &[u8]) -> i64 {
        let (mut n, mut shift) = (0u64, 0);
        for b in &bytes[stamp_at(bytes, value)..] {
            n |= u64::from(b & 0x7f) << shift;
            shift += 7;
        }
        ((n >> 1) as i64) ^ -((n & 1) as i64)
    }

    fn restamped(bytes: &[u8], value: &[u8], stamp: i64) -> Vec<u8> {
        let mut out = bytes[..stamp_at(bytes, value)].to_vec();
        let mut n = ((stamp << 1) ^ (stamp >> 63)) as u64;
        while n >= 0x80 {
            out.push((n as u8) | 0x80);
            n >>= 7;
        }
        out.push(n as u8);
        out
    }

    #[test]
    fn relays_presence_and_deletes_it_when_a_member_leaves() {
        let p = Presence::default();
        let (a, _ra) = member();
        let (b, mut rb) = member();
        assert!(p.join("m", 1, a, Some("alice-id".into())).is_empty());
        assert!(p.join("m", 2, b, Some("bob-id".into())).is_empty());
        assert_eq!(p.update("m", 1, presence_of("alice-id", "Alice")), Ok(()));
        assert!(rb.try_recv().is_ok(), "bob hears alice");
        let (c, _rc) = member();
        let all = p.join("m", 3, c, None);
        let seen = EphemeralStore::new(ENTRY_MAX_AGE_MS);
        assert!(seen.apply(&all).is_ok());
        assert_eq!(seen.keys(), vec!["alice-id".to_owned()]);

        p.leave("m", 1);
        let Ok(Outgoing::Frames(frames)) = rb.try_recv() else {
            panic!("bob is told that alice left");
        };
        assert_eq!(frames.len(), 1);
    }

    #[test]
    fn a_member_whose_clock_is_slow_is_in_what_a_newcomer_is_sent() {
        let p = Presence::default();
        let (a, _ra) = member();
        assert!(p.join("m", 1, a, Some("slow-id".into())).is_empty());
        // Stamped a minute in the past, as a laptop whose clock is a minute slow does.
        let slow = EphemeralStore::new(ENTRY_MAX_AGE_MS);
        slow.set("slow-id", "Slow");
        let bytes = slow.encode("slow-id");
        let now = stamp_of(&bytes, b"Slow");
        let bytes = restamped(&bytes, b"Slow", now - 60_000);
        assert_eq!(stamp_of(&bytes, b"Slow"), now - 60_000);
        assert_eq!(p.update("m", 1, bytes), Ok(()));
        let (b, _rb) = member();
        let all = p.join("m", 2, b, None);
        let seen = EphemeralStore::new(ENTRY_MAX_AGE_MS);
        assert!(seen.apply(&all).is_ok());
        assert_eq!(seen.keys(), vec!["slow-id".to_owned()]);
    }

    #[test]
    fn tells_the_colours_worn_on_a_map_each_once_and_forgets_who_left_even_unreachable() {
        let p = Presence::default();
        let wearing = |key: &str, color: &str| {
            let s = EphemeralStore::new(ENTRY_MAX_AGE_MS);
            s.set(
                key,
                LoroValue::Map(vec![("color".to_owned(), color.into())].into()),
            );
            s.encode(key)
        };
        for (client, key, color) in [
            (1, "ana-id", "#7B5EA7"),
            (2, "ben-id", "#7b5ea7"),
            (3, "cy-id", "#2e7d32"),
            (4, "odd-id", "purple"),
        ] {
            // Each receiver is dropped at once: these connections take nothing more (a page that
            // reloaded), so relaying to them fails; they still leave with their presence.
            let (m, _rx) = member();
            p.join("m", client, m, Some(key.into()));
            assert_eq!(p.update("m", client, wearing(key, color)), Ok(()));
        }
        assert_eq!(
            p.colors("m"),
            vec!["#2e7d32".to_owned(), "#7b5ea7".to_owned()]
        );
        assert!(p.colors("another map").is_empty());
        // Entries are last-write-wins by millisecond: a person leaves a little after they came.
        std::thread::sleep(std::time::Duration::from_millis(5));
        p.leave("m", 3);
        assert_eq!(p.colors("m"), vec!["#7b5ea7".to_owned()]);
    }

    #[test]
    fn a_participant_cannot_write_someone_elses_presence() {
        let p = Presence::default();
        let (a, _ra) = member();
        p.join("m", 1, a, Some("alice-id".into()));
        assert_eq!(
            p.update("m", 1, presence_of("bob-id", "not Bob")),
            Err(PresenceRefusal::NotYours)
        );
        assert_eq!(
            p.update("m", 1, vec![0xff; 10]),
            Err(PresenceRefusal::Unreadable)
        );
        assert_eq!(
            p.update("m", 1, vec![0; MAX_PRESENCE_BYTES + 1]),
            Err(PresenceRefusal::TooLarge)
        );
    }
}
