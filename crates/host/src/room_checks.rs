//! The checks an incoming update passes before the host's replica of a map takes it: it must
//! be a Loro update whose history the host has, and it must keep the stored document under its
//! size limit. Both run without importing anything.

use std::panic::{catch_unwind, AssertUnwindSafe};

use loro::{LoroDoc, VersionVector};
use wayline_model::schema::MAX_DOCUMENT_BYTES;

/// Why an update was refused; the connection turns it into an `Ack` status.
#[derive(Debug)]
pub enum Refusal {
    /// Not a Loro update, or one the model refuses (e.g. a newer schema).
    Invalid(String),
    /// The update needs history the host does not have: the client should rejoin.
    MissingHistory,
    /// It could not be stored; nothing was acknowledged.
    Storage(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Invalid(why) | Refusal::Storage(why) => f.write_str(why),
            Refusal::MissingHistory => f.write_str("the change builds on history the host lacks"),
        }
    }
}

/// Refuses, without importing, updates that are not Loro updates or that need history the host
/// lacks (checked from each blob's metadata; later updates of a batch may build on earlier ones).
pub(crate) fn precheck(known: &VersionVector, updates: &[Vec<u8>]) -> Option<Refusal> {
    let mut known = known.clone();
    for update in updates {
        if !is_updates_blob(update) {
            return Some(Refusal::Invalid(
                "a participant sends updates, not snapshots".into(),
            ));
        }
        // Reading a malformed blob's header can panic inside loro (found by fuzzing): a
        // refusal, never a dead connection task holding the room's lock.
        let meta = catch_unwind(AssertUnwindSafe(|| {
            LoroDoc::decode_import_blob_meta(update, false)
        }));
        let Ok(Ok(meta)) = meta else {
            return Some(Refusal::Invalid("not a Loro update".into()));
        };
        let starts_after = meta
            .partial_start_vv
            .iter()
            .any(|(peer, counter)| known.get(peer).copied().unwrap_or(0) < *counter);
        let needs = meta.start_frontiers.iter().any(|id| !known.includes_id(id));
        if starts_after || needs {
            return Some(Refusal::MissingHistory);
        }
        known.merge(&meta.partial_end_vv);
    }
    None
}

/// A participant sends updates only, never a snapshot: a snapshot brings a whole store of
/// compressed tables for loro to read, and a client whose host has nothing sends all its updates
/// instead. Read from the blob's header: magic, checksum, then the encoding mode (big-endian).
fn is_updates_blob(blob: &[u8]) -> bool {
    const MAGIC: &[u8] = b"loro";
    /// loro's `EncodeMode::FastUpdates`.
    const UPDATES: [u8; 2] = 4u16.to_be_bytes();
    blob.starts_with(MAGIC) && blob.get(20..22) == Some(&UPDATES[..])
}

/// Refuses updates that would take the stored document (`stored` bytes now) past its limit.
pub(crate) fn within_document_limit(stored: usize, incoming: usize) -> Result<(), Refusal> {
    if stored.saturating_add(incoming) > MAX_DOCUMENT_BYTES {
        return Err(Refusal::Invalid(format!(
            "the map has reached its size limit of {} MB",
            MAX_DOCUMENT_BYTES / (1024 * 1024)
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_may_grow_up_to_its_limit_and_not_past_it() {
        assert!(within_document_limit(0, MAX_DOCUMENT_BYTES).is_ok());
        assert!(within_document_limit(MAX_DOCUMENT_BYTES - 10, 10).is_ok());
        match within_document_limit(MAX_DOCUMENT_BYTES - 10, 11) {
            Err(Refusal::Invalid(why)) => assert!(why.contains("64 MB"), "{why}"),
            other => panic!("{other:?}"),
        }
        assert!(within_document_limit(usize::MAX, 1).is_err());
    }

    #[test]
    fn only_updates_pass_as_updates() {
        let doc = loro::LoroDoc::new();
        doc.get_text("t").insert(0, "客户旅程").unwrap();
        doc.commit();
        assert!(is_updates_blob(
            &doc.export(loro::ExportMode::all_updates()).unwrap()
        ));
        assert!(!is_updates_blob(
            &doc.export(loro::ExportMode::Snapshot).unwrap()
        ));
        assert!(!is_updates_blob(b"loro"));
        assert!(!is_updates_blob(b""));
        let refusal = precheck(
            &VersionVector::default(),
            &[doc.export(loro::ExportMode::Snapshot).unwrap()],
        );
        assert!(matches!(refusal, Some(Refusal::Invalid(why)) if why.contains("snapshots")));
    }

    #[test]
    fn bytes_that_are_no_update_are_refused_before_import() {
        let refusal = precheck(&VersionVector::default(), &[b"not loro".to_vec()]);
        assert!(matches!(refusal, Some(Refusal::Invalid(_))));
    }
}
