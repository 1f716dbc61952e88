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
        bytes = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0)
            .to_le_bytes();
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

/// The join answer. `extra` carries the client's [`RoomAccess`](crate::wire::workshop::RoomAccess)
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

/// `loro_protocol::decode`, after checking what it would trust: a `DocUpdate` says how many
/// updates follow and the decoder reserves room for that many before reading one, so twenty
/// bytes claiming billions of updates would make the host allocate until the process aborts.
/// Each update takes at least one byte (its length), so a count above the bytes left is refused.
pub fn decode_checked(buf: &[u8]) -> Result<ProtocolMessage, String> {
    const DOC_UPDATE: u8 = 0x03;
    // The layout before the count: the four-byte CRDT tag, the room id (length, bytes), the type.
    let mut rest = buf.get(4..).unwrap_or_default();
    if let Ok(room_len) = leb128::read::unsigned(&mut rest) {
        let after_room = usize::try_from(room_len).ok().and_then(|l| rest.get(l..));
        if let Some([DOC_UPDATE, after_type @ ..]) = after_room {
            let mut rest = after_type;
            let count = leb128::read::unsigned(&mut rest)
                .map_err(|_| "Invalid DocUpdate: no update count")?;
            let left = rest.len() as u64;
            if count > left {
                return Err(format!(
                    "Invalid DocUpdate: {count} updates announced in {left} bytes"
                ));
            }
        }
    }
    loro_protocol::decode(buf)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::decode_checked;

    #[test]
    fn an_update_count_larger_than_the_message_is_refused_before_anything_is_reserved() {
        // Found by the protocol fuzz target: 19 bytes announcing ~500 billion updates.
        let mut frame = b"%LOR\x02mR\x03".to_vec();
        frame.extend([0xed, 0xcd, 0xf8, 0xf8, 0x75, 1, 2, 3, 4, 5]);
        let err = decode_checked(&frame).unwrap_err();
        assert!(err.contains("updates announced"), "{err}");

        // A real update message still decodes.
        let ok = loro_protocol::encode(&loro_protocol::ProtocolMessage::DocUpdate {
            crdt: loro_protocol::CrdtType::Loro,
            room_id: "room".into(),
            updates: vec![vec![1, 2, 3], vec![4]],
            batch_id: loro_protocol::BatchId([7; 8]),
        })
        .unwrap();
        assert!(decode_checked(&ok).is_ok());
    }
}
