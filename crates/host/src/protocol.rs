//! Encoding the host's `loro-protocol` messages, splitting large updates into fragments.

use loro_protocol::{
    encode, BatchId, CrdtType, JoinErrorCode, Permission, ProtocolMessage, RoomErrorCode,
    UpdateStatusCode,
};

use crate::HostError;

/// Updates larger than this are sent as fragments (the wire limit is 256 KiB per message).
pub const FRAGMENT_LIMIT: usize = 240 * 1024;
/// Largest reassembled update a client may send.
pub const MAX_UPDATE_BYTES: u64 = 16 * 1024 * 1024;
/// Largest WebSocket message the host reads.
pub const MAX_MESSAGE_BYTES: usize = 300 * 1024;

fn enc(msg: &ProtocolMessage) -> Result<Vec<u8>, HostError> {
    encode(msg).map_err(HostError::Internal)
}

pub fn random_batch_id() -> BatchId {
    let mut bytes = [0u8; 8];
    // Batch ids only need to be unlikely to collide; a clock fallback is good enough.
    if getrandom::fill(&mut bytes).is_err() {
        bytes = crate::server::nanos().to_le_bytes();
    }
    BatchId(bytes)
}

/// The frames that carry one update to a client.
pub fn doc_update_frames(room_id: &str, update: Vec<u8>) -> Result<Vec<Vec<u8>>, HostError> {
    let batch_id = random_batch_id();
    if update.len() <= FRAGMENT_LIMIT {
        return Ok(vec![enc(&ProtocolMessage::DocUpdate {
            crdt: CrdtType::Loro,
            room_id: room_id.to_owned(),
            updates: vec![update],
            batch_id,
        })?]);
    }
    let chunks: Vec<&[u8]> = update.chunks(FRAGMENT_LIMIT).collect();
    let mut frames = vec![enc(&ProtocolMessage::DocUpdateFragmentHeader {
        crdt: CrdtType::Loro,
        room_id: room_id.to_owned(),
        batch_id,
        fragment_count: chunks.len() as u64,
        total_size_bytes: update.len() as u64,
    })?];
    for (index, chunk) in chunks.into_iter().enumerate() {
        frames.push(enc(&ProtocolMessage::DocUpdateFragment {
            crdt: CrdtType::Loro,
            room_id: room_id.to_owned(),
            batch_id,
            index: index as u64,
            fragment: chunk.to_vec(),
        })?);
    }
    Ok(frames)
}

/// The join answer. `extra` carries the client's [`RoomAccess`](crate::workshop::wire::RoomAccess)
/// as JSON, so the UI can say why it may only read.
pub fn join_ok(
    crdt: CrdtType,
    room_id: &str,
    version: Vec<u8>,
    can_edit: bool,
    extra: Option<Vec<u8>>,
) -> Result<Vec<u8>, HostError> {
    enc(&ProtocolMessage::JoinResponseOk {
        crdt,
        room_id: room_id.to_owned(),
        permission: if can_edit {
            Permission::Write
        } else {
            Permission::Read
        },
        version,
        extra,
    })
}

/// A presence update (ephemeral store bytes) for the members of a map's presence room.
pub fn presence_frames(room_id: &str, bytes: Vec<u8>) -> Result<Vec<Vec<u8>>, HostError> {
    Ok(vec![enc(&ProtocolMessage::DocUpdate {
        crdt: CrdtType::LoroEphemeralStore,
        room_id: room_id.to_owned(),
        updates: vec![bytes],
        batch_id: random_batch_id(),
    })?])
}

/// Tells a client it was removed from a room and must not rejoin by itself.
pub fn evicted(room_id: &str, message: &str) -> Result<Vec<u8>, HostError> {
    enc(&ProtocolMessage::RoomError {
        crdt: CrdtType::Loro,
        room_id: room_id.to_owned(),
        code: RoomErrorCode::Evicted,
        message: message.to_owned(),
    })
}

pub fn join_error(
    crdt: CrdtType,
    room_id: &str,
    code: JoinErrorCode,
    message: &str,
) -> Result<Vec<u8>, HostError> {
    enc(&ProtocolMessage::JoinError {
        crdt,
        room_id: room_id.to_owned(),
        code,
        message: message.to_owned(),
        receiver_version: None,
        app_code: None,
    })
}

pub fn ack(room_id: &str, ref_id: BatchId, status: UpdateStatusCode) -> Result<Vec<u8>, HostError> {
    enc(&ProtocolMessage::Ack {
        crdt: CrdtType::Loro,
        room_id: room_id.to_owned(),
        ref_id,
        status,
    })
}

pub fn rejoin_suggested(room_id: &str, message: &str) -> Result<Vec<u8>, HostError> {
    enc(&ProtocolMessage::RoomError {
        crdt: CrdtType::Loro,
        room_id: room_id.to_owned(),
        code: RoomErrorCode::RejoinSuggested,
        message: message.to_owned(),
    })
}
