//! Bounds on the counts a participant's Loro update announces, checked before loro reads it.
//!
//! loro 1.17 trusts two counts in each change block's header and reserves memory for them before
//! reading what they count: the number of changes in the block, and the sum of the changes'
//! dependency counts. A forged header claiming trillions (found by fuzzing:
//! `fuzz/corpus/protocol/oom-loro-update-header`) makes that reservation fail, and a failed
//! allocation aborts the whole process; `catch_unwind` cannot stop it. One message from a
//! participant would end the facilitator's host for everyone.
//!
//! This walks the same layout with bounded reads — the blob's header, its length-prefixed
//! blocks, each block's leading fields, the first columns of its change header, decoded with
//! loro's own column codec — and refuses an update whose counts no real block reaches.
//!
//! A participant sends updates only. A snapshot's blocks sit in compressed tables this cannot
//! walk, so snapshots are refused; a client whose host has nothing sends all its updates instead.

use serde_columnar::{AnyRleDecoder, BoolRleDecoder};

/// loro starts a new block once a block's estimated size passes 4 KiB, and a change counts for
/// at least 5 bytes of it, so a real block holds well under a thousand changes. The bound leaves
/// a wide margin and keeps what loro reserves for one block to a few MiB.
pub const MAX_CHANGES_PER_BLOCK: u64 = 1 << 16;
/// Each dependency beyond a change's first counts 4 bytes towards the same 4 KiB, so a real
/// block's changes depend on a few thousand operations at most.
pub const MAX_DEPENDENCIES_PER_BLOCK: usize = 1 << 18;

const MAGIC: &[u8; 4] = b"loro";
/// Magic, checksum, then the encoding mode (big-endian `u16`).
const MODE_AT: usize = 4 + 16;
const BODY_AT: usize = MODE_AT + 2;
/// loro's `EncodeMode::FastUpdates`.
const UPDATES_MODE: [u8; 2] = 4u16.to_be_bytes();

/// Why an update's shape is refused, for the participant's acknowledgement.
pub type ShapeError = String;

/// Checks every block of `update`; `Ok` says loro may read it without trusting a forged count.
pub fn check(update: &[u8]) -> Result<(), ShapeError> {
    if update.len() < BODY_AT || &update[..4] != MAGIC {
        return Err("not a Loro update".into());
    }
    if update[MODE_AT..BODY_AT] != UPDATES_MODE {
        return Err("a participant sends updates, not snapshots".into());
    }
    let mut body = &update[BODY_AT..];
    while !body.is_empty() {
        let len = read_length(&mut body, "block length")?;
        if len > body.len() {
            return Err("a change block runs past the end of the update".into());
        }
        let (block, rest) = body.split_at(len);
        check_block(block)?;
        body = rest;
    }
    Ok(())
}

/// A block starts with five varint `u32`s (counter start and length, lamport start and length,
/// the number of changes), then the change header as length-prefixed bytes.
fn check_block(mut block: &[u8]) -> Result<(), ShapeError> {
    for field in [
        "counter start",
        "counter length",
        "lamport start",
        "lamport length",
    ] {
        read_varint(&mut block, field)?;
    }
    let changes = read_varint(&mut block, "change count")?;
    if changes == 0 || changes > MAX_CHANGES_PER_BLOCK {
        return Err(format!("a change block announces {changes} changes"));
    }
    let header_len = read_length(&mut block, "change header length")?;
    let header = block
        .get(..header_len)
        .ok_or("a change header runs past the end of its block")?;
    check_change_header(header, changes as usize)
}

/// The change header: the peer table, the length of every change but the last, whether each
/// change follows its own peer's previous one, then how many other operations each depends on.
fn check_change_header(mut header: &[u8], changes: usize) -> Result<(), ShapeError> {
    let peers = read_length(&mut header, "peer count")?;
    let peer_bytes = peers
        .checked_mul(8)
        .filter(|bytes| peers > 0 && *bytes <= header.len())
        .ok_or("a change block's peer table is invalid")?;
    header = &header[peer_bytes..];
    // One varint per change but the last: the change count cannot exceed the bytes plus one.
    for _ in 1..changes {
        read_varint(&mut header, "change length")?;
    }
    let (_, header) = BoolRleDecoder::new(header)
        .take_n_finalize(changes)
        .map_err(|_| "a change block's dependencies are invalid")?;
    let (dependency_counts, _) = AnyRleDecoder::<usize>::new(header)
        .take_n_finalize(changes)
        .map_err(|_| "a change block's dependencies are invalid")?;
    dependency_counts
        .iter()
        .try_fold(0usize, |sum, count| sum.checked_add(*count))
        .filter(|sum| *sum <= MAX_DEPENDENCIES_PER_BLOCK)
        .map(|_| ())
        .ok_or_else(|| "a change block announces too many dependencies".into())
}

fn read_varint(bytes: &mut &[u8], what: &str) -> Result<u64, ShapeError> {
    leb128::read::unsigned(bytes).map_err(|_| format!("a change block's {what} is unreadable"))
}

fn read_length(bytes: &mut &[u8], what: &str) -> Result<usize, ShapeError> {
    usize::try_from(read_varint(bytes, what)?)
        .map_err(|_| format!("a change block's {what} is too large"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use loro::{ExportMode, LoroDoc};

    /// A document whose changes depend on many concurrent ones: in each round `peers` others
    /// fork it, edit at once, and it merges them all before its own next edits.
    fn doc_with_history(peers: u64, edits: usize) -> LoroDoc {
        let doc = LoroDoc::new();
        doc.set_peer_id(1).unwrap();
        for round in 0..10u64 {
            let base = doc.export(ExportMode::all_updates()).unwrap();
            for peer in 2..=peers {
                let other = LoroDoc::new();
                other.set_peer_id(round * 1_000 + peer).unwrap();
                other.import(&base).unwrap();
                other.get_text("text").insert(0, "旅程").unwrap();
                other.commit();
                doc.import(&other.export(ExportMode::all_updates()).unwrap())
                    .unwrap();
            }
            doc.get_text("text").insert(0, "merge").unwrap();
            doc.commit();
        }
        for i in 0..edits {
            doc.get_text("text")
                .insert(0, if i % 2 == 0 { "a" } else { "痛点" })
                .unwrap();
            doc.commit();
        }
        doc
    }

    #[test]
    fn real_updates_pass() {
        let doc = doc_with_history(30, 2_000);
        check(&doc.export(ExportMode::all_updates()).unwrap()).unwrap();
        let before = doc.oplog_vv();
        doc.get_map("card")
            .insert("text", "客戶旅程 journey")
            .unwrap();
        doc.commit();
        check(&doc.export(ExportMode::updates(&before)).unwrap()).unwrap();
    }

    #[test]
    fn snapshots_and_other_bytes_are_refused() {
        let doc = doc_with_history(2, 3);
        let snapshot = doc.export(ExportMode::Snapshot).unwrap();
        assert!(check(&snapshot).unwrap_err().contains("snapshots"));
        assert!(check(b"not loro at all, but long enough").is_err());
        assert!(check(b"lor").is_err());
    }

    #[test]
    fn a_truncated_update_is_refused() {
        let update = doc_with_history(3, 10)
            .export(ExportMode::all_updates())
            .unwrap();
        for cut in [BODY_AT + 1, update.len() / 2, update.len() - 1] {
            assert!(check(&update[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn a_forged_dependency_count_is_refused_before_loro_reads_it() {
        // Found by the protocol fuzz target, sent in two fragments: one change that claims to
        // depend on ~2^47 operations.
        let update = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fuzz/corpus/update/oom-loro-update-header"
        ))
        .unwrap();
        let err = check(&update).unwrap_err();
        assert!(err.contains("too many dependencies"), "{err}");
    }

    #[test]
    fn a_forged_change_count_is_refused() {
        let mut update = doc_with_history(1, 1)
            .export(ExportMode::all_updates())
            .unwrap();
        // The body's first block: its length, then five varints; the fifth is the change count.
        let mut at = BODY_AT;
        let skip = |update: &[u8], at: &mut usize| {
            let mut rest = &update[*at..];
            let before = rest.len();
            leb128::read::unsigned(&mut rest).unwrap();
            *at += before - rest.len();
        };
        for _ in 0..5 {
            skip(&update, &mut at);
        }
        assert_eq!(update[at], 1, "one change");
        update[at] = 0;
        assert!(check(&update).unwrap_err().contains("0 changes"));
        // A count far past the bytes: a five-byte varint in place of the one-byte count.
        let mut forged = update[..at].to_vec();
        forged.extend([0xff, 0xff, 0xff, 0xff, 0x0f]);
        forged.extend(&update[at + 1..]);
        assert!(check(&forged).is_err());
    }
}
